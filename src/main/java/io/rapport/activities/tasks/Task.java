package io.rapport.activities.tasks;

import java.time.Instant;

/** Something someone has to do, by when, for which customer. */
public record Task(long id, String title, String notes, Instant dueAt, String priority, String status, Long assigneeId,
                   String assigneeName, Long teamId, Long contactId, Long accountId, Long activityId, Instant remindAt,
                   Long createdBy, Instant createdAt, Instant updatedAt, Instant completedAt, int version) {

    public boolean isOverdue() {
        return "OPEN".equals(status) && dueAt != null && dueAt.isBefore(Instant.now());
    }
}
