package io.rapport.service.tickets;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * Who sees which tickets (docs/SECURITY.md "Tickets"): ADMIN, MANAGER and READ_ONLY see all; AGENT and SALES see
 * tickets assigned to them, tickets of their team, and tickets nobody has routed yet (no assignee, no team) so a
 * fresh ticket is never invisible to the desk. MARKETING has no access to tickets (403). READ_ONLY writes nothing.
 */
public final class TicketVisibility {

    private TicketVisibility() {}

    public static void requireReader(CurrentUser user) {
        if (user.role() == Role.MARKETING) throw Problems.forbidden("Your role MARKETING has no access to tickets");
    }

    public static void requireWriter(CurrentUser user) {
        requireReader(user);
        if (!user.role().canWrite()) throw Problems.forbidden("Your role " + user.role() + " cannot change tickets");
    }

    public static String condition(CurrentUser user, String alias) {
        if (!user.role().seesOnlyOwnBook()) return "true";
        String own = alias + ".assignee_id = :visUser or (" + alias + ".assignee_id is null and " + alias + ".team_id is null)";
        return user.teamId() == null ? "(" + own + ")" : "(" + own + " or " + alias + ".team_id = :visTeam)";
    }

    public static StatementSpec bind(StatementSpec spec, CurrentUser user) {
        if (!user.role().seesOnlyOwnBook()) return spec;
        spec = spec.param("visUser", user.id());
        return user.teamId() == null ? spec : spec.param("visTeam", user.teamId());
    }

    public static boolean canSee(CurrentUser user, Long assigneeId, Long teamId) {
        if (user.role() == Role.MARKETING) return false;
        return !user.role().seesOnlyOwnBook() || Objects.equals(assigneeId, user.id())
                || (assigneeId == null && teamId == null)
                || (user.teamId() != null && Objects.equals(teamId, user.teamId()));
    }
}
