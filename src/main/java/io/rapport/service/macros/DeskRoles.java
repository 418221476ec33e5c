package io.rapport.service.macros;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.util.Set;

/**
 * Who may use the desk tools (macros, guidelines, sentiment, automation log): the people who work tickets — admins,
 * managers, agents — and READ_ONLY users, who may look but not change. SALES and MARKETING get 403.
 */
public final class DeskRoles {

    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.MANAGER, Role.AGENT, Role.READ_ONLY);

    private DeskRoles() {}

    public static boolean canRead(CurrentUser user) {
        return user != null && READERS.contains(user.role());
    }

    public static void requireReader(CurrentUser user) {
        if (!canRead(user)) throw Problems.forbidden("Your role " + user.role() + " does not work tickets");
    }

    public static void requireWriter(CurrentUser user) {
        requireReader(user);
        if (!user.role().canWrite()) throw Problems.forbidden("Your role " + user.role() + " cannot change records");
    }

    /** Admins and managers look after what everybody shares. */
    public static boolean managesShared(CurrentUser user) {
        return user.role() == Role.ADMIN || user.role() == Role.MANAGER;
    }
}
