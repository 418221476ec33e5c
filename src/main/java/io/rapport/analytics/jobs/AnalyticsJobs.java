package io.rapport.analytics.jobs;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.rapport.platform.jobs.JobScheduler;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analytics work too long for an HTTP request (saving an RFM segment of 200,000 contacts as a list, reassigning every
 * contact to its persona, refreshing the RFM and journey snapshots): queued as a row of {@code analytics_jobs}, run by
 * the db-scheduler of {@code platform.jobs}, its progress written in its own transaction so the page can poll it.
 * One job of a kind is active at a time for refreshes and persona assignment (a second request joins it).
 */
@Service
public class AnalyticsJobs {

    public enum Kind { RFM_REFRESH, JOURNEY_REFRESH, RFM_LIST, PERSONA_ASSIGN }

    /** A job and how far it got; {@code percent} is null while the total is unknown. */
    public record Job(long id, String kind, String status, long done, Long total, Integer percent, String step,
                      JsonNode result, String error, Long startedBy, Instant createdAt, Instant startedAt, Instant finishedAt,
                      String progressUrl) {
        public boolean active() {
            return status.equals("QUEUED") || status.equals("RUNNING");
        }
    }

    /** What a job reports while it runs. */
    public interface Progress {
        void step(String step, long done, Long total);
    }

    /** Runs the jobs of one kind; returns the result to store (a small map). */
    public interface Handler {
        boolean handles(Kind kind);

        Map<String, Object> run(Job job, JsonNode params, Progress progress);
    }

    static final String TASK = "analytics-job";
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsJobs.class);

    private final JdbcClient jdbc;
    private final JobScheduler scheduler;
    private final OneTimeTask<Long> task;
    private final JsonMapper json;

    AnalyticsJobs(JdbcClient jdbc, JobScheduler scheduler, @Lazy OneTimeTask<Long> analyticsJobTask, JsonMapper json) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.task = analyticsJobTask;
        this.json = json;
    }

    /** Whether a new request joins a job of the same kind instead of queueing a second one. */
    public enum Join { NONE, QUEUED, ACTIVE }

    /**
     * Queues a job in its own transaction (so it is committed before the scheduler can pick it). {@code join}: NONE always
     * queues; QUEUED returns a job of the kind not started yet (it will see everything committed so far); ACTIVE also a
     * running one.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Job queue(Kind kind, Map<String, Object> params, Long startedBy, Join join) {
        if (join != Join.NONE) {
            jdbc.sql("select pg_advisory_xact_lock(37, :k)").param("k", kind.ordinal()).query(Object.class).single();
            Optional<Job> active = active(kind).filter(j -> join == Join.ACTIVE || j.status().equals("QUEUED"));
            if (active.isPresent()) return active.get();
        }
        long id = jdbc.sql("insert into analytics_jobs (kind, params, started_by) values (:kind, cast(:params as jsonb), :by) returning id")
                .param("kind", kind.name()).param("params", json.writeValueAsString(params)).param("by", startedBy)
                .query(Long.class).single();
        // scheduled once the row is committed: an immediate execution must find it (else it would claim nothing)
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                scheduler.client().scheduleIfNotExists(task.instance(String.valueOf(id), id), Instant.now());
            }
        });
        return get(id).orElseThrow();
    }

    public Optional<Job> active(Kind kind) {
        return jdbc.sql("select * from analytics_jobs where kind = :kind and status in ('QUEUED','RUNNING') order by id limit 1")
                .param("kind", kind.name()).query(this::map).optional();
    }

    public Optional<Job> get(long id) {
        return jdbc.sql("select * from analytics_jobs where id = :id").param("id", id).query(this::map).optional();
    }

    /** The job as its starter, an ADMIN or a MANAGER may see it; 404 for anyone else (no hint that it exists). */
    public Job visible(CurrentUser user, long id) {
        Job job = get(id).orElseThrow(() -> Problems.notFound("Job", id));
        boolean mine = job.startedBy() != null && job.startedBy() == user.id();
        if (!mine && user.role() != Role.ADMIN && user.role() != Role.MANAGER) throw Problems.notFound("Job", id);
        return job;
    }

    /** Progress in its own transaction: visible to the polling page while the job's own work is still uncommitted. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void progress(long id, String step, long done, Long total) {
        jdbc.sql("update analytics_jobs set step = :step, done = :done, total = coalesce(:total, total) where id = :id")
                .param("step", step).param("done", done).param("total", total).param("id", id).update();
    }

    private Job map(ResultSet rs, int n) throws SQLException {
        long done = rs.getLong("done");
        Long total = (Long) rs.getObject("total");
        String status = rs.getString("status");
        Integer percent = status.equals("DONE") ? Integer.valueOf(100)
                : total == null || total == 0 ? null : (int) Math.min(99, done * 100 / total);
        String result = rs.getString("result");
        long id = rs.getLong("id");
        return new Job(id, rs.getString("kind"), status, done, total, percent, rs.getString("step"),
                result == null ? null : json.readTree(result), rs.getString("error"), (Long) rs.getObject("started_by"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                "/api/v1/analytics/jobs/" + id);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The one-time task that runs a queued job with the handler of its kind. */
    @Configuration(proxyBeanMethods = false)
    static class Task {

        @Bean
        OneTimeTask<Long> analyticsJobTask(@Lazy AnalyticsJobs jobs, @Lazy List<Handler> handlers, JdbcClient jdbc, JsonMapper json) {
            return Tasks.oneTime(TASK, Long.class).execute((instance, context) -> run(instance.getData(), jobs, handlers, jdbc, json));
        }

        static void run(long id, AnalyticsJobs jobs, List<Handler> handlers, JdbcClient jdbc, JsonMapper json) {
            int claimed = jdbc.sql("update analytics_jobs set status = 'RUNNING', started_at = clock_timestamp(), step = 'started' "
                    + "where id = :id and status = 'QUEUED'").param("id", id).update();
            if (claimed == 0) return;
            Job job = jobs.get(id).orElseThrow();
            try {
                Handler handler = handlers.stream().filter(h -> h.handles(Kind.valueOf(job.kind()))).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no handler for " + job.kind()));
                JsonNode params = jdbc.sql("select params::text from analytics_jobs where id = :id").param("id", id)
                        .query(String.class).optional().map(json::readTree).orElseThrow();
                Map<String, Object> result = handler.run(job, params, (step, done, total) -> jobs.progress(id, step, done, total));
                jdbc.sql("update analytics_jobs set status = 'DONE', step = 'done', result = cast(:result as jsonb), "
                                + "done = coalesce(total, done), finished_at = clock_timestamp() where id = :id")
                        .param("result", json.writeValueAsString(result)).param("id", id).update();
            } catch (RuntimeException e) {
                LOG.error("Analytics job {} ({}) failed", id, job.kind(), e);
                jdbc.sql("update analytics_jobs set status = 'FAILED', error = :error, finished_at = clock_timestamp() where id = :id")
                        .param("error", String.valueOf(e.getMessage())).param("id", id).update();
            }
        }
    }
}
