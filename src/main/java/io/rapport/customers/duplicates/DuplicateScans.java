package io.rapport.customers.duplicates;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.rapport.platform.jobs.JobScheduler;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Whole-table duplicate scans: started by an admin or manager, run as a background job, progress kept in a row. */
@Service
public class DuplicateScans {

    /** A scan and how far it got. */
    public record Scan(long id, String entity, String status, int step, int steps, String stepName, int pairsFound,
                       Instant createdAt, Instant startedAt, Instant finishedAt, String error) {
        public int percent() {
            return status.equals("DONE") ? 100 : steps == 0 ? 0 : step * 100 / steps;
        }

        public boolean isActive() {
            return status.equals("QUEUED") || status.equals("RUNNING");
        }
    }

    static final String TASK = "duplicate-scan";

    private final JdbcClient jdbc;
    private final JobScheduler jobs;
    private final OneTimeTask<Long> task;

    DuplicateScans(JdbcClient jdbc, JobScheduler jobs, OneTimeTask<Long> duplicateScanTask) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.task = duplicateScanTask;
    }

    /** Starts a scan of contacts or accounts, or returns the one already queued or running for that table. */
    public Scan start(CurrentUser user, String entityParam) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER) {
            throw Problems.forbidden("Only administrators and managers can scan for duplicates");
        }
        return queue(DuplicatePairs.entity(entityParam), user.id());
    }

    /**
     * After an import wrote records: a scan of that table, so similar names that exact e-mail and phone matching let
     * through show up under Possible duplicates. Joins the scan already queued or running, if any.
     */
    public void startAfterImport(String entity, long importerId) {
        queue(DuplicatePairs.entity(entity), importerId);
    }

    private Scan queue(String entity, long startedBy) {
        int steps = (entity.equals("CONTACT") ? DuplicateScanner.CONTACT_STEPS : DuplicateScanner.ACCOUNT_STEPS).size();
        // the partial unique index keeps one active scan per table: a second start gets the running one
        Optional<Long> id = jdbc.sql("insert into duplicate_scans (entity, steps, started_by, step_name) "
                        + "values (:e, :steps, :by, 'queued') on conflict do nothing returning id")
                .param("e", entity).param("steps", steps).param("by", startedBy).query(Long.class).optional();
        if (id.isEmpty()) {
            return jdbc.sql("select * from duplicate_scans where entity = :e and status in ('QUEUED','RUNNING')")
                    .param("e", entity).query(DuplicateScans::map).optional()
                    .orElseGet(() -> queue(entity, startedBy)); // it finished in between: start a new one
        }
        jobs.client().scheduleIfNotExists(task.instance(String.valueOf(id.get()), id.get()), Instant.now());
        return get(id.get()).orElseThrow();
    }

    public Optional<Scan> get(long id) {
        return jdbc.sql("select * from duplicate_scans where id = :id").param("id", id).query(DuplicateScans::map).optional();
    }

    public Optional<Scan> latest(String entity) {
        return jdbc.sql("select * from duplicate_scans where entity = :e order by id desc limit 1")
                .param("e", entity).query(DuplicateScans::map).optional();
    }

    private static Scan map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Scan(rs.getLong("id"), rs.getString("entity"), rs.getString("status"), rs.getInt("step"),
                rs.getInt("steps"), rs.getString("step_name"), rs.getInt("pairs_found"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getString("error"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The job: runs the scanner and writes its progress; a failure is recorded on the scan, not retried. */
    @Configuration(proxyBeanMethods = false)
    static class Job {

        private static final Logger LOG = LoggerFactory.getLogger(Job.class);

        @Bean
        OneTimeTask<Long> duplicateScanTask(DuplicateScanner scanner, JdbcClient jdbc) {
            return Tasks.oneTime(TASK, Long.class).execute((instance, context) -> run(instance.getData(), scanner, jdbc));
        }

        static void run(long scanId, DuplicateScanner scanner, JdbcClient jdbc) {
            String entity = jdbc.sql("update duplicate_scans set status = 'RUNNING', started_at = now() where id = :id "
                    + "returning entity").param("id", scanId).query(String.class).optional().orElse(null);
            if (entity == null) return;
            List<String> names = entity.equals("CONTACT") ? DuplicateScanner.CONTACT_STEPS : DuplicateScanner.ACCOUNT_STEPS;
            try {
                int pairs = scanner.scan(scanId, entity, step -> jdbc.sql(
                        "update duplicate_scans set step = :step, step_name = :name where id = :id")
                        .param("step", step).param("name", names.get(step)).param("id", scanId).update());
                jdbc.sql("update duplicate_scans set status = 'DONE', step = steps, step_name = 'done', pairs_found = :pairs, "
                        + "finished_at = now() where id = :id").param("pairs", pairs).param("id", scanId).update();
            } catch (RuntimeException e) {
                LOG.error("Duplicate scan {} failed", scanId, e);
                jdbc.sql("update duplicate_scans set status = 'FAILED', error = :error, finished_at = now() where id = :id")
                        .param("error", String.valueOf(e.getMessage())).param("id", scanId).update();
            }
        }
    }
}
