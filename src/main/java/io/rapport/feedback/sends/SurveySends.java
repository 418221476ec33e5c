package io.rapport.feedback.sends;

import io.rapport.feedback.sending.FeedbackSettings;
import io.rapport.feedback.surveys.Survey;
import io.rapport.feedback.surveys.SurveyDefinitions;
import io.rapport.platform.jobs.JobScheduler;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Sending one survey to an audience: the preview (who gets it, who is skipped and why), queueing the send as a
 * background job, and the sends of a survey with their counts. Marketing, managers and admins send; they see every
 * contact, so an audience is never narrowed by record visibility.
 */
@Service
public class SurveySends {

    /** What a send would do now: the audience's size, how many get the survey, how many are skipped and why. */
    public record Preview(int audience, int willSend, int noEmail, int noConsent, int throttled) {}

    /** A send and how far it got. */
    public record Send(long id, long surveyId, String audienceKind, String audienceValue, String audienceLabel, String status,
                       int planned, int processed, int sent, int skippedNoEmail, int skippedNoConsent, int skippedThrottled,
                       Instant createdAt, Instant startedAt, Instant finishedAt, String error) {
        public int skipped() {
            return skippedNoEmail + skippedNoConsent + skippedThrottled;
        }

        public int percent() {
            if (status.equals("DONE")) return 100;
            return planned == 0 ? 0 : Math.min(99, processed * 100 / planned);
        }

        public boolean isActive() {
            return status.equals("QUEUED") || status.equals("RUNNING");
        }
    }

    static final String TASK = "feedback-survey-send";

    private final JdbcClient jdbc;
    private final SurveyDefinitions surveys;
    private final FeedbackSettings settings;
    private final JobScheduler jobs;
    private final SendJob job;

    SurveySends(JdbcClient jdbc, SurveyDefinitions surveys, FeedbackSettings settings, JobScheduler jobs, SendJob job) {
        this.jdbc = jdbc;
        this.surveys = surveys;
        this.settings = settings;
        this.jobs = jobs;
        this.job = job;
    }

    public static boolean maySend(CurrentUser user) {
        return user.role() == Role.ADMIN || user.role() == Role.MANAGER || user.role() == Role.MARKETING;
    }

    public static void requireSender(CurrentUser user) {
        if (!maySend(user)) throw Problems.forbidden("Only marketing, managers and administrators send surveys to an audience");
    }

    public Preview preview(CurrentUser user, long surveyId, JsonNode body) {
        requireSender(user);
        surveys.get(surveyId);
        return preview(audience(body));
    }

    /** Queues the send and its job; refuses an inactive survey, an unknown account and an empty audience. */
    public Send start(CurrentUser user, long surveyId, JsonNode body) {
        requireSender(user);
        Survey survey = surveys.get(surveyId);
        Audience audience = audience(body);
        if (!survey.active()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "survey-inactive", "Survey inactive",
                    "Survey " + surveyId + " is not active; activate it before sending",
                    List.of(new ApiProblem.FieldError("surveyId", "the survey is not active")));
        }
        String label = label(audience);
        int size = preview(audience).audience();
        if (size == 0) {
            throw new ApiProblem(HttpStatus.valueOf(422), "empty-audience", "Empty audience",
                    "No contact is in " + label + "; nothing to send",
                    List.of(new ApiProblem.FieldError(audience.field(), "no contact is in this audience")));
        }
        long id = jdbc.sql("""
                        insert into survey_sends (survey_id, audience_kind, audience_value, audience_label, planned, started_by)
                        values (:s, :k, :v, left(:l, 300), :p, :by) returning id""")
                .param("s", surveyId).param("k", audience.kind().name()).param("v", audience.value()).param("l", label)
                .param("p", size).param("by", user.id()).query(Long.class).single();
        jobs.client().scheduleIfNotExists(job.task().instance(String.valueOf(id), id), Instant.now());
        return get(user, surveyId, id);
    }

    public Send get(CurrentUser user, long surveyId, long sendId) {
        requireSender(user);
        return find(sendId).filter(s -> s.surveyId() == surveyId).orElseThrow(() -> Problems.notFound("Survey send", sendId));
    }

    /** The survey's sends, newest first. */
    public List<Send> list(CurrentUser user, long surveyId, int limit) {
        requireSender(user);
        surveys.get(surveyId);
        return jdbc.sql("select * from survey_sends where survey_id = :s order by id desc limit :l")
                .param("s", surveyId).param("l", limit).query(SurveySends::map).list();
    }

    Optional<Send> find(long sendId) {
        return jdbc.sql("select * from survey_sends where id = :id").param("id", sendId).query(SurveySends::map).optional();
    }

    private Audience audience(JsonNode body) {
        JsonFields in = new JsonFields(body, Audience.FIELDS);
        Audience audience = Audience.read(in);
        in.throwIfInvalid();
        if (audience.kind() == Audience.Kind.ACCOUNT && !jdbc.sql("select exists (select 1 from accounts where id = :a)")
                .param("a", Long.parseLong(audience.value())).query(Boolean.class).single()) {
            throw new ApiProblem(HttpStatus.valueOf(422), "unknown-audience", "Unknown audience",
                    "Account " + audience.value() + " does not exist", List.of(new ApiProblem.FieldError("accountId", "no such account")));
        }
        if (audience.kind() == Audience.Kind.TAG && !jdbc.sql("select exists (select 1 from contacts c where " + audience.condition() + ")")
                .param("audience", audience.value()).query(Boolean.class).single()) {
            throw new ApiProblem(HttpStatus.valueOf(422), "unknown-audience", "Unknown audience",
                    "No contact carries the tag '" + audience.value() + "'",
                    List.of(new ApiProblem.FieldError("tag", "no contact carries this tag")));
        }
        return audience;
    }

    Preview preview(Audience audience) {
        return audience.bind(jdbc.sql("""
                        select count(*), count(*) filter (where reason is null), count(*) filter (where reason = 'NO_EMAIL'),
                               count(*) filter (where reason = 'NO_CONSENT'), count(*) filter (where reason = 'THROTTLED')
                          from (select %s as reason from contacts c where %s) x""".formatted(Audience.SKIP_REASON, audience.condition())))
                .param("throttleDays", settings.current().throttleDays())
                .query((rs, n) -> new Preview(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5))).single();
    }

    private String label(Audience audience) {
        return switch (audience.kind()) {
            case TAG -> "contacts tagged '" + audience.value() + "'";
            case STAGE -> "contacts in stage " + audience.value();
            case ACCOUNT -> "contacts of " + jdbc.sql("select name from accounts where id = :a").param("a", Long.parseLong(audience.value()))
                    .query(String.class).optional().orElse("account") + " (#" + audience.value() + ")";
        };
    }

    static Send map(ResultSet rs, int n) throws SQLException {
        return new Send(rs.getLong("id"), rs.getLong("survey_id"), rs.getString("audience_kind"), rs.getString("audience_value"),
                rs.getString("audience_label"), rs.getString("status"), rs.getInt("planned"), rs.getInt("processed"), rs.getInt("sent"),
                rs.getInt("skipped_no_email"), rs.getInt("skipped_no_consent"), rs.getInt("skipped_throttled"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                rs.getString("error"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
