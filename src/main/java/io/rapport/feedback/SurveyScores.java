package io.rapport.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read side of all survey answers (feedback's own surveys and the service desk's CSAT) for the other modules.
 */
@Component
public class SurveyScores {

    private static final String COLUMNS = """
            select id, kind, score, contact_id, account_id, ticket_id, order_id, source, answered_at
            from survey_responses""";

    private final JdbcClient jdbc;

    SurveyScores(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Answers of one kind given in [from, to), oldest first. */
    public List<ScoredAnswer> answers(SurveyKind kind, Instant from, Instant to) {
        return jdbc.sql(COLUMNS + " where kind = ? and answered_at >= ? and answered_at < ? order by answered_at, id")
                .params(kind.name(), java.sql.Timestamp.from(from), java.sql.Timestamp.from(to))
                .query(SurveyScores::answer).list();
    }

    /** Each contact's latest answer of this kind given before {@code asOf}: contact id → score. */
    public Map<Long, Integer> latestByContact(SurveyKind kind, Instant asOf) {
        Map<Long, Integer> latest = new java.util.HashMap<>();
        jdbc.sql("""
                        select distinct on (contact_id) contact_id, score from survey_responses
                        where kind = ? and contact_id is not null and answered_at < ?
                        order by contact_id, answered_at desc, id desc""")
                .params(kind.name(), java.sql.Timestamp.from(asOf))
                .query(rs -> {
                    latest.put(rs.getLong(1), rs.getInt(2));
                });
        return latest;
    }

    /** All answers of one contact, newest first. */
    public List<ScoredAnswer> ofContact(long contactId) {
        return jdbc.sql(COLUMNS + " where contact_id = ? order by answered_at desc, id desc")
                .param(contactId).query(SurveyScores::answer).list();
    }

    private static ScoredAnswer answer(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ScoredAnswer(rs.getLong("id"), SurveyKind.valueOf(rs.getString("kind")), rs.getInt("score"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("account_id"), (Long) rs.getObject("ticket_id"),
                (Long) rs.getObject("order_id"), rs.getString("source"), rs.getTimestamp("answered_at").toInstant());
    }
}
