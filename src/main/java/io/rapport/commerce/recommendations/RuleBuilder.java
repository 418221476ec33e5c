package io.rapport.commerce.recommendations;

import io.rapport.commerce.recommendations.AssociationRules.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the rules over all orders into the staging table, then swaps it in. Uses its own connection (not Spring's
 * transaction) so progress written through JdbcClient commits at once while the build's transaction is still open.
 */
@Component
class RuleBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBuilder.class);

    private final DataSource dataSource;
    private final RecommendationSettings settings;

    RuleBuilder(DataSource dataSource, RecommendationSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    Outcome rebuild(IntConsumer progress) {
        return rebuild(settings.thresholds(), progress);
    }

    /** With other thresholds than the configured ones (tests: a tiny data set among other tests' orders). */
    Outcome rebuild(AssociationRules.Thresholds thresholds, IntConsumer progress) {
        long start = System.nanoTime();
        Outcome outcome = stage(thresholds, progress);
        swap();
        LOG.info("Recommendation rules built: {} baskets, min count {}, {} rules in {} ms", outcome.baskets(),
                outcome.minCount(), outcome.rules(), (System.nanoTime() - start) / 1_000_000);
        return outcome;
    }

    /** Fills the staging table (committed); readers still see the current rules. */
    Outcome stage(AssociationRules.Thresholds thresholds, IntConsumer progress) {
        return inTransaction(c -> {
            AssociationRules.dropStaging(c);
            return AssociationRules.compute(c, settings.basket().source(), thresholds, AssociationRules.STAGING,
                    false, progress);
        });
    }

    /** Puts the staged rules in place of the current ones in one short transaction. */
    void swap() {
        inTransaction(c -> {
            AssociationRules.swap(c);
            return null;
        });
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Building recommendation rules failed: " + e.getMessage(), e);
        }
    }
}
