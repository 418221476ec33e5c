package io.rapport.service.automation;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.rapport.service.macros.DeskRoles;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What automation did: per ticket (agents see it on the ticket) and overall (admins and managers). */
@Service
public class AutomationLog {

    public record Entry(long id, Long ruleId, String ruleName, long ticketId, long ticketNumber, String trigger,
                        String actions, Instant firedAt) {}

    private static final String SELECT = """
            select l.id, l.rule_id, l.rule_name, l.ticket_id, t.number, l.trigger, l.actions, l.fired_at
              from automation_log l join tickets t on t.id = l.ticket_id""";

    private final JdbcClient jdbc;

    AutomationLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Entry> forTicket(CurrentUser user, long ticketId) {
        DeskRoles.requireReader(user);
        if (!jdbc.sql("select exists(select 1 from tickets where id = :id)").param("id", ticketId).query(Boolean.class).single()) {
            throw Problems.notFound("Ticket", ticketId);
        }
        return jdbc.sql(SELECT + " where l.ticket_id = :t order by l.fired_at desc, l.id desc limit 200")
                .param("t", ticketId).query(this::map).list();
    }

    /** The latest firings, newest first; {@code beforeId} pages back. */
    public List<Entry> recent(CurrentUser user, Long beforeId, int limit) {
        AutomationRules.requireReader(user);
        return jdbc.sql(SELECT + " where (:before::bigint is null or l.id < :before) order by l.id desc limit :limit")
                .param("before", beforeId).param("limit", Math.max(1, Math.min(limit, 200))).query(this::map).list();
    }

    private Entry map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Entry(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant());
    }
}
