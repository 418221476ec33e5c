package io.rapport.analytics.demo;

import io.rapport.analytics.churn.ChurnRisk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * After the demo orders (commerce, order 30) and tickets (service, 60–70): two contacts explicitly marked churned and a
 * first churn-risk model trained and scored, so the churn, at-risk and contact pages show something on first start.
 * The cohort and RFM pages need nothing: they read the order rollups the triggers keep. Does nothing when a model exists.
 */
@Component
@Order(90)
class DemoRetentionSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRetentionSeeder.class);

    private final JdbcClient jdbc;
    private final ChurnRisk risk;
    private final boolean demo;

    DemoRetentionSeeder(JdbcClient jdbc, ChurnRisk risk, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.risk = risk;
        this.demo = demo;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo || !jdbc.sql("select exists (select 1 from orders) and not exists (select 1 from churn_risk_models)")
                .query(Boolean.class).single()) {
            return;
        }
        int events = jdbc.sql("""
                insert into churn_events (contact_id, churned_on, reason)
                select contact_id, (last_order_at + interval '45 days')::date,
                       (array['Moved to a competitor on price', 'Closed the business'])[row_number() over (order by contact_id)]
                  from contact_order_stats where last_order_at < now() - interval '200 days'
                 order by contact_id limit 2
                on conflict do nothing""").update();
        ChurnRisk.Model model = risk.train(null);
        log.info("Seeded demo churn: {} churn events, churn-risk model {} ({}, hold-out AUC {})", events, model.id(), model.status(), model.auc());
    }
}
