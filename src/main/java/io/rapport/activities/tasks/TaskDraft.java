package io.rapport.activities.tasks;

import io.rapport.platform.web.JsonFields;
import java.time.Instant;
import java.util.List;
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
        if (in.has("dueAt")) dueAt = in.instant("dueAt");
        if (in.has("remindAt")) remindAt = in.instant("remindAt");
        if (in.has("priority")) priority = orElse(in.oneOf("priority", PRIORITIES), priority);
        if (in.has("status")) status = orElse(in.oneOf("status", STATUSES), status);
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


    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
