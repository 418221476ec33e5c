package io.rapport.feedback.results;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Individual answers, newest first, keyset-paginated, limited to the contacts the user may see (sales and agents:
 * their own and their team's contacts; an answer without a contact only for the roles that see every record).
 */
@Service
public class SurveyResponses {

    public record Response(long id, String kind, int score, String comment, Double sentiment, List<String> topics, Long contactId,
                           String contactName, Long accountId, Long ticketId, Long orderId, String source, Long surveyId,
                           Long invitationId, Instant answeredAt, Map<Long, String> answers) {}

    private final JdbcClient jdbc;

    SurveyResponses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** surveyId null: every source (service CSAT included). */
    public PageResult<Response> page(CurrentUser user, Long surveyId, String source, String cursor, int limit) {
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        Instant afterAt = null;
        if (after != null) {
            try {
                afterAt = Instant.parse(after.value());
            } catch (RuntimeException e) {
                throw Problems.invalid("cursor", "not a cursor returned by this API");
            }
        }
        String sql = """
                select r.id, r.kind, r.score, r.comment, r.sentiment::float8, r.topics, r.contact_id,
                       trim(c.first_name || ' ' || c.last_name), r.account_id, r.ticket_id, r.order_id, r.source, r.survey_id,
                       r.invitation_id, r.answered_at
                  from survey_responses r left join contacts c on c.id = r.contact_id
                 where (%s) %s %s %s
                 order by r.answered_at desc, r.id desc limit :limit""".formatted(
                RecordVisibility.condition(user, "c"),
                surveyId == null ? "" : "and r.survey_id = :survey",
                source == null ? "" : "and r.source = :source",
                after == null ? "" : "and (r.answered_at, r.id) < (:afterAt, :afterId)");
        var spec = RecordVisibility.bind(jdbc.sql(sql), user).param("limit", limit + 1);
        if (surveyId != null) spec = spec.param("survey", surveyId);
        if (source != null) spec = spec.param("source", source);
        if (after != null) spec = spec.param("afterAt", java.sql.Timestamp.from(afterAt)).param("afterId", after.id());
        List<Response> rows = spec.query((rs, n) -> new Response(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                (Double) rs.getObject(5), Arrays.asList((String[]) rs.getArray(6).getArray()), (Long) rs.getObject(7),
                rs.getString(8), (Long) rs.getObject(9), (Long) rs.getObject(10), (Long) rs.getObject(11), rs.getString(12),
                (Long) rs.getObject(13), (Long) rs.getObject(14), rs.getTimestamp(15).toInstant(), Map.of())).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Response last = rows.getLast();
            next = new Cursor(last.answeredAt().toString(), last.id()).encode();
        }
        List<Long> invitationIds = rows.stream().map(Response::invitationId).filter(java.util.Objects::nonNull).distinct().toList();
        Map<Long, Map<Long, String>> answers = new HashMap<>();
        if (!invitationIds.isEmpty()) {
            jdbc.sql("select invitation_id, question_id, value from survey_answers where invitation_id = any(:ids)")
                    .param("ids", invitationIds.toArray(Long[]::new))
                    .query(rs -> {
                        answers.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getLong(2), rs.getString(3));
                    });
        }
        List<Response> withAnswers = rows.stream().map(r -> r.invitationId() == null || !answers.containsKey(r.invitationId()) ? r
                : new Response(r.id(), r.kind(), r.score(), r.comment(), r.sentiment(), r.topics(), r.contactId(), r.contactName(),
                r.accountId(), r.ticketId(), r.orderId(), r.source(), r.surveyId(), r.invitationId(), r.answeredAt(),
                answers.get(r.invitationId()))).toList();
        return new PageResult<>(withAnswers, next);
    }
}
