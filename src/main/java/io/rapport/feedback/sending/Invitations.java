package io.rapport.feedback.sending;

import io.rapport.activities.OutgoingMail;
import io.rapport.feedback.surveys.Survey;
import io.rapport.feedback.surveys.SurveyDefinitions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends a survey to one contact, or records why not: no such contact, no e-mail address, no e-mail consent, or
 * surveyed (sent, not refused) within the throttle period. Either way one invitation row tells what happened.
 * The mail goes through the activities outbox in the same transaction; the contact is locked (advisory lock per
 * contact) while the throttle is checked, so two triggers at once still send one survey.
 */
@Service
public class Invitations {

    public enum Refusal { NO_CONTACT, NO_EMAIL, NO_CONSENT, THROTTLED;

        public String explain() {
            return switch (this) {
                case NO_CONTACT -> "the contact does not exist";
                case NO_EMAIL -> "the contact has no e-mail address";
                case NO_CONSENT -> "the contact has not consented to e-mail (or unsubscribed)";
                case THROTTLED -> "the contact was surveyed within the throttle period";
            };
        }
    }

    /** What a send did; token is set only when a mail went out. */
    public record Outcome(long invitationId, Refusal refusal, String token) {
        public boolean sent() {
            return refusal == null;
        }
    }

    /**
     * Advisory lock namespace: (CONTACT_LOCK, contact id mod 2^31-1) is held while a contact's throttle is checked and
     * its invitation written, by the single send and by audience sends alike.
     */
    public static final int CONTACT_LOCK = 30301;

    public record Invitation(long id, long surveyId, Long contactId, Long orderId, String trigger, String status,
                             String refusedReason, Instant createdAt, Instant expiresAt, Instant answeredAt) {}

    private final JdbcClient jdbc;
    private final OutgoingMail mail;
    private final AnswerTokens tokens;
    private final FeedbackSettings settings;
    private final String publicUrl;

    Invitations(JdbcClient jdbc, OutgoingMail mail, AnswerTokens tokens, FeedbackSettings settings,
                @Value("${rapport.public-url:http://localhost:${server.port:8080}}") String publicUrl) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.tokens = tokens;
        this.settings = settings;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Transactional
    public Outcome send(Survey survey, long contactId, Long orderId, String trigger) {
        jdbc.sql("select 1 from pg_advisory_xact_lock(" + CONTACT_LOCK + ", :k)").param("k", (int) (contactId % Integer.MAX_VALUE)).query(Integer.class).single();
        record Target(String firstName, String email, boolean consent) {}
        Optional<Target> target = jdbc.sql("select first_name, emails[1], email_consent from contacts where id = :c")
                .param("c", contactId).query((rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getBoolean(3))).optional();
        Refusal refusal = null;
        if (target.isEmpty()) refusal = Refusal.NO_CONTACT;
        else if (target.get().email() == null || target.get().email().isBlank()) refusal = Refusal.NO_EMAIL;
        else if (!target.get().consent()) refusal = Refusal.NO_CONSENT;
        else if (throttled(contactId)) refusal = Refusal.THROTTLED;
        if (refusal != null) {
            long id = jdbc.sql("""
                            insert into survey_invitations (survey_id, contact_id, order_id, trigger, status, refused_reason, email)
                            values (:s, :c, :o, :t, 'REFUSED', :r, :e) returning id""")
                    .param("s", survey.id()).param("c", target.isEmpty() ? null : contactId).param("o", orderId)
                    .param("t", trigger).param("r", refusal.name()).param("e", target.map(Target::email).orElse(null))
                    .query(Long.class).single();
            return new Outcome(id, refusal, null);
        }
        Instant expires = Instant.now().plus(Duration.ofDays(survey.linkDays())).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long id = jdbc.sql("""
                        insert into survey_invitations (survey_id, contact_id, order_id, trigger, status, email, expires_at)
                        values (:s, :c, :o, :t, 'SENT', :e, :x) returning id""")
                .param("s", survey.id()).param("c", contactId).param("o", orderId).param("t", trigger)
                .param("e", target.get().email()).param("x", java.sql.Timestamp.from(expires)).query(Long.class).single();
        String token = tokens.sign(id, expires);
        mail.enqueue(target.get().email(), subject(survey), body(survey, target.get().firstName(), token));
        return new Outcome(id, null, token);
    }

    /** Surveyed (a survey sent, whatever came of it) within the throttle period. */
    public boolean throttled(long contactId) {
        int days = settings.current().throttleDays();
        if (days == 0) return false;
        return jdbc.sql("""
                        select exists (select 1 from survey_invitations where contact_id = :c and status <> 'REFUSED'
                                          and created_at > now() - make_interval(days => :d))""")
                .param("c", contactId).param("d", days).query(Boolean.class).single();
    }

    public Optional<Invitation> find(long id) {
        return jdbc.sql("""
                        select id, survey_id, contact_id, order_id, trigger, status, refused_reason, created_at, expires_at, answered_at
                          from survey_invitations where id = :id""")
                .param("id", id).query((rs, n) -> new Invitation(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3),
                        (Long) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant())).optional();
    }

    public String link(String token) {
        return publicUrl + "/f/" + token;
    }

    /** The invitation mail's subject; audience sends use the same text as the single send. */
    public static String subject(Survey survey) {
        return switch (survey.kind()) {
            case "NPS" -> "Would you recommend us? One quick question";
            case "CSAT" -> "How did we do?";
            case "CES" -> "Was it easy? One quick question";
            default -> "A few questions: " + survey.name();
        };
    }

    /** The invitation mail's plain text with its one-click links. */
    public String body(Survey survey, String firstName, String token) {
        StringBuilder b = new StringBuilder("Hello").append(firstName == null || firstName.isBlank() ? "" : " " + firstName).append(",\n\n");
        if (survey.intro() != null) b.append(survey.intro()).append("\n\n");
        Survey.Question q = survey.oneClick();
        if (q != null) {
            b.append(q.prompt()).append("\nOne click records your answer (")
                    .append(q.values().getFirst()).append(" = ").append(q.lowLabel()).append(", ")
                    .append(q.values().getLast()).append(" = ").append(q.highLabel()).append("):\n\n");
            for (int v : q.values().reversed()) b.append("  ").append(v).append(": ").append(link(token)).append("?score=").append(v).append('\n');
            b.append("\nOr open the whole survey: ").append(link(token)).append('\n');
        } else {
            b.append("Please answer here: ").append(link(token)).append('\n');
        }
        b.append("\nThe link is personal, works once and expires after ").append(survey.linkDays()).append(" days.\nThank you!\n");
        return b.toString();
    }
}
