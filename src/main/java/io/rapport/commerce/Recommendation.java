package io.rapport.commerce;

/**
 * A product to offer a customer, and why. Cross-sells carry the rule they come from (support, confidence, lift of
 * "basedOn → this product"); upsells carry it too when such a rule exists, else those three are null.
 */
public record Recommendation(long productId, String sku, String name, Kind kind, String reason, long basedOnProductId,
                             String basedOnName, Double support, Double confidence, Double lift) {

    public enum Kind {
        /** A complementary product, from co-purchase rules. */
        CROSS_SELL,
        /** A higher tier of a product family the customer already buys. */
        UPSELL
    }
}
