package io.rapport.analytics.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Snapshot tables of analytics that are too slow to compute per request over a million customers (RFM scores,
 * journey stage dates). Each has a change counter (a sequence bumped by statement triggers on its source tables,
 * V37). A read first asks {@link #ensure}: a fresh snapshot is read as it is; a stale one is refreshed inline when
 * its source is small (at most {@code rapport.analytics.snapshots.inline-max-rows} rows, so small businesses and
 * tests always see current figures), otherwise a background refresh is queued and the page shows how old the figures
 * are. A recurring job refreshes stale snapshots, and any older than the maximum age.
 */
@Service
public class Snapshots {

    /** A snapshot: its name in {@code analytics_snapshots}, its change counter, the table whose size decides inline, its job. */
    public record Spec(String name, String sequence, String sizeTable, AnalyticsJobs.Kind kind, Work work) {}

    /** A bean that keeps a snapshot. */
    public interface Source {
        Spec spec();
    }

    /** Rebuilds the snapshot in the caller's transaction; returns the rows it holds. */
    public interface Work {
        long refresh(AnalyticsJobs.Progress progress);
    }

    /** How current the figures are: when they were computed, whether sources changed since, the refresh job if one runs. */
    public record Freshness(Instant refreshedAt, Double seconds, boolean stale, Long refreshJobId) {}

    private final JdbcClient jdbc;
    private final AnalyticsJobs jobs;
    private volatile int inlineMaxRows;

    Snapshots(JdbcClient jdbc, AnalyticsJobs jobs, @Value("${rapport.analytics.snapshots.inline-max-rows:100000}") int inlineMaxRows) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.inlineMaxRows = inlineMaxRows;
    }

    /** Changes the inline limit (tests of the background path); returns the previous one. */
    public int inlineMaxRows(int rows) {
        int previous = inlineMaxRows;
        inlineMaxRows = rows;
        return previous;
    }

    private record Row(Instant refreshedAt, long changesSeen, double seconds) {}

    private Optional<Row> row(String name) {
        return jdbc.sql("select refreshed_at, changes_seen, seconds from analytics_snapshots where name = :n").param("n", name)
                .query((rs, i) -> new Row(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getDouble(3))).optional();
    }

    private long counter(String sequence) {
        return jdbc.sql("select last_value from " + sequence).query(Long.class).single();
    }

    /** Makes the snapshot current if that is cheap, else queues its refresh; says how current it is. */
    public Freshness ensure(Spec spec) {
        Optional<Row> row = row(spec.name());
        boolean stale = row.isEmpty() || counter(spec.sequence()) > row.get().changesSeen();
        if (!stale) return new Freshness(row.get().refreshedAt(), row.get().seconds(), false, null);
        long size = jdbc.sql("select count(*) from (select 1 from " + spec.sizeTable() + " limit :n) x")
                .param("n", inlineMaxRows + 1L).query(Long.class).single();
        if (size <= inlineMaxRows) {
            refresh(spec, false, (step, done, total) -> {});
            Row now = row(spec.name()).orElseThrow();
            return new Freshness(now.refreshedAt(), now.seconds(), false, null);
        }
        AnalyticsJobs.Job job = jobs.queue(spec.kind(), Map.of(), null, AnalyticsJobs.Join.ACTIVE);
        return new Freshness(row.map(Row::refreshedAt).orElse(null), row.map(Row::seconds).orElse(null), true, job.id());
    }

    /** True once the snapshot has been computed at least once. */
    public boolean exists(Spec spec) {
        return row(spec.name()).isPresent();
    }

    /**
     * Rebuilds the snapshot (one at a time per snapshot: an advisory lock); without {@code force}, skips when it became
     * current while waiting for the lock. The counter is read before the work, so changes during it leave it stale.
     */
    @Transactional
    public void refresh(Spec spec, boolean force, AnalyticsJobs.Progress progress) {
        jdbc.sql("select pg_advisory_xact_lock(37, :k)").param("k", 100 + spec.kind().ordinal()).query(Object.class).single();
        long seen = counter(spec.sequence());
        Optional<Row> row = row(spec.name());
        if (!force && row.isPresent() && row.get().changesSeen() >= seen) return;
        long started = System.nanoTime();
        long rows = spec.work().refresh(progress);
        double seconds = Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
        jdbc.sql("""
                        insert into analytics_snapshots (name, refreshed_at, changes_seen, rows, seconds) values (:n, now(), :seen, :rows, :s)
                        on conflict (name) do update set refreshed_at = excluded.refreshed_at, changes_seen = excluded.changes_seen,
                                                         rows = excluded.rows, seconds = excluded.seconds""")
                .param("n", spec.name()).param("seen", seen).param("rows", rows).param("s", seconds).update();
    }

    /** Queues the refresh of every stale snapshot, and of any older than the maximum age. */
    void refreshStale(List<Source> sources, Duration maxAge) {
        for (Source source : sources) {
            Spec spec = source.spec();
            Optional<Row> row = row(spec.name());
            boolean due = row.isEmpty() || counter(spec.sequence()) > row.get().changesSeen()
                    || row.get().refreshedAt().isBefore(Instant.now().minus(maxAge));
            if (due) jobs.queue(spec.kind(), Map.of(), null, AnalyticsJobs.Join.ACTIVE);
        }
    }

    /** The recurring check: every few minutes (rapport.analytics.snapshots.check, default PT5M). */
    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        RecurringTask<Void> analyticsSnapshotsCheck(@Lazy Snapshots snapshots, @Lazy List<Source> sources,
                                                    @Value("${rapport.analytics.snapshots.check:PT5M}") Duration every,
                                                    @Value("${rapport.analytics.snapshots.max-age:PT6H}") Duration maxAge) {
            return Tasks.recurring("analytics-snapshots-check", Schedules.fixedDelay(every))
                    .execute((instance, context) -> snapshots.refreshStale(sources, maxAge));
        }

        /** Runs the queued refresh of whichever snapshot the job names. */
        @Bean
        AnalyticsJobs.Handler analyticsSnapshotRefresh(@Lazy Snapshots snapshots, @Lazy List<Source> sources) {
            return new AnalyticsJobs.Handler() {
                public boolean handles(AnalyticsJobs.Kind kind) {
                    return sources.stream().anyMatch(s -> s.spec().kind() == kind);
                }

                public Map<String, Object> run(AnalyticsJobs.Job job, tools.jackson.databind.JsonNode params, AnalyticsJobs.Progress progress) {
                    Spec spec = sources.stream().map(Source::spec).filter(s -> s.kind().name().equals(job.kind())).findFirst().orElseThrow();
                    snapshots.refresh(spec, true, progress);
                    return Map.of("snapshot", spec.name());
                }
            };
        }
    }
}
