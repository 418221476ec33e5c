package io.rapport.service.tickets;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who else has a ticket open: each open ticket page beats every ~15 s; beats older than 30 s are ignored. Kept in
 * PostgreSQL, so agents on different app nodes see each other.
 */
@Component
class TicketPresence {

    record Other(long userId, String name, boolean replying) {}

    private final JdbcClient jdbc;

    TicketPresence(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records this user's heartbeat and returns the others seen in the last 30 seconds. */
    List<Other> beat(long ticketId, long userId, boolean replying) {
        jdbc.sql("""
                insert into ticket_presence (ticket_id, user_id, replying, seen_at) values (:t, :u, :r, now())
                on conflict (ticket_id, user_id) do update set replying = excluded.replying, seen_at = now()""")
                .param("t", ticketId).param("u", userId).param("r", replying).update();
        return others(ticketId, userId);
    }

    List<Other> others(long ticketId, long userId) {
        return jdbc.sql("""
                        select p.user_id, u.name, p.replying from ticket_presence p join users u on u.id = p.user_id
                         where p.ticket_id = :t and p.user_id <> :u and p.seen_at > now() - interval '30 seconds'
                         order by u.name""")
                .param("t", ticketId).param("u", userId)
                .query((rs, n) -> new Other(rs.getLong(1), rs.getString(2), rs.getBoolean(3))).list();
    }

    void leave(long ticketId, long userId) {
        jdbc.sql("delete from ticket_presence where ticket_id = :t and user_id = :u").param("t", ticketId).param("u", userId).update();
    }
}
