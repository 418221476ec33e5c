package io.rapport.commerce.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.commerce.recommendations.AssociationRules.Outcome;
import io.rapport.commerce.recommendations.AssociationRules.Thresholds;
import io.rapport.support.IntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The rule maths on a hand-made basket set, through the product's SQL (into a temporary table, nothing swapped). */
@IntegrationTest
class AssociationRulesTest {

    @Autowired
    DataSource dataSource;

    /**
     * Baskets: {1,2,3} {1,1,2} {1,3} {2,3} {1,2,4} {5} and one of 4 products {1,2,3,4} over the cap of 3.
     * N = 6; n(1) = 4, n(2) = 4, n(3) = 3, n(4) = 1 (below min count 2, pruned); n(12) = 3, n(13) = 2, n(23) = 2.
     */
    static final String BASKETS = """
            select * from (values (1,1),(1,2),(1,3), (2,1),(2,1),(2,2), (3,1),(3,3), (4,2),(4,3), (5,1),(5,2),(5,4),
                                  (6,5), (7,1),(7,2),(7,3),(7,4)) b(basket, product_id)""";

    record Rule(int pairCount, int antecedentCount, int consequentCount, double support, double confidence, double lift, double score) {}

    @Test
    void supportConfidenceAndLiftOfEveryPair() throws Exception {
        Map<String, Rule> rules = compute(new Thresholds(0, 2, 0, 0, 3, 10), 6, 2);
        assertThat(rules.keySet()).containsExactlyInAnyOrder("1>2", "2>1", "1>3", "3>1", "2>3", "3>2");
        Rule r12 = rules.get("1>2");
        assertThat(r12.pairCount()).isEqualTo(3);
        assertThat(r12.antecedentCount()).isEqualTo(4);
        assertThat(r12.consequentCount()).isEqualTo(4);
        assertThat(r12.support()).isCloseTo(3.0 / 6, within(1e-12));
        assertThat(r12.confidence()).isCloseTo(0.75, within(1e-12));
        assertThat(r12.lift()).isCloseTo(0.75 / (4.0 / 6), within(1e-12));  // 1.125
        assertThat(r12.score()).isCloseTo(0.75 * 1.125, within(1e-12));
        Rule r31 = rules.get("3>1");
        assertThat(r31.support()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(r31.confidence()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r31.lift()).isCloseTo(1.0, within(1e-12));
        Rule r13 = rules.get("1>3");
        assertThat(r13.confidence()).isCloseTo(0.5, within(1e-12));
        assertThat(r13.lift()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void thresholdsDropWeakRulesAndMinSupportRaisesTheCount() throws Exception {
        // confidence ≥ 0.6 keeps 1↔2 (0.75) and 3→1, 3→2 (0.67); 1→3 and 2→3 (0.5) go
        assertThat(compute(new Thresholds(0, 2, 0.6, 0, 3, 10), 6, 2).keySet())
                .containsExactlyInAnyOrder("1>2", "2>1", "3>1", "3>2");
        // lift above 1 keeps only the pair bought together more often than by chance
        assertThat(compute(new Thresholds(0, 2, 0, 1.01, 3, 10), 6, 2).keySet()).containsExactlyInAnyOrder("1>2", "2>1");
        // support ≥ 0.5 of 6 baskets means at least 3 baskets: only 1↔2
        assertThat(compute(new Thresholds(0.5, 1, 0, 0, 3, 10), 6, 3).keySet()).containsExactlyInAnyOrder("1>2", "2>1");
        // one rule per antecedent: the best by lift × confidence
        assertThat(compute(new Thresholds(0, 2, 0, 0, 3, 1), 6, 2).keySet()).containsExactlyInAnyOrder("1>2", "2>1", "3>1");
    }

    @Test
    void theCapDropsLargeBasketsFromEveryCount() throws Exception {
        // with a cap of 4 the basket {1,2,3,4} counts: N = 7, n(12) = 4
        Map<String, Rule> rules = compute(new Thresholds(0, 2, 0, 0, 4, 10), 7, 2);
        assertThat(rules.get("1>2").pairCount()).isEqualTo(4);
        assertThat(rules.get("1>2").support()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(rules).containsKey("1>4");  // n(4) = 2 now, n(14) = 2
    }

    private Map<String, Rule> compute(Thresholds t, long expectedBaskets, long expectedMinCount) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Outcome outcome = AssociationRules.compute(c, BASKETS, t, "rec_test_rules", true, step -> {});
                assertThat(outcome.baskets()).isEqualTo(expectedBaskets);
                assertThat(outcome.minCount()).isEqualTo(expectedMinCount);
                Map<String, Rule> rules = new LinkedHashMap<>();
                try (ResultSet rs = c.createStatement().executeQuery("select * from rec_test_rules")) {
                    while (rs.next()) {
                        rules.put(rs.getLong("antecedent_id") + ">" + rs.getLong("consequent_id"), new Rule(rs.getInt("pair_count"),
                                rs.getInt("antecedent_count"), rs.getInt("consequent_count"), rs.getDouble("support"),
                                rs.getDouble("confidence"), rs.getDouble("lift"), rs.getDouble("score")));
                    }
                }
                assertThat(outcome.rules()).isEqualTo(rules.size());
                return rules;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
