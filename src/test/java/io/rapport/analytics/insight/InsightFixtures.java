package io.rapport.analytics.insight;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Contacts through the API; their orders, tickets, recovery steps, timeline entries and survey answers as plain SQL fixtures. */
record InsightFixtures(ApiFixtures fx, JdbcClient jdbc) {

    static final Instant NOW = Instant.now();

    static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes(Math.round(days * 1440)));
    }

    long contact(String tag, Long ownerId, Instant createdAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("lastName", Api.unique("Persona"), "tags", List.of(tag)));
        if (ownerId != null) body.put("ownerId", ownerId);
        long id = fx.contact(fx.admin(), Api.JSON.writeValueAsString(body)).get("id").asLong();
        jdbc.sql("update contacts set created_at = :at where id = :id").param("at", Timestamp.from(createdAt)).param("id", id).update();
        return id;
    }

    void order(long contact, Instant at, double total) {
        jdbc.sql("""
                        insert into orders (number, contact_id, ordered_at, status, channel, currency, total)
                        values (:n, :c, :at, 'COMPLETED', 'WEB', 'EUR', :t)""")
                .param("n", Api.unique("IN")).param("c", contact).param("at", Timestamp.from(at)).param("t", total).update();
    }

    long ticket(long requester, String type, String channel, Instant created, Instant solved, Double sentiment) {
        return jdbc.sql("""
                        insert into tickets (subject, status, type, channel, requester_id, created_at, solved_at, sentiment)
                        values ('Fixture', :s, :type, :ch, :r, :c, :solved, :sent) returning id""")
                .param("s", solved == null ? "OPEN" : "SOLVED").param("type", type).param("ch", channel).param("r", requester)
                .param("c", Timestamp.from(created)).param("solved", solved == null ? null : Timestamp.from(solved))
                .param("sent", sentiment).query(Long.class).single();
    }

    /** The recovery workflow to the end (acknowledged, apologised, corrective action, follow-up). */
    void recovered(long ticket, Instant at) {
        for (String step : new String[] {"ACKNOWLEDGED", "APOLOGISED", "CORRECTIVE_ACTION", "FOLLOW_UP"}) {
            jdbc.sql("""
                            insert into ticket_recovery_steps (ticket_id, step, corrective_action, done_at)
                            values (:t, :s, case when :s = 'CORRECTIVE_ACTION' then 'Replaced it' end, :at)""")
                    .param("t", ticket).param("s", step).param("at", Timestamp.from(at)).update();
        }
    }

    void answer(long contact, String kind, int score, Instant at) {
        jdbc.sql("insert into survey_responses (kind, score, contact_id, source, answered_at) values (:k, :s, :c, 'SURVEY', :at)")
                .param("k", kind).param("s", score).param("c", contact).param("at", Timestamp.from(at)).update();
    }

    void activity(long contact, String kind, String channel, String direction, String sentiment, String stage, Instant at) {
        jdbc.sql("""
                        insert into activities (kind, channel, occurred_at, contact_id, subject, direction, sentiment, journey_stage)
                        values (:k, :ch, :at, :c, 'Fixture', :dir, :sent, :stage)""")
                .param("k", kind).param("ch", channel).param("at", Timestamp.from(at)).param("c", contact).param("dir", direction)
                .param("sent", sentiment).param("stage", stage).update();
    }
}
