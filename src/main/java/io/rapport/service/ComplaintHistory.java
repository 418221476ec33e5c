package io.rapport.service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read side of complaints, their recovery and the desk's CSAT for other modules (analytics' service recovery paradox
 * and touchpoint analysis). No user scoping: callers decide who may see the aggregates they build.
 */
@Component
public class ComplaintHistory {

    /** A complaint ticket; recovered when it is solved (or closed) and its recovery reached the follow-up step. */
    public record Complaint(long ticketId, long requesterId, Instant createdAt, Instant solvedAt, String status, int recoverySteps,
                            boolean recovered) {}

    /** One answered desk CSAT survey (1–5) with the channel of its ticket. */
    public record TicketCsat(long ticketId, Long contactId, String channel, int score, Instant answeredAt) {}

    /** Tickets per channel received in a period: volume, mean sentiment (−1…1), negative ones, and CSAT answers. */
    public record ChannelFigures(String channel, long tickets, Double averageSentiment, long negative, long complaints,
                                 long csatAnswers, Double csatAverage, long csatSatisfied) {}

    private final JdbcClient jdbc;

    ComplaintHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every complaint with a requester (merged tickets left out), oldest first. */
    public List<Complaint> complaints() {
        return jdbc.sql("""
                        select t.id, t.requester_id, t.created_at, t.solved_at, t.status,
                               (select count(*) from ticket_recovery_steps s where s.ticket_id = t.id),
                               t.status in ('SOLVED','CLOSED') and exists (select 1 from ticket_recovery_steps s
                                                                           where s.ticket_id = t.id and s.step = 'FOLLOW_UP')
                          from tickets t
                         where t.type = 'COMPLAINT' and t.requester_id is not null and t.merged_into_id is null
                         order by t.created_at, t.id""")
                .query((rs, n) -> new Complaint(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getInt(6), rs.getBoolean(7)))
                .list();
    }

    /** Desk CSAT answers given in [from, to), oldest first. */
    public List<TicketCsat> csatAnswers(Instant from, Instant to) {
        return jdbc.sql("""
                        select s.ticket_id, coalesce(s.contact_id, t.requester_id), t.channel, s.score, s.answered_at
                          from csat_surveys s join tickets t on t.id = s.ticket_id
                         where s.answered_at >= :from and s.answered_at < :to and s.score is not null
                         order by s.answered_at, s.id""")
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new TicketCsat(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getInt(4),
                        rs.getTimestamp(5).toInstant())).list();
    }

    /**
     * Tickets created in [from, to) per channel, of these requesters only (null: everyone's); the CSAT figures are
     * of the answers to those tickets.
     */
    public List<ChannelFigures> byChannel(Instant from, Instant to, Collection<Long> requesterIds) {
        if (requesterIds != null && requesterIds.isEmpty()) return List.of();
        String who = requesterIds == null ? "true" : "t.requester_id = any(cast(:ids as bigint[]))";
        var spec = jdbc.sql("""
                        select t.channel, count(*), avg(t.sentiment), count(*) filter (where t.sentiment <= -0.3),
                               count(*) filter (where t.type = 'COMPLAINT'),
                               count(s.score), avg(s.score), count(*) filter (where s.score >= 4)
                          from tickets t left join csat_surveys s on s.ticket_id = t.id and s.score is not null
                         where t.created_at >= :from and t.created_at < :to and t.merged_into_id is null and %s
                         group by t.channel order by count(*) desc, t.channel""".formatted(who))
                .params(Map.of("from", Timestamp.from(from), "to", Timestamp.from(to)));
        if (requesterIds != null) spec = spec.param("ids", requesterIds.stream().mapToLong(Long::longValue).toArray());
        return spec.query((rs, n) -> new ChannelFigures(rs.getString(1), rs.getLong(2), dbl(rs, 3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), dbl(rs, 7), rs.getLong(8))).list();
    }

    private static Double dbl(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        java.math.BigDecimal v = rs.getBigDecimal(i);
        return v == null ? null : v.doubleValue();
    }
}
