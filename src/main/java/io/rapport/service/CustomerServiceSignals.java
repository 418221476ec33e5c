package io.rapport.service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read side of the service desk for customer analytics (churn risk): per contact, as of a moment in the past or now,
 * the complaints still open and the sentiment of what the customer wrote. Bulk reads over all contacts.
 */
@Component
public class CustomerServiceSignals {

    private final JdbcClient jdbc;

    CustomerServiceSignals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Contact → complaints (tickets of type COMPLAINT) opened before {@code asOf} and not solved by then. */
    public Map<Long, Integer> openComplaints(Instant asOf) {
        Map<Long, Integer> open = new HashMap<>();
        jdbc.sql("""
                        select requester_id, count(*) from tickets
                         where type = 'COMPLAINT' and requester_id is not null and merged_into_id is null and created_at < :t
                           and (solved_at is null or solved_at >= :t) and (closed_at is null or closed_at >= :t)
                         group by requester_id""")
                .param("t", Timestamp.from(asOf))
                .query(rs -> {
                    open.put(rs.getLong(1), rs.getInt(2));
                });
        return open;
    }

    /** Contact → average sentiment (−1 … 1) of the customer's scored messages written in [from, to). */
    public Map<Long, Double> averageSentiment(Instant from, Instant to) {
        Map<Long, Double> avg = new HashMap<>();
        jdbc.sql("""
                        select t.requester_id, avg(m.sentiment)::float8 from ticket_messages m join tickets t on t.id = m.ticket_id
                         where m.direction = 'INBOUND' and m.sentiment is not null and t.requester_id is not null
                           and m.created_at >= :f and m.created_at < :t
                         group by t.requester_id""")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to))
                .query(rs -> {
                    avg.put(rs.getLong(1), rs.getDouble(2));
                });
        return avg;
    }
}
