package io.rapport.activities;

import io.rapport.activities.timeline.ActivityRepository;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.web.Problems;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The timeline's door for other modules: record what happened with a customer. */
@Service
public class Timeline {

    private final ActivityRepository activities;
    private final Contacts contacts;

    Timeline(ActivityRepository activities, Contacts contacts) {
        this.activities = activities;
        this.contacts = contacts;
    }

    /**
     * Records a touchpoint, in the caller's transaction when there is one (so it exists exactly when the
     * caller's change does). Returns the entry's id — the existing one when this source reference was recorded before.
     */
    @Transactional
    public long record(Touchpoint touchpoint) {
        Long accountId = contacts.accountOf(touchpoint.contactId())
                .orElseThrow(() -> Problems.notFound("Contact", touchpoint.contactId())).orElse(null);
        return activities.recordTouchpoint(touchpoint, accountId);
    }

    /**
     * Records many touchpoints in one statement (imports): contacts that no longer exist are left out, and a
     * source reference recorded before stays one entry. Returns how many entries were new.
     */
    @Transactional
    public int recordAll(java.util.List<Touchpoint> touchpoints) {
        return touchpoints.isEmpty() ? 0 : activities.recordTouchpoints(touchpoints);
    }
}
