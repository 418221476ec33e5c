package io.rapport.customers.ownership;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.JsonFields;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Who may own a record: an active user, and for SALES/AGENT writers only themselves or a team-mate. */
@Component
public class OwnerCheck {

    private final UserDirectory users;

    OwnerCheck(UserDirectory users) {
        this.users = users;
    }

    /** The owner's team (stored on the record for team visibility), or null; problems go to {@code in}. */
    public Long teamOf(CurrentUser writer, Long ownerId, JsonFields in) {
        if (ownerId == null) {
            // an unowned record is outside a SALES/AGENT writer's book: they could not see what they just saved
            if (writer.role().seesOnlyOwnBook()) in.error("ownerId", "you can assign records only to yourself or your team");
            return null;
        }
        UserAccount owner = users.find(ownerId).filter(UserAccount::active).orElse(null);
        if (owner == null) {
            in.error("ownerId", "no active user " + ownerId);
            return null;
        }
        if (writer.role().seesOnlyOwnBook() && owner.id() != writer.id()
                && (writer.teamId() == null || !Objects.equals(owner.teamId(), writer.teamId()))) {
            in.error("ownerId", "you can assign records only to yourself or your team");
            return null;
        }
        return owner.teamId();
    }
}
