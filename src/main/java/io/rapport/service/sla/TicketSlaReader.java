package io.rapport.service.sla;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import io.rapport.service.calendars.BusinessCalendar;
import io.rapport.service.calendars.BusinessCalendars;
import io.rapport.service.calendars.BusinessTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads a ticket's clocks for the ticket page and the API; visibility as for the ticket (assignee/team book). */
@Service
public class TicketSlaReader {

    private final JdbcClient jdbc;
    private final BusinessCalendars calendars;

    TicketSlaReader(JdbcClient jdbc, BusinessCalendars calendars) {
        this.jdbc = jdbc;
        this.calendars = calendars;
    }

    public TicketSla read(CurrentUser user, long ticketId, Instant now) {
        record Head(Long assignee, Long team, Instant due) {}
        Head head = jdbc.sql("select assignee_id, team_id, sla_due_at from tickets where id = :id").param("id", ticketId)
                .query((rs, n) -> new Head((Long) rs.getObject(1), (Long) rs.getObject(2), instant(rs, "sla_due_at")))
                .optional().filter(h -> RecordVisibility.canSee(user, h.assignee(), h.team()))
                .orElseThrow(() -> Problems.notFound("Ticket", ticketId));
        List<TicketSla.Clock> clocks = jdbc.sql("""
                        select c.*, p.name as policy_name from ticket_sla_clocks c left join sla_policies p on p.id = c.policy_id
                        where c.ticket_id = :id order by c.id""")
                .param("id", ticketId).query((rs, n) -> clock(rs, now)).list();
        List<TicketSla.LogEntry> log = jdbc.sql("""
                        select created_at, metric, event, actions from sla_escalation_log where ticket_id = :id
                        order by id desc limit 50""")
                .param("id", ticketId).query((rs, n) -> new TicketSla.LogEntry(instant(rs, "created_at"), rs.getString("metric"),
                        rs.getString("event"), rs.getString("actions"))).list();
        return new TicketSla(ticketId, head.due(), clocks, log);
    }

    private TicketSla.Clock clock(ResultSet rs, Instant now) throws SQLException {
        Long calendarId = (Long) rs.getObject("calendar_id");
        BusinessCalendar cal = calendarId == null ? BusinessCalendar.twentyFourSeven(ZoneOffset.UTC) : calendars.calendar(calendarId);
        Instant due = instant(rs, "due_at"), warn = instant(rs, "warn_at"), paused = instant(rs, "paused_at"),
                stopped = instant(rs, "stopped_at"), breached = instant(rs, "breached_at");
        // a paused clock stands still at its pause time; a stopped one at its stop time
        Instant at = stopped != null ? stopped : paused != null ? paused : now;
        String state;
        if (stopped != null) state = breached != null ? "MISSED" : "MET";
        else if (paused != null) state = "PAUSED";
        else state = due.isBefore(now) || breached != null ? "BREACHED" : "RUNNING";
        long remaining = BusinessTime.businessTimeBetween(at, due, cal).toSeconds();
        long overdue = BusinessTime.businessTimeBetween(due, at, cal).toSeconds();
        boolean soon = "RUNNING".equals(state) && !warn.isAfter(now);
        String metric = rs.getString("metric");
        return new TicketSla.Clock(rs.getLong("id"), metric, label(metric), (Long) rs.getObject("policy_id"),
                rs.getString("policy_name"), rs.getInt("target_minutes"), instant(rs, "started_at"), due, paused, stopped,
                breached, rs.getLong("paused_business_seconds"), state, soon, remaining, overdue);
    }

    static String label(String metric) {
        return switch (metric) {
            case "FIRST_RESPONSE" -> "First response";
            case "NEXT_RESPONSE" -> "Next response";
            default -> "Resolution";
        };
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
