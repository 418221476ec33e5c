package io.rapport.sales.leads;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.JsonFields;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Who may own a lead: an active user; SALES and AGENT writers only themselves or a team-mate (as for contacts). */
@Component
class LeadOwners {

    private final UserDirectory users;

    LeadOwners(UserDirectory users) {
        this.users = users;
    }

    /** The owner's team, or null; problems go to {@code in}. */
    Long teamOf(CurrentUser writer, Long ownerId, JsonFields in) {
        if (ownerId == null) return null;
        UserAccount owner = users.find(ownerId).filter(UserAccount::active).orElse(null);
        if (owner == null) {
            in.error("ownerId", "no active user " + ownerId);
            return null;
        }
        if (writer != null && writer.role().seesOnlyOwnBook() && owner.id() != writer.id()
                && (writer.teamId() == null || !Objects.equals(owner.teamId(), writer.teamId()))) {
            in.error("ownerId", "you can assign leads only to yourself or your team");
            return null;
        }
        return owner.teamId();
    }
}
