package io.rapport.feedback.loop;

import io.rapport.activities.FollowUpTasks;
import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.feedback.SurveyKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What an answer sets off: an entry on the contact's timeline (naming the ticket or order it is about), and for a
 * detractor (NPS 0–6) or an unhappy CSAT (1–2) a follow-up task, due the next day, for the contact's owner — when
 * the contact has an active owner; otherwise the answer still counts and shows on the results page.
 */
@Service
public class ClosingTheLoop {

    private final Timeline timeline;
    private final FollowUpTasks tasks;
    private final JdbcClient jdbc;

    ClosingTheLoop(Timeline timeline, FollowUpTasks tasks, JdbcClient jdbc) {
        this.timeline = timeline;
        this.tasks = tasks;
        this.jdbc = jdbc;
    }

    public static boolean needsFollowUp(SurveyKind kind, int score) {
        return (kind == SurveyKind.NPS && score <= 6) || (kind == SurveyKind.CSAT && score <= 2);
    }

    public static Touchpoint.Sentiment sentimentOf(SurveyKind kind, int score) {
        return switch (kind) {
            case NPS -> score >= 9 ? Touchpoint.Sentiment.POSITIVE : score >= 7 ? Touchpoint.Sentiment.NEUTRAL : Touchpoint.Sentiment.NEGATIVE;
            case CSAT -> score >= 4 ? Touchpoint.Sentiment.POSITIVE : score == 3 ? Touchpoint.Sentiment.NEUTRAL : Touchpoint.Sentiment.NEGATIVE;
            case CES -> score >= 5 ? Touchpoint.Sentiment.POSITIVE : score == 4 ? Touchpoint.Sentiment.NEUTRAL : Touchpoint.Sentiment.NEGATIVE;
        };
    }

    /** Records the answer on the timeline (once per source reference). */
    public void onTimeline(long contactId, SurveyKind kind, int score, String surveyName, Long ticketId, Long orderId,
                           String comment, Instant at, String sourceRef) {
        if (jdbc.sql("select exists (select 1 from contacts where id = :c)").param("c", contactId).query(Boolean.class).single()) {
            timeline.record(new Touchpoint(contactId, Touchpoint.Channel.SURVEY, at,
                    kind + " " + score + "/" + kind.max() + " · " + surveyName + about(ticketId, orderId), comment,
                    kind == SurveyKind.NPS ? Touchpoint.JourneyStage.ADVOCACY : Touchpoint.JourneyStage.RETENTION,
                    sentimentOf(kind, score), "survey", sourceRef));
        }
    }

    /** Opens the follow-up task when the score calls for one; returns its id. */
    public Optional<Long> followUp(long contactId, SurveyKind kind, int score, String surveyName, Long ticketId, Long orderId,
                                   String comment) {
        if (!needsFollowUp(kind, score)) return Optional.empty();
        record Owner(long ownerId, Long accountId, String name) {}
        Optional<Owner> owner = jdbc.sql("""
                        select c.owner_id, c.account_id, trim(c.first_name || ' ' || c.last_name) from contacts c
                          join users u on u.id = c.owner_id and u.active where c.id = :c""")
                .param("c", contactId).query((rs, n) -> new Owner(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3))).optional();
        if (owner.isEmpty()) return Optional.empty();
        String title = "Follow up " + (kind == SurveyKind.NPS ? "detractor" : "unhappy customer") + ": " + owner.get().name()
                + " (" + kind + " " + score + ")";
        if (title.length() > 200) title = title.substring(0, 200);
        String notes = surveyName + about(ticketId, orderId) + (comment == null ? "" : "\n\n“" + comment + "”");
        return Optional.of(tasks.open(owner.get().ownerId(), title, notes, contactId, owner.get().accountId(),
                Instant.now().plus(Duration.ofDays(1))));
    }

    private String about(Long ticketId, Long orderId) {
        if (ticketId != null) {
            Long number = jdbc.sql("select number from tickets where id = :t").param("t", ticketId).query(Long.class).optional().orElse(null);
            return number == null ? "" : " · ticket #" + number;
        }
        if (orderId != null) {
            String number = jdbc.sql("select number from orders where id = :o").param("o", orderId).query(String.class).optional().orElse(null);
            return number == null ? "" : " · order " + number;
        }
        return "";
    }
}
