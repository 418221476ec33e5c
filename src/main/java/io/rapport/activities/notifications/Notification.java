package io.rapport.activities.notifications;

import java.time.Instant;

/** Something the bell tells one user: a task reminder, with a link to what it is about. */
public record Notification(long id, String kind, String title, String body, String link, Long taskId, Long contactId,
                           Instant createdAt, Instant readAt) {

    public boolean unread() {
        return readAt == null;
    }
}
