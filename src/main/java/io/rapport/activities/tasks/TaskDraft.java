package io.rapport.activities.tasks;

import io.rapport.platform.web.JsonFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A task being created or changed: starts empty or from the stored task, then takes the request's fields. */
final class TaskDraft {

    static final Set<String> FIELDS = Set.of("title", "notes", "dueAt", "priority", "status", "assigneeId", "contactId",
            "accountId", "activityId", "remindAt", "version",
            "id", "assigneeName", "teamId", "createdBy", "createdAt", "updatedAt", "completedAt", "overdue");
    static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    static final List<String> STATUSES = List.of("OPEN", "DONE", "CANCELLED");

    String title;
    String notes;
    Instant dueAt;
    String priority = "NORMAL";
    String status = "OPEN";
    Long assigneeId;
    Long contactId;
    Long accountId;
    Long activityId;
    Instant remindAt;
    Integer version;

    static TaskDraft of(Task t) {
        TaskDraft d = new TaskDraft();
        d.title = t.title();
        d.notes = t.notes();
        d.dueAt = t.dueAt();
        d.priority = t.priority();
        d.status = t.status();
        d.assigneeId = t.assigneeId();
        d.contactId = t.contactId();
        d.accountId = t.accountId();
        d.activityId = t.activityId();
        d.remindAt = t.remindAt();
        return d;
    }

    void apply(JsonFields in, boolean creating) {
        if (in.has("title")) title = in.text("title", 300);
        if (in.has("notes")) notes = in.text("notes", 10_000);
        if (in.has("dueAt")) dueAt = instant(in, "dueAt");
        if (in.has("remindAt")) remindAt = instant(in, "remindAt");
        if (in.has("priority")) priority = oneOf(in, "priority", PRIORITIES, priority);
        if (in.has("status")) status = oneOf(in, "status", STATUSES, status);
        if (in.has("assigneeId")) assigneeId = in.id("assigneeId");
        if (in.has("version")) version = in.integer("version");
        if (creating) {
            contactId = in.id("contactId");
            accountId = in.id("accountId");
            activityId = in.id("activityId");
        } else {
            for (String fixed : List.of("contactId", "accountId", "activityId")) {
                if (in.has(fixed)) in.error(fixed, "a task stays with the record it was created for");
            }
        }
        if (title == null) in.error("title", "required");
    }

    private static String oneOf(JsonFields in, String field, List<String> allowed, String fallback) {
        String raw = in.text(field, 20);
        if (raw == null) return fallback;
        String value = raw.toUpperCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            in.error(field, "one of " + allowed);
            return fallback;
        }
        return value;
    }

    private static Instant instant(JsonFields in, String field) {
        String raw = in.text(field, 40);
        if (raw == null) return null;
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            in.error(field, "an ISO-8601 instant such as 2026-11-23T14:30:00Z");
            return null;
        }
    }
}
