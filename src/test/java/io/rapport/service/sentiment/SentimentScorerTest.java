package io.rapport.service.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentimentScorerTest {

    final SentimentScorer scorer = SentimentScorer.standard();

    @Test
    void clearlyPositiveIsPositive() {
        assertThat(scorer.score("Thanks so much, the support was excellent and very helpful!")).isGreaterThan(0.5);
    }

    @Test
    void clearlyNegativeIsNegative() {
        assertThat(scorer.score("This is terrible. The app is broken and your service is useless.")).isLessThan(-0.5);
    }

    @Test
    void neutralTextIsZero() {
        assertThat(scorer.score("I would like to change the delivery address on order 1042 to Main Street 5.")).isEqualTo(0.0);
        assertThat(scorer.score("")).isEqualTo(0.0);
        assertThat(scorer.score(null)).isEqualTo(0.0);
    }

    @Test
    void negationFlipsTheWord() {
        assertThat(scorer.score("good")).isPositive();
        assertThat(scorer.score("not good")).isNegative();
        assertThat(scorer.score("I don't hate it")).isPositive();
        assertThat(scorer.score("This is not bad at all")).isPositive();
    }

    @Test
    void intensifiersCapsAndExclamationsStrengthen() {
        double plain = scorer.score("the update is bad");
        assertThat(scorer.score("the update is very bad")).isLessThan(plain);
        assertThat(scorer.score("the update is BAD")).isLessThan(plain);
        assertThat(scorer.score("the update is bad!!!")).isLessThan(plain);
        assertThat(scorer.score("the update is slightly bad")).isGreaterThan(plain);
    }

    @Test
    void scoresStayWithinMinusOneAndOne() {
        String rant = "TERRIBLE AWFUL HORRIBLE USELESS SCAM FRAUD DISGUSTING!!!!! ".repeat(20);
        assertThat(scorer.score(rant)).isBetween(-1.0, -0.99);
        assertThat(scorer.score("amazing wonderful fantastic ".repeat(20))).isBetween(0.99, 1.0);
    }
}
