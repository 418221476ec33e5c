package io.rapport.feedback.sends;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.rapport.activities.OutgoingMail;
import io.rapport.feedback.sending.AnswerTokens;
import io.rapport.feedback.sending.FeedbackSettings;
import io.rapport.feedback.sending.Invitations;
import io.rapport.feedback.surveys.Survey;
import io.rapport.feedback.surveys.SurveyDefinitions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background job of a send: the audience, batch after batch in contact id order, each batch one transaction
 * that writes the invitations (sent or refused), queues the mails in the outbox and advances the send's cursor and
 * counts. The send row is locked for the batch, so a second runner of the same send (another node, a retry after a
 * node died) waits and goes on from the committed cursor; the unique (send, contact) index is the backstop, and
 * the per-contact advisory lock of the single send keeps triggers and other sends from surveying a contact at the
 * same moment (ADR 0036).
 */
@Component
public class SendJob {

    private static final Logger log = LoggerFactory.getLogger(SendJob.class);
    /** Failures (after the first) before a send is marked FAILED instead of retried. */
    private static final int MAX_RETRIES = 2;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SurveyDefinitions surveys;
    private final Invitations invitations;
    private final AnswerTokens tokens;
    private final OutgoingMail mail;
    private final FeedbackSettings settings;
    private final int batchSize;
    private final OneTimeTask<Long> task;

    SendJob(JdbcClient jdbc, TransactionTemplate tx, SurveyDefinitions surveys, Invitations invitations, AnswerTokens tokens,
            OutgoingMail mail, FeedbackSettings settings, @Value("${rapport.feedback.send-batch:500}") int batchSize) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.surveys = surveys;
        this.invitations = invitations;
        this.tokens = tokens;
        this.mail = mail;
        this.settings = settings;
        this.batchSize = batchSize;
        this.task = Tasks.oneTime(SurveySends.TASK, Long.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .execute((instance, context) -> {
                    try {
                        run(instance.getData(), this.batchSize);
                    } catch (RuntimeException e) {
                        if (context.getExecution().consecutiveFailures < MAX_RETRIES) throw e; // retried later, from the cursor
                        fail(instance.getData(), e);
                    }
                });
    }

    OneTimeTask<Long> task() {
        return task;
    }

    /** Runs (or resumes) a send to its end; safe to call again and from several nodes at once. */
    public void run(long sendId, int batch) {
        record Claimed(long surveyId, Audience audience) {}
        Optional<Claimed> claimed = jdbc.sql("""
                        update survey_sends set status = 'RUNNING', started_at = coalesce(started_at, now())
                         where id = :id and status in ('QUEUED','RUNNING') returning survey_id, audience_kind, audience_value""")
                .param("id", sendId).query((rs, n) -> new Claimed(rs.getLong(1),
                        new Audience(Audience.Kind.valueOf(rs.getString(2)), rs.getString(3)))).optional();
        if (claimed.isEmpty()) return; // done, failed or deleted with its survey
        Optional<Survey> survey = surveys.find(claimed.get().surveyId());
        if (survey.isEmpty()) return;
        int throttleDays = settings.current().throttleDays();
        while (Boolean.TRUE.equals(tx.execute(st -> batch(sendId, survey.get(), claimed.get().audience(), throttleDays, batch)))) {
            // next batch
        }
        jdbc.sql("update survey_sends set status = 'DONE', finished_at = now() where id = :id and status = 'RUNNING'")
                .param("id", sendId).update();
    }

    /** One batch in the caller's transaction; false when the audience is exhausted. */
    private boolean batch(long sendId, Survey survey, Audience audience, int throttleDays, int size) {
        // the send row is the runners' mutex: a second runner waits here and then reads the advanced cursor
        Long after = jdbc.sql("select last_contact_id from survey_sends where id = :id and status = 'RUNNING' for update")
                .param("id", sendId).query(Long.class).optional().orElse(null);
        if (after == null) return false;
        Map<Long, String> firstNames = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        audience.bind(jdbc.sql("select c.id, c.first_name from contacts c where " + audience.condition()
                        + " and c.id > :after order by c.id limit :n"))
                .param("after", after).param("n", size).query((rs, n) -> {
                    ids.add(rs.getLong(1));
                    firstNames.put(rs.getLong(1), rs.getString(2));
                    return null;
                }).list();
        if (ids.isEmpty()) return false;
        Long[] idArray = ids.toArray(Long[]::new);
        // in id order, like any other send, so two sends over overlapping audiences cannot deadlock
        jdbc.sql("select count(*) from (select pg_advisory_xact_lock(" + Invitations.CONTACT_LOCK
                        + ", (x % 2147483647)::int) from (select x from unnest(:ids::bigint[]) x order by x) o) l")
                .param("ids", idArray).query(Long.class).single();
        Instant expires = Instant.now().plus(Duration.ofDays(survey.linkDays())).truncatedTo(ChronoUnit.SECONDS);
        record Row(long id, long contactId, String status, String reason, String email) {}
        // a new statement, so a new snapshot: it sees what other senders committed before we got the locks
        List<Row> rows = jdbc.sql("""
                        insert into survey_invitations (survey_id, contact_id, trigger, status, refused_reason, email, expires_at, send_id)
                        select :survey, c.id, 'AUDIENCE', case when r.reason is null then 'SENT' else 'REFUSED' end, r.reason,
                               left(c.emails[1], 320), case when r.reason is null then cast(:expires as timestamptz) end, :send
                          from contacts c cross join lateral (select %s as reason) r
                         where c.id = any(:ids::bigint[])
                         order by c.id
                        on conflict (send_id, contact_id) where send_id is not null do nothing
                        returning id, contact_id, status, refused_reason, email""".formatted(Audience.SKIP_REASON))
                .param("survey", survey.id()).param("expires", Timestamp.from(expires)).param("send", sendId)
                .param("ids", idArray).param("throttleDays", throttleDays)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5))).list();
        List<OutgoingMail.Plain> mails = new ArrayList<>();
        int noEmail = 0;
        int noConsent = 0;
        int throttled = 0;
        String subject = Invitations.subject(survey);
        for (Row r : rows) {
            if (r.status().equals("SENT")) {
                String token = tokens.sign(r.id(), expires);
                mails.add(new OutgoingMail.Plain(r.email(), subject, invitations.body(survey, firstNames.get(r.contactId()), token)));
            } else {
                switch (r.reason()) {
                    case "NO_EMAIL" -> noEmail++;
                    case "NO_CONSENT" -> noConsent++;
                    default -> throttled++;
                }
            }
        }
        mail.enqueueAll(mails);
        jdbc.sql("""
                        update survey_sends set last_contact_id = greatest(last_contact_id, :last), processed = processed + :n,
                               sent = sent + :sent, skipped_no_email = skipped_no_email + :noEmail,
                               skipped_no_consent = skipped_no_consent + :noConsent, skipped_throttled = skipped_throttled + :throttled
                         where id = :id""")
                .param("last", ids.getLast()).param("n", rows.size()).param("sent", mails.size()).param("noEmail", noEmail)
                .param("noConsent", noConsent).param("throttled", throttled).param("id", sendId).update();
        return ids.size() == size;
    }

    private void fail(long sendId, RuntimeException e) {
        log.error("Survey send {} failed", sendId, e);
        jdbc.sql("update survey_sends set status = 'FAILED', error = left(:e, 1000), finished_at = now() where id = :id")
                .param("e", String.valueOf(e.getMessage())).param("id", sendId).update();
    }
}
