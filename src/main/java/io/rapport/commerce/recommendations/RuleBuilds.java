package io.rapport.commerce.recommendations;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.jobs.JobScheduler;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Rule builds: queued by an admin or the nightly schedule, run as a background job, progress kept in a row. */
@Service
public class RuleBuilds {

    /** A build and how far it got. */
    record Build(long id, String status, String trigger, String basket, int step, int steps, String stepName,
                 Long baskets, Long rules, Instant createdAt, Instant startedAt, Instant finishedAt, String error) {
        public int percent() {
            return status.equals("DONE") ? 100 : steps == 0 ? 0 : step * 100 / steps;
        }

        public boolean isActive() {
            return status.equals("QUEUED") || status.equals("RUNNING");
        }

        /** Seconds the build took, once finished. */
        public Double seconds() {
            return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
        }
    }

    static final String TASK = "recommendation-rules-build";

    private final JdbcClient jdbc;
    private final JobScheduler jobs;
    private final OneTimeTask<Long> task;
    private final RecommendationSettings settings;
    private final AuditLog audit;

    RuleBuilds(JdbcClient jdbc, JobScheduler jobs, @Lazy OneTimeTask<Long> recommendationBuildTask,
               RecommendationSettings settings, AuditLog audit) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.task = recommendationBuildTask;
        this.settings = settings;
        this.audit = audit;
    }

    /** An administrator's rebuild: queued now, or the build already queued or running. */
    Build start(CurrentUser user) {
        RecordVisibility.requireAdmin(user);
        Build build = queue("ADMIN", user.id());
        audit.record("REBUILD", "RECOMMENDATIONS", build.id(), "Started a rebuild of the recommendation rules", Map.of());
        return build;
    }

    /** Queues a build (trigger SCHEDULE, ADMIN or DEMO), or returns the one already queued or running. */
    public Build queue(String trigger, Long startedBy) {
        // the partial unique index keeps one active build: a second start gets the active one
        Optional<Long> id = jdbc.sql("insert into recommendation_builds (trigger, basket, steps, started_by) "
                        + "values (:trigger, :basket, :steps, :by) on conflict do nothing returning id")
                .param("trigger", trigger).param("basket", settings.basket().name())
                .param("steps", AssociationRules.STEPS.size()).param("by", startedBy).query(Long.class).optional();
        if (id.isEmpty()) {
            return jdbc.sql("select * from recommendation_builds where status in ('QUEUED','RUNNING')")
                    .query(RuleBuilds::map).optional()
                    .orElseGet(() -> queue(trigger, startedBy)); // it finished in between: start a new one
        }
        jobs.client().scheduleIfNotExists(task.instance(String.valueOf(id.get()), id.get()), Instant.now());
        return get(id.get()).orElseThrow();
    }

    Optional<Build> get(long id) {
        return jdbc.sql("select * from recommendation_builds where id = :id").param("id", id).query(RuleBuilds::map).optional();
    }

    Optional<Build> latest() {
        return jdbc.sql("select * from recommendation_builds order by id desc limit 1").query(RuleBuilds::map).optional();
    }

    Optional<Build> lastDone() {
        return jdbc.sql("select * from recommendation_builds where status = 'DONE' order by finished_at desc limit 1")
                .query(RuleBuilds::map).optional();
    }

    private static Build map(ResultSet rs, int n) throws SQLException {
        return new Build(rs.getLong("id"), rs.getString("status"), rs.getString("trigger"), rs.getString("basket"),
                rs.getInt("step"), rs.getInt("steps"), rs.getString("step_name"), (Long) rs.getObject("baskets"),
                (Long) rs.getObject("rules"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), rs.getString("error"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The jobs: the build itself (one-time, per queued row) and the nightly schedule that queues one. */
    @Configuration(proxyBeanMethods = false)
    static class Jobs {

        private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

        @Bean
        OneTimeTask<Long> recommendationBuildTask(RuleBuilder builder, JdbcClient jdbc) {
            return Tasks.oneTime(TASK, Long.class).execute((instance, context) -> run(instance.getData(), builder, jdbc));
        }

        @Bean
        RecurringTask<Void> recommendationNightlyBuild(RecommendationSettings settings, @Lazy RuleBuilds builds) {
            return Tasks.recurring("recommendation-rules-nightly", Schedules.parseSchedule(settings.schedule()))
                    .execute((instance, context) -> builds.queue("SCHEDULE", null));
        }

        static void run(long buildId, RuleBuilder builder, JdbcClient jdbc) {
            int claimed = jdbc.sql("update recommendation_builds set status = 'RUNNING', started_at = now() "
                    + "where id = :id and status = 'QUEUED'").param("id", buildId).update();
            if (claimed == 0) return;
            try {
                AssociationRules.Outcome outcome = builder.rebuild(step -> jdbc.sql(
                                "update recommendation_builds set step = :step, step_name = :name where id = :id")
                        .param("step", step).param("name", AssociationRules.STEPS.get(step)).param("id", buildId).update());
                jdbc.sql("update recommendation_builds set status = 'DONE', step = steps, step_name = 'done', baskets = :baskets, "
                                + "rules = :rules, finished_at = clock_timestamp() where id = :id")
                        .param("baskets", outcome.baskets()).param("rules", outcome.rules()).param("id", buildId).update();
            } catch (RuntimeException e) {
                LOG.error("Recommendation build {} failed", buildId, e);
                jdbc.sql("update recommendation_builds set status = 'FAILED', error = :error, finished_at = clock_timestamp() "
                        + "where id = :id").param("error", String.valueOf(e.getMessage())).param("id", buildId).update();
            }
        }
    }
}
