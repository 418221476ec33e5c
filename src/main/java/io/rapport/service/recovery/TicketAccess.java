package io.rapport.service.recovery;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may see and work a ticket, for the recovery, survey, QA and metrics endpoints (the tickets lane owns the
 * ticket API; this is the smallest rule these need). AGENT, MANAGER and ADMIN work tickets — an agent those
 * assigned to them, their team's and the unassigned ones; READ_ONLY reads all; SALES reads the tickets of
 * contacts in their book (others are 404, as for contacts); MARKETING has no business on the service desk (403).
 */
@Component
public class TicketAccess {

    public record TicketRef(long id, long number, String subject, String status, String type, String channel,
                            Long requesterId, Long assigneeId, Long teamId) {}

    private static final Set<Role> WORKERS = Set.of(Role.AGENT, Role.MANAGER, Role.ADMIN);

    private final JdbcClient jdbc;

    TicketAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static void requireService(CurrentUser user) {
        if (user.role() == Role.MARKETING) throw Problems.forbidden("Your role MARKETING has no access to the service desk");
    }

    public static void requireWorker(CurrentUser user) {
        requireService(user);
        if (!WORKERS.contains(user.role())) throw Problems.forbidden("Your role " + user.role() + " cannot work tickets");
    }

    public static boolean isWorker(CurrentUser user) {
        return WORKERS.contains(user.role());
    }

    /** The same rule as {@link #read} as a SQL condition over a tickets alias, for lists; bind {@link #visibleParams}. */
    public String visibleCondition(CurrentUser user, String t) {
        return switch (user.role()) {
            case ADMIN, MANAGER, READ_ONLY -> "true";
            case AGENT -> "(" + t + ".assignee_id = :visUser or " + t + ".team_id = :visTeam or (" + t + ".assignee_id is null and "
                    + t + ".team_id is null))";
            case SALES -> "exists (select 1 from contacts c where c.id = " + t + ".requester_id and "
                    + RecordVisibility.condition(user, "c") + ")";
            case MARKETING -> "false";
        };
    }

    public java.util.Map<String, Object> visibleParams(CurrentUser user) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("visUser", user.id());
        p.put("visTeam", user.teamId() == null ? -1L : user.teamId());
        return p;
    }

    public static boolean isReviewer(CurrentUser user) {
        return user.role() == Role.MANAGER || user.role() == Role.ADMIN;
    }

    /** The ticket as this user may read it, else 404 (403 for MARKETING). */
    public TicketRef read(CurrentUser user, long ticketId) {
        requireService(user);
        TicketRef t = jdbc.sql("""
                        select id, number, subject, status, type, channel, requester_id, assignee_id, team_id
                          from tickets where id = :id""").param("id", ticketId)
                .query((rs, n) -> new TicketRef(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), (Long) rs.getObject(7), (Long) rs.getObject(8), (Long) rs.getObject(9)))
                .optional().orElseThrow(() -> Problems.notFound("Ticket", ticketId));
        if (!canSee(user, t)) throw Problems.notFound("Ticket", ticketId);
        return t;
    }

    /** The ticket if this user may work it: 404 when they cannot see it, 403 when they may only read. */
    public TicketRef work(CurrentUser user, long ticketId) {
        TicketRef t = read(user, ticketId);
        requireWorker(user);
        return t;
    }

    private boolean canSee(CurrentUser user, TicketRef t) {
        return switch (user.role()) {
            case ADMIN, MANAGER, READ_ONLY -> true;
            case AGENT -> user.id() == (t.assigneeId() == null ? -1 : t.assigneeId())
                    || (user.teamId() != null && user.teamId().equals(t.teamId()))
                    || (t.assigneeId() == null && t.teamId() == null);
            case SALES -> t.requesterId() != null && RecordVisibility.bind(jdbc.sql(
                            "select count(*) from contacts c where c.id = :c and " + RecordVisibility.condition(user, "c"))
                    .param("c", t.requesterId()), user).query(Long.class).single() > 0;
            case MARKETING -> false;
        };
    }
}
