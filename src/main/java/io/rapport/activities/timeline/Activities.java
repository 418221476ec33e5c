package io.rapport.activities.timeline;

import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.Contact;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Logging and reading timeline entries. An entry is visible to whoever may see its contact (or, for entries
 * on an account only, its account); the contact and account services decide that.
 */
@Service
public class Activities {

    private final ActivityRepository activities;
    private final Contacts contacts;
    private final Accounts accounts;
    private final AuditLog audit;

    Activities(ActivityRepository activities, Contacts contacts, Accounts accounts, AuditLog audit) {
        this.activities = activities;
        this.contacts = contacts;
        this.accounts = accounts;
        this.audit = audit;
    }

    @Transactional
    public Activity log(CurrentUser user, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, ActivityDraft.FIELDS);
        ActivityDraft draft = ActivityDraft.from(in);
        in.throwIfInvalid();
        if (draft.contactId != null) {
            Contact contact = contacts.get(user, draft.contactId);
            if (draft.accountId != null && !draft.accountId.equals(contact.accountId())) {
                throw Problems.invalid("accountId", "the contact belongs to " + (contact.accountId() == null
                        ? "no account" : "account " + contact.accountId()) + "; leave accountId out");
            }
            draft.accountId = contact.accountId();
        } else {
            accounts.get(user, draft.accountId);
        }
        long id = activities.insert(draft, user.id());
        audit.record("CREATE", "ACTIVITY", id, "Logged " + draft.kind.name().toLowerCase() + (draft.subject == null ? ""
                : ": " + draft.subject), Map.of("contactId", new FieldChange(null, draft.contactId)));
        return activities.find(id).orElseThrow();
    }

    public Activity get(CurrentUser user, long id) {
        Activity activity = activities.find(id).orElseThrow(() -> Problems.notFound("Activity", id));
        requireVisible(user, activity, id);
        return activity;
    }

    /**
     * Edits an entry: the same checks as logging, on the stored entry with the request's fields applied.
     * Needs the entry's version (body or If-Match) like every PATCH.
     */
    @Transactional
    public Activity update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Activity current = get(user, id);
        requireEditable(user, current, "change");
        JsonFields in = new JsonFields(body, ActivityDraft.EDIT_FIELDS);
        ActivityDraft draft = ActivityDraft.of(current);
        draft.apply(in, false);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, draft.version);
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        in.throwIfInvalid();
        expected.requireMatches("Activity", id, current.version());
        if (!activities.update(id, current.version(), draft)) throw expected.lostRace("Activity", id, current.version());
        Map<String, FieldChange> changes = FieldChange.between(ActivityDraft.of(current).snapshot(), draft.snapshot());
        audit.record("UPDATE", "ACTIVITY", id, "Edited " + draft.kind.name().toLowerCase()
                + (draft.subject == null ? "" : ": " + draft.subject), changes);
        return activities.find(id).orElseThrow();
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireWriter(user);
        Activity activity = get(user, id);
        requireEditable(user, activity, "delete");
        activities.delete(id);
        audit.record("DELETE", "ACTIVITY", id, "Deleted " + activity.type().name().toLowerCase(), Map.of());
    }

    private static void requireEditable(CurrentUser user, Activity activity, String what) {
        if (activity.type() == Activity.Kind.TOUCHPOINT) throw Problems.forbidden("Touchpoints are kept by the module that wrote them");
        if (!activity.editableBy(user)) {
            throw Problems.forbidden("Only the author, a manager or an administrator can " + what + " this entry");
        }
    }

    /** A contact's or an account's timeline, newest first; exactly one of the two ids. */
    public PageResult<Activity> timeline(CurrentUser user, Long contactId, Long accountId, String type, Instant since,
                                         String cursor, int limit) {
        String kind = type == null || type.isBlank() ? null : type.trim().toUpperCase(java.util.Locale.ROOT);
        if (kind != null && java.util.Arrays.stream(Activity.Kind.values()).noneMatch(k -> k.name().equals(kind))) {
            throw Problems.invalid("type", "one of " + java.util.Arrays.toString(Activity.Kind.values()));
        }
        String scope;
        Map<String, Object> params;
        if (contactId != null) {
            contacts.get(user, contactId);
            scope = "a.contact_id = :scopeId";
            params = Map.of("scopeId", contactId);
        } else if (accountId != null) {
            accounts.get(user, accountId);
            scope = "a.account_id = :scopeId";
            params = Map.of("scopeId", accountId);
        } else {
            throw Problems.invalid("contact", "give a contact or an account whose timeline to read");
        }
        List<Activity> rows = activities.page(scope, params, kind, since, cursor, limit + 1);
        boolean more = rows.size() > limit;
        List<Activity> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new Cursor(page.getLast().occurredAt().toString(), page.getLast().id()).encode() : null;
        return new PageResult<>(page, next);
    }

    /** The user's own meetings in the coming days (they logged them, so they may see them). */
    public List<Activity> upcomingMeetings(CurrentUser user, java.time.Duration within, int limit) {
        Instant now = Instant.now();
        return activities.meetingsOf(user.id(), now, now.plus(within), limit);
    }

    /** Meetings the user logged from {@code from} on, soonest first — for their calendar feed. */
    public List<Activity> meetingsSince(long authorId, Instant from, int limit) {
        return activities.meetingsOf(authorId, from, Instant.parse("9999-12-31T00:00:00Z"), limit);
    }

    private void requireVisible(CurrentUser user, Activity activity, long id) {
        try {
            if (activity.contactId() != null) contacts.get(user, activity.contactId());
            else accounts.get(user, activity.accountId());
        } catch (io.rapport.platform.web.ApiProblem notVisible) {
            throw Problems.notFound("Activity", id);
        }
    }
}
