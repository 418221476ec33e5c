package io.rapport.analytics.churn;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.rapport.platform.jobs.JobScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The churn spells of V35 (ADR 0035): per contact, the stretches between a first order (or an order after more than
 * N days without one) and the last order + N days, kept by triggers on orders for each N in {@code churn_spell_sets}.
 * A change of the inactivity length queues a rebuild job that fills the new N's spells in chunks of contacts, with
 * progress in its set row; until it is READY, churn rates are computed live.
 */
@Service
public class ChurnSpells {

    /** Contacts per rebuild transaction: below V31's 5,000, so each chunk takes per-contact locks, not the global one. */
    static final int CHUNK = 4000;

    /** A set of spells: its inactivity length, READY or BUILDING, and how far a build got. */
    public record SpellSet(int inactivityDays, String status, Long contactsTotal, long contactsDone, Instant startedAt,
                           Instant finishedAt, String error) {
        public boolean ready() {
            return status.equals("READY");
        }

        /** 0–1, how much of the build is done. */
        public double progress() {
            return ready() ? 1 : contactsTotal == null || contactsTotal == 0 ? 0 : Math.min(1, contactsDone / (double) contactsTotal);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChurnSpells.class);
    static final String TASK = "churn-spells-build";

    private final JdbcClient jdbc;
    private final JobScheduler jobs;
    private final OneTimeTask<Integer> task;

    ChurnSpells(JdbcClient jdbc, JobScheduler jobs, @Lazy OneTimeTask<Integer> churnSpellsBuildTask) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.task = churnSpellsBuildTask;
    }

    public Optional<SpellSet> set(int inactivityDays) {
        return jdbc.sql("select * from churn_spell_sets where inactivity_days = :d").param("d", inactivityDays)
                .query((rs, n) -> new SpellSet(rs.getInt("inactivity_days"), rs.getString("status"), (Long) rs.getObject("contacts_total"),
                        rs.getLong("contacts_done"), rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(), rs.getString("error")))
                .optional();
    }

    public boolean ready(int inactivityDays) {
        return set(inactivityDays).map(SpellSet::ready).orElse(false);
    }

    /**
     * Called in the transaction that sets the inactivity length: adds a BUILDING set for it, if there is none, and
     * queues its build. The job waits for this transaction (advisory lock 35) before it reads the set.
     */
    void request(int inactivityDays) {
        jdbc.sql("select pg_advisory_xact_lock(35, 0)").query(Object.class).list();
        int added = jdbc.sql("insert into churn_spell_sets (inactivity_days, status) values (:d, 'BUILDING') on conflict do nothing")
                .param("d", inactivityDays).update();
        if (added == 1) {
            jobs.client().scheduleIfNotExists(task.instance("days-" + inactivityDays, inactivityDays), Instant.now());
        }
    }

    /** The build: a barrier for writers that did not see the new set, then every contact with orders in chunks. */
    void build(int d, TransactionTemplate tx) {
        tx.executeWithoutResult(s -> jdbc.sql("select pg_advisory_xact_lock(35, 0), pg_advisory_xact_lock(31, 0)").query(Object.class).list());
        Optional<SpellSet> set = set(d);
        if (set.isEmpty() || set.get().ready()) return;
        try {
            jdbc.sql("""
                    update churn_spell_sets set contacts_total = (select count(*) from contact_order_stats), contacts_done = 0,
                           started_at = now(), error = null where inactivity_days = :d""").param("d", d).update();
            long after = 0;
            while (true) {
                long from = after;
                List<Long> ids = jdbc.sql("select contact_id from contact_order_stats where contact_id > :a order by contact_id limit :n")
                        .param("a", from).param("n", CHUNK).query(Long.class).list();
                if (ids.isEmpty()) break;
                tx.executeWithoutResult(s -> {
                    jdbc.sql("select churn_refresh_spells(cast(:ids as bigint[]), :d)").param("ids", ids.toArray(Long[]::new)).param("d", d)
                            .query(Object.class).list();
                    jdbc.sql("update churn_spell_sets set contacts_done = contacts_done + :n where inactivity_days = :d")
                            .param("n", ids.size()).param("d", d).update();
                });
                after = ids.getLast();
            }
            tx.executeWithoutResult(s -> {
                jdbc.sql("update churn_spell_sets set status = 'READY', finished_at = clock_timestamp() where inactivity_days = :d")
                        .param("d", d).update();
                // the sets no longer configured go once the configured one is ready
                jdbc.sql("""
                        delete from churn_spell_sets x where x.inactivity_days <> (select inactivity_days from churn_settings)
                           and exists (select 1 from churn_spell_sets r join churn_settings c on c.inactivity_days = r.inactivity_days
                                        where r.status = 'READY')""").update();
            });
        } catch (RuntimeException e) {
            LOG.error("Churn spells build for {} days failed", d, e);
            jdbc.sql("update churn_spell_sets set error = :e where inactivity_days = :d").param("e", String.valueOf(e.getMessage()))
                    .param("d", d).update();
            throw e;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Jobs {
        @Bean
        OneTimeTask<Integer> churnSpellsBuildTask(@Lazy ChurnSpells spells, TransactionTemplate tx) {
            return Tasks.oneTime(TASK, Integer.class).execute((instance, context) -> spells.build(instance.getData(), tx));
        }
    }
}
