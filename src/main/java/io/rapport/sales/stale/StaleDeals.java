package io.rapport.sales.stale;

import io.rapport.activities.FollowUpTasks;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stale-deal rule: an open deal with no activity for N days (the pipeline's own staleDays, else the global one) gets
 * one follow-up task for its owner. "Activity" is the latest of: the deal's creation, its last stage move and any
 * timeline entry on its account or contacts. The quiet spell is remembered by that instant, so later runs create no
 * duplicate; after new activity and another quiet spell, the owner gets a new task.
 */
@Service
public class StaleDeals {

    private static final Logger log = LoggerFactory.getLogger(StaleDeals.class);
    static final int BATCH = 200;

    record StaleDeal(long id, String name, long ownerId, Long accountId, Long contactId, Instant quietSince, int days) {}

    private final JdbcClient jdbc;
    private final FollowUpTasks tasks;
    private final TransactionTemplate tx;

    StaleDeals(JdbcClient jdbc, FollowUpTasks tasks, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.tx = tx;
    }

    /** Creates the missing tasks; returns how many. */
    public int run() {
        int created = 0;
        List<StaleDeal> batch;
        do {
            batch = findBatch();
            for (StaleDeal deal : batch) {
                if (Boolean.TRUE.equals(tx.execute(status -> createTask(deal)))) created++;
            }
        } while (batch.size() == BATCH);
        if (created > 0) log.info("Stale-deal rule: {} follow-up tasks created", created);
        return created;
    }

    private List<StaleDeal> findBatch() {
        return jdbc.sql("""
                        with rule as (
                          select p.id as pipeline_id, coalesce(p.stale_days, (select stale_days from sales_settings where id = 1)) as days
                            from pipelines p where not p.archived)
                        select d.id, d.name, d.owner_id, d.account_id, r.days, q.quiet_since,
                               (select dc.contact_id from deal_contacts dc where dc.deal_id = d.id order by dc.id limit 1) as contact_id
                          from deals d
                          join rule r on r.pipeline_id = d.pipeline_id and r.days is not null
                          join users u on u.id = d.owner_id and u.active
                          cross join lateral (select greatest(d.created_at, d.stage_entered_at, d.last_activity_at,
                              (select max(a.occurred_at) from activities a where a.account_id = d.account_id and a.occurred_at <= now()),
                              (select max(a.occurred_at) from deal_contacts dc join activities a on a.contact_id = dc.contact_id
                                where dc.deal_id = d.id and a.occurred_at <= now())) as quiet_since) q
                         where d.status = 'OPEN' and q.quiet_since < now() - make_interval(days => r.days)
                           and not exists (select 1 from deal_stale_tasks t where t.deal_id = d.id and t.quiet_since = q.quiet_since)
                         order by d.id limit :batch""")
                .param("batch", BATCH)
                .query((rs, n) -> new StaleDeal(rs.getLong("id"), rs.getString("name"), rs.getLong("owner_id"),
                        (Long) rs.getObject("account_id"), (Long) rs.getObject("contact_id"),
                        rs.getTimestamp("quiet_since").toInstant(), rs.getInt("days")))
                .list();
    }

    /** Claims the quiet spell first (a second node running the same batch finds the row and skips). */
    private boolean createTask(StaleDeal deal) {
        int claimed = jdbc.sql("insert into deal_stale_tasks (deal_id, quiet_since) values (:deal, :since) on conflict do nothing")
                .param("deal", deal.id()).param("since", Timestamp.from(deal.quietSince())).update();
        if (claimed == 0) return false;
        long days = ChronoUnit.DAYS.between(deal.quietSince(), Instant.now());
        long taskId = tasks.open(deal.ownerId(), "Follow up stale deal: " + deal.name(),
                "No activity on this deal for " + days + " days (rule: " + deal.days() + "). Open it: /deals/" + deal.id(),
                deal.contactId(), deal.accountId(), Instant.now().plus(1, ChronoUnit.DAYS));
        jdbc.sql("update deal_stale_tasks set task_id = :task where deal_id = :deal and quiet_since = :since")
                .param("task", taskId).param("deal", deal.id()).param("since", Timestamp.from(deal.quietSince())).update();
        return true;
    }
}
