package io.rapport.analytics.rfm;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.analytics.jobs.Snapshots;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The RFM snapshot: {@link Rfm#SCORES} written to {@code rfm_scores} (only the rows that changed), and the R × FM grid
 * with each cell's count, revenue, orders and summed last-order epochs in {@code rfm_grid}. Quintile boundaries move
 * with every customer, so the scores are recomputed as a whole, not per order; what changes per order is counted by
 * the V37 triggers on {@code contact_order_stats}.
 */
@Component
class RfmSnapshot implements Snapshots.Source {

    static final String NAME = "RFM";

    private final JdbcClient jdbc;
    private final Snapshots.Spec spec;

    RfmSnapshot(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.spec = new Snapshots.Spec(NAME, "analytics_rfm_changes", "contact_order_stats", AnalyticsJobs.Kind.RFM_REFRESH, this::refresh);
    }

    @Override
    public Snapshots.Spec spec() {
        return spec;
    }

    long refresh(AnalyticsJobs.Progress progress) {
        progress.step("scoring customers", 0, 3L);
        jdbc.sql("""
                insert into rfm_scores (contact_id, last_order_at, orders, revenue, r, f, m, fm, segment)
                select contact_id, last_order_at, orders, revenue, r, f, m, fm, segment from (%s) x
                on conflict (contact_id) do update
                   set last_order_at = excluded.last_order_at, orders = excluded.orders, revenue = excluded.revenue,
                       r = excluded.r, f = excluded.f, m = excluded.m, fm = excluded.fm, segment = excluded.segment
                 where (rfm_scores.last_order_at, rfm_scores.orders, rfm_scores.revenue, rfm_scores.r, rfm_scores.f, rfm_scores.m,
                        rfm_scores.fm, rfm_scores.segment)
                       is distinct from (excluded.last_order_at, excluded.orders, excluded.revenue, excluded.r, excluded.f, excluded.m,
                        excluded.fm, excluded.segment)""".formatted(Rfm.SCORES)).update();
        progress.step("removing former customers", 1, 3L);
        jdbc.sql("delete from rfm_scores s where not exists (select 1 from contact_order_stats c where c.contact_id = s.contact_id)").update();
        progress.step("summing the grid", 2, 3L);
        jdbc.sql("delete from rfm_grid").update();
        jdbc.sql("""
                insert into rfm_grid (r, fm, segment, customers, revenue, orders, last_order_epoch)
                select s.r, s.fm, s.segment, count(*), sum(s.revenue), sum(s.orders), sum(extract(epoch from s.last_order_at))
                  from rfm_scores s join contacts c on c.id = s.contact_id group by 1, 2, 3""").update();
        progress.step("done", 3, 3L);
        return jdbc.sql("select coalesce(sum(customers), 0) from rfm_grid").query(Long.class).single();
    }
}
