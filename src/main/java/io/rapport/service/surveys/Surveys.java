package io.rapport.service.surveys;

import io.rapport.activities.OutgoingMail;
import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.platform.web.Problems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * CSAT surveys: one invitation per ticket, mailed through the outbox with one-click score links. The link carries
 * 32 random bytes; only their SHA-256 is stored, so a leaked table does not answer surveys and a tampered token
 * simply matches nothing. The first score stands; a second click shows "already answered" and may add a comment.
 */
@Service
public class Surveys {

    private static final Logger log = LoggerFactory.getLogger(Surveys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Survey(long id, long ticketId, long ticketNumber, String subject, Long contactId, String reason,
                         Instant sentAt, Integer score, String comment, Instant answeredAt) {}

    /** What a click did: recorded now, or the earlier answer that stands. */
    public record Answer(Survey survey, boolean alreadyAnswered) {}

    private final JdbcClient jdbc;
    private final OutgoingMail mail;
    private final Timeline timeline;
    private final String publicUrl;
    private final org.springframework.context.ApplicationEventPublisher events;

    Surveys(JdbcClient jdbc, OutgoingMail mail, Timeline timeline,
            @Value("${rapport.public-url:http://localhost:${server.port:8080}}") String publicUrl,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.mail = mail;
        this.timeline = timeline;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /**
     * Sends the ticket's survey unless it was sent before or there is nobody with an e-mail address to ask.
     * Returns the raw token (for tests and the demo), empty when nothing was sent.
     */
    @Transactional
    public Optional<String> send(long ticketId, String reason) {
        record Target(long number, String subject, Long contactId, String firstName, String email) {}
        Optional<Target> target = jdbc.sql("""
                        select t.number, t.subject, t.requester_id, c.first_name, c.emails[1]
                          from tickets t left join contacts c on c.id = t.requester_id where t.id = :t""")
                .param("t", ticketId)
                .query((rs, n) -> new Target(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4), rs.getString(5)))
                .optional();
        if (target.isEmpty() || target.get().email() == null || target.get().email().isBlank()) {
            log.debug("No survey for ticket {}: no requester e-mail", ticketId);
            return Optional.empty();
        }
        Target t = target.get();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        int inserted = jdbc.sql("""
                        insert into csat_surveys (ticket_id, contact_id, reason, token_hash) values (:t, :c, :reason, :hash)
                        on conflict (ticket_id) do nothing""")
                .param("t", ticketId).param("c", t.contactId()).param("reason", reason).param("hash", hash(token)).update();
        if (inserted == 0) return Optional.empty();
        StringBuilder body = new StringBuilder();
        body.append("Hello").append(t.firstName() == null || t.firstName().isBlank() ? "" : " " + t.firstName()).append(",\n\n")
                .append("How satisfied are you with how we handled your request #").append(t.number()).append(" \"")
                .append(t.subject()).append("\"?\nOne click records your answer:\n\n");
        String[] labels = {"", "Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"};
        for (int score = 5; score >= 1; score--) {
            body.append("  ").append(score).append(" – ").append(labels[score]).append(": ")
                    .append(publicUrl).append("/s/").append(token).append("?score=").append(score).append('\n');
        }
        body.append("\nThank you for helping us improve.\n");
        mail.enqueue(t.email(), "How did we do? (#" + t.number() + ")", body.toString());
        return Optional.of(token);
    }

    public boolean enabledFor(String channel) {
        return jdbc.sql("select coalesce((select enabled from csat_channel_settings where channel = :c), false)")
                .param("c", channel).query(Boolean.class).single();
    }

    /** The survey this token opens, or 404 for an unknown or tampered token. */
    public Survey byToken(String token) {
        if (token == null || token.length() > 100) throw Problems.notFound("Survey", "link");
        byte[] h = hash(token);
        return jdbc.sql(SELECT + " where s.token_hash = :h").param("h", h).query(Surveys::map).optional()
                .orElseThrow(() -> Problems.notFound("Survey", "link"));
    }

    public Optional<Survey> ofTicket(long ticketId) {
        return jdbc.sql(SELECT + " where s.ticket_id = :t").param("t", ticketId).query(Surveys::map).optional();
    }

    /** Records the score unless one was recorded before (the first answer stands). */
    @Transactional
    public Answer answer(String token, int score) {
        if (score < 1 || score > 5) throw Problems.invalid("score", "must be 1 to 5");
        Survey survey = byToken(token);
        int updated = jdbc.sql("update csat_surveys set score = :s, answered_at = now() where id = :id and score is null")
                .param("s", score).param("id", survey.id()).update();
        Survey now = reload(survey.id());
        if (updated == 0) return new Answer(now, true);
        if (now.contactId() != null) {
            Touchpoint.Sentiment sentiment = score >= 4 ? Touchpoint.Sentiment.POSITIVE
                    : score == 3 ? Touchpoint.Sentiment.NEUTRAL : Touchpoint.Sentiment.NEGATIVE;
            timeline.record(new Touchpoint(now.contactId(), Touchpoint.Channel.SURVEY, now.answeredAt(),
                    "CSAT " + score + "/5 for ticket #" + now.ticketNumber(), null, Touchpoint.JourneyStage.RETENTION,
                    sentiment, "csat", String.valueOf(now.id())));
        }
        publish(now);
        return new Answer(now, false);
    }

    /** Adds or replaces the comment of an answered survey; the score never changes. */
    @Transactional
    public Survey comment(String token, String comment) {
        Survey survey = byToken(token);
        if (survey.score() == null) throw Problems.conflict("Choose a score first");
        String c = comment == null ? "" : comment.strip();
        if (c.length() > 4000) throw Problems.invalid("comment", "at most 4000 characters");
        jdbc.sql("update csat_surveys set comment = nullif(:c, '') where id = :id").param("c", c).param("id", survey.id()).update();
        Survey now = reload(survey.id());
        publish(now);
        return now;
    }

    private void publish(Survey s) {
        events.publishEvent(new io.rapport.service.CsatAnswered(s.id(), s.ticketId(), s.contactId(), s.score(), s.comment(),
                s.answeredAt()));
    }

    private Survey reload(long id) {
        return jdbc.sql(SELECT + " where s.id = :id").param("id", id).query(Surveys::map).single();
    }

    private static final String SELECT = """
            select s.id, s.ticket_id, t.number, t.subject, s.contact_id, s.reason, s.sent_at, s.score, s.comment, s.answered_at
              from csat_surveys s join tickets t on t.id = s.ticket_id""";

    private static Survey map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Survey(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), (Long) rs.getObject(5), rs.getString(6),
                rs.getTimestamp(7).toInstant(), (Integer) rs.getObject(8, Integer.class), rs.getString(9),
                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant());
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
