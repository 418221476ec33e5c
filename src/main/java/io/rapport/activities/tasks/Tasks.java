package io.rapport.activities.tasks;

import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Tasks with due dates, priorities and assignees, on a contact or account or on their own. */
@Service
public class Tasks {

    public record Filter(String assignee, String status, Long contact, Long account, Instant dueBefore, String cursor, int limit) {}

    private final TaskRepository tasks;
    private final Contacts contacts;
    private final Accounts accounts;
    private final UserDirectory users;
    private final AuditLog audit;
    private final io.rapport.activities.timeline.Activities activities;

    Tasks(TaskRepository tasks, Contacts contacts, Accounts accounts, UserDirectory users, AuditLog audit,
          io.rapport.activities.timeline.Activities activities) {
        this.activities = activities;
        this.tasks = tasks;
        this.contacts = contacts;
        this.accounts = accounts;
        this.users = users;
        this.audit = audit;
    }

    public Task get(CurrentUser user, long id) {
        return tasks.find(user, id).orElseThrow(() -> Problems.notFound("Task", id));
    }

    @Transactional
    public Task create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, TaskDraft.FIELDS);
        TaskDraft draft = new TaskDraft();
        draft.assigneeId = user.id();
        draft.apply(in, true);
        Long teamId = assigneeTeam(user, draft, in);
        in.throwIfInvalid();
        if (draft.activityId != null) {
            // a follow-up: it belongs to the entry's contact (or account)
            var entry = activities.get(user, draft.activityId);
            if (draft.contactId == null && draft.accountId == null) {
                draft.contactId = entry.contactId();
                draft.accountId = entry.accountId();
            } else if (!java.util.Objects.equals(draft.contactId, entry.contactId())) {
                throw Problems.invalid("activityId", "timeline entry " + draft.activityId + " is not on contact " + draft.contactId);
            }
        }
        if (draft.contactId != null) {
            Long accountOfContact = contacts.get(user, draft.contactId).accountId();
            if (draft.accountId == null) draft.accountId = accountOfContact;
        } else if (draft.accountId != null) {
            accounts.get(user, draft.accountId);
        }
        long id = tasks.insert(draft, teamId, user.id());
        audit.record("CREATE", "TASK", id, "Created task " + draft.title, Map.of("title", new FieldChange(null, draft.title)));
        return get(user, id);
    }

    /**
     * A task another module opens on someone's behalf (e.g. a follow-up for a stale deal), without a signed-in
     * writer: assigned to an active user, on a contact and/or account. Audited as created by no one (the system).
     */
    @Transactional
    public long openForAssignee(long assigneeId, String title, String notes, Long contactId, Long accountId, Instant dueAt) {
        UserAccount assignee = users.find(assigneeId).filter(UserAccount::active)
                .orElseThrow(() -> Problems.invalid("assigneeId", "no active user " + assigneeId));
        TaskDraft draft = new TaskDraft();
        draft.title = title;
        draft.notes = notes;
        draft.assigneeId = assigneeId;
        draft.contactId = contactId;
        draft.accountId = accountId;
        draft.dueAt = dueAt;
        long id = tasks.insert(draft, assignee.teamId(), assigneeId);
        audit.record(null, null, "CREATE", "TASK", id, "Created task " + title, Map.of("title", new FieldChange(null, title)));
        return id;
    }

    @Transactional
    public Task update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Task current = get(user, id);
        JsonFields in = new JsonFields(body, TaskDraft.FIELDS);
        TaskDraft draft = TaskDraft.of(current);
        draft.apply(in, false);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, draft.version);
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        Long teamId = assigneeTeam(user, draft, in);
        in.throwIfInvalid();
        expected.requireMatches("Task", id, current.version());
        if (!tasks.update(id, current.version(), draft, teamId)) throw expected.lostRace("Task", id, current.version());
        Task updated = tasks.find(user, id).orElse(null);
        audit.record("UPDATE", "TASK", id, "Updated task " + draft.title, FieldChange.between(snapshot(current), snapshot(draft)));
        // reassigned to someone whose tasks the writer does not see: answer with what was stored
        return updated != null ? updated : current;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireWriter(user);
        Task current = get(user, id);
        tasks.delete(id);
        audit.record("DELETE", "TASK", id, "Deleted task " + current.title(), Map.of());
    }

    /** Soonest due first (tasks without a due date last), keyset-paginated. */
    public PageResult<Task> list(CurrentUser user, Filter f) {
        StringBuilder where = new StringBuilder();
        Map<String, Object> params = new LinkedHashMap<>();
        if (f.assignee() != null && !f.assignee().isBlank()) {
            where.append(" and t.assignee_id = :assignee");
            params.put("assignee", f.assignee().equals("me") ? user.id() : parseId("assignee", f.assignee()));
        }
        String status = f.status() == null || f.status().isBlank() ? "OPEN" : f.status().trim().toUpperCase(Locale.ROOT);
        if (!status.equals("ANY")) {
            if (!TaskDraft.STATUSES.contains(status)) throw Problems.invalid("status", "one of " + TaskDraft.STATUSES + " or ANY");
            where.append(" and t.status = :status");
            params.put("status", status);
        }
        if (f.contact() != null) {
            contacts.get(user, f.contact());
            where.append(" and t.contact_id = :contact");
            params.put("contact", f.contact());
        }
        if (f.account() != null) {
            accounts.get(user, f.account());
            where.append(" and t.account_id = :account");
            params.put("account", f.account());
        }
        if (f.dueBefore() != null) {
            where.append(" and t.due_at < :dueBefore");
            params.put("dueBefore", java.sql.Timestamp.from(f.dueBefore()));
        }
        Instant afterDue = null;
        Long afterId = null;
        if (f.cursor() != null) {
            Cursor c = Cursor.decode(f.cursor());
            try {
                afterDue = c.value() == null ? null : Instant.parse(c.value());
            } catch (RuntimeException e) {
                throw Problems.invalid("cursor", "not a cursor returned by this API");
            }
            afterId = c.id();
        }
        List<Task> rows = tasks.page(user, where.toString(), params, afterDue, afterId, f.limit() + 1);
        boolean more = rows.size() > f.limit();
        List<Task> page = more ? rows.subList(0, f.limit()) : rows;
        String next = more ? new Cursor(page.getLast().dueAt() == null ? null : page.getLast().dueAt().toString(),
                page.getLast().id()).encode() : null;
        return new PageResult<>(page, next);
    }

    /** Assignee must be active; SALES and AGENT assign only to themselves or team-mates. */
    private Long assigneeTeam(CurrentUser writer, TaskDraft draft, JsonFields in) {
        if (draft.assigneeId == null) return null;
        UserAccount assignee = users.find(draft.assigneeId).filter(UserAccount::active).orElse(null);
        if (assignee == null) {
            in.error("assigneeId", "no active user " + draft.assigneeId);
            return null;
        }
        if (writer.role().seesOnlyOwnBook() && assignee.id() != writer.id()
                && (writer.teamId() == null || !Objects.equals(assignee.teamId(), writer.teamId()))) {
            in.error("assigneeId", "you can assign tasks only to yourself or your team");
        }
        return assignee.teamId();
    }

    private static Map<String, Object> snapshot(Task t) {
        return snapshot(TaskDraft.of(t));
    }

    private static Map<String, Object> snapshot(TaskDraft d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", d.title);
        m.put("dueAt", d.dueAt == null ? null : d.dueAt.toString());
        m.put("priority", d.priority);
        m.put("status", d.status);
        m.put("assigneeId", d.assigneeId);
        m.put("remindAt", d.remindAt == null ? null : d.remindAt.toString());
        return m;
    }

    private static long parseId(String field, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalid(field, "'" + raw + "' is not an id or 'me'");
        }
    }
}
