package io.rapport.platform.security;

import io.rapport.platform.web.Problems;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * Which owned records a user may see and change. Enforced in SQL so lists, search and
 * look-ups by id agree: a record you may not see is simply not found.
 */
public final class RecordVisibility {

    private RecordVisibility() {}

    /** A SQL condition over {@code alias.owner_id} / {@code alias.team_id}; bind it with {@link #bind}. */
    public static String condition(CurrentUser user, String alias) {
        if (!user.role().seesOnlyOwnBook()) {
            return "true";
        }
        return user.teamId() == null
                ? "(" + alias + ".owner_id = :visUser)"
                : "(" + alias + ".owner_id = :visUser or " + alias + ".team_id = :visTeam)";
    }

    public static StatementSpec bind(StatementSpec spec, CurrentUser user) {
        if (!user.role().seesOnlyOwnBook()) {
            return spec;
        }
        spec = spec.param("visUser", user.id());
        return user.teamId() == null ? spec : spec.param("visTeam", user.teamId());
    }

    public static boolean canSee(CurrentUser user, Long ownerId, Long teamId) {
        return !user.role().seesOnlyOwnBook()
                || Objects.equals(ownerId, user.id())
                || (user.teamId() != null && Objects.equals(teamId, user.teamId()));
    }

    public static void requireWriter(CurrentUser user) {
        if (!user.role().canWrite()) {
            throw Problems.forbidden("Your role " + user.role() + " cannot change records");
        }
    }

    public static void requireAdmin(CurrentUser user) {
        if (!user.isAdmin()) {
            throw Problems.forbidden("Only administrators can do this");
        }
    }
}
