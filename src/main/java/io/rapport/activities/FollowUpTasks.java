package io.rapport.activities;

import io.rapport.activities.tasks.Tasks;
import java.time.Instant;
import org.springframework.stereotype.Service;

/** The tasks' door for other modules: open a follow-up task for a user without a signed-in writer (jobs, rules). */
@Service
public class FollowUpTasks {

    private final Tasks tasks;

    FollowUpTasks(Tasks tasks) {
        this.tasks = tasks;
    }

    /** Opens a task assigned to an active user, on a contact and/or account (both may be null); returns its id. */
    public long open(long assigneeId, String title, String notes, Long contactId, Long accountId, Instant dueAt) {
        return tasks.openForAssignee(assigneeId, title, notes, contactId, accountId, dueAt);
    }
}
