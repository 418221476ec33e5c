package io.rapport.commerce.recommendations;

import io.rapport.commerce.recommendations.AssociationRules.Basket;
import io.rapport.commerce.recommendations.AssociationRules.Thresholds;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The rule builder's settings (application.properties, rapport.recommendations.*; the defaults are justified in docs/PERFORMANCE.md). */
@Component
public class RecommendationSettings {

    private final Basket basket;
    private final Thresholds thresholds;
    private final String schedule;

    RecommendationSettings(@Value("${rapport.recommendations.basket:CUSTOMER}") Basket basket,
                           @Value("${rapport.recommendations.min-support:0.02}") double minSupport,
                           @Value("${rapport.recommendations.min-pair-count:3}") int minPairCount,
                           @Value("${rapport.recommendations.min-confidence:0.05}") double minConfidence,
                           @Value("${rapport.recommendations.min-lift:1.0}") double minLift,
                           @Value("${rapport.recommendations.max-basket-products:200}") int maxBasketProducts,
                           @Value("${rapport.recommendations.rules-per-product:50}") int rulesPerProduct,
                           @Value("${rapport.recommendations.schedule:DAILY|02:30}") String schedule) {
        if (minSupport < 0 || minSupport > 1) throw new IllegalArgumentException("rapport.recommendations.min-support must be between 0 and 1");
        if (minConfidence < 0 || minConfidence > 1) throw new IllegalArgumentException("rapport.recommendations.min-confidence must be between 0 and 1");
        if (minPairCount < 1) throw new IllegalArgumentException("rapport.recommendations.min-pair-count must be at least 1");
        if (maxBasketProducts < 2) throw new IllegalArgumentException("rapport.recommendations.max-basket-products must be at least 2");
        if (rulesPerProduct < 1) throw new IllegalArgumentException("rapport.recommendations.rules-per-product must be at least 1");
        this.basket = basket;
        this.thresholds = new Thresholds(minSupport, minPairCount, minConfidence, minLift, maxBasketProducts, rulesPerProduct);
        this.schedule = schedule;
    }

    public Basket basket() {
        return basket;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    String schedule() {
        return schedule;
    }
}
