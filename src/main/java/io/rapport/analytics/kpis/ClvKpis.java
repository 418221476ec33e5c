package io.rapport.analytics.kpis;

import java.sql.Timestamp;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Predicted CLV from {@code customer_values} (written by the CLV scoring): a snapshot as of the latest scoring,
 * so it has no previous period and no trend.
 */
@Configuration
class ClvKpis {

    @Bean
    Kpi averageClvKpi(JdbcClient jdbc) {
        return new Snapshot(jdbc, "clv-average", "Predicted CLV (average)", "avg", 70);
    }

    @Bean
    Kpi totalClvKpi(JdbcClient jdbc) {
        return new Snapshot(jdbc, "clv-total", "Predicted CLV (all customers)", "sum", 80);
    }

    static final class Snapshot implements Kpi {
        private final JdbcClient jdbc;
        private final String key;
        private final String label;
        private final String aggregate;
        private final int order;

        Snapshot(JdbcClient jdbc, String key, String label, String aggregate, int order) {
            this.jdbc = jdbc;
            this.key = key;
            this.label = label;
            this.aggregate = aggregate;
            this.order = order;
        }

        @Override public String key() { return key; }
        @Override public String label() { return label; }
        @Override public Unit unit() { return Unit.MONEY; }
        @Override public boolean higherIsBetter() { return true; }
        @Override public Set<Segment.Type> segments() { return Segment.ALL; }
        @Override public int order() { return order; }

        @Override
        public String freshness(Segment segment) {
            Timestamp at = jdbc.sql("select max(scored_at) from customer_values where predicted_clv is not null")
                    .query(Timestamp.class).optional().orElse(null);
            return at == null ? "No CLV scored yet: the figure appears after the first CLV model fit and scoring."
                    : "Snapshot as of the latest CLV scoring (" + at.toInstant().toString().substring(0, 16).replace('T', ' ')
                    + " UTC); not tied to the period, so no change or trend.";
        }

        @Override
        public Figures compute(Query q) {
            String where = "predicted_clv is not null" + (q.segment() == null ? "" : " and " + q.segment().sql("v.contact_id", null));
            JdbcClient.StatementSpec spec = jdbc.sql("select " + aggregate + "(predicted_clv) from customer_values v where " + where);
            if (q.segment() != null) spec = spec.param("segment", q.segment().value());
            java.math.BigDecimal v = spec.query(java.math.BigDecimal.class).optional().orElse(null);
            return new Figures(v == null ? null : v.doubleValue(), null, java.util.List.of());
        }
    }
}
