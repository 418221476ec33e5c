package io.rapport.activities;

import io.rapport.activities.notifications.Notifications;
import org.springframework.stereotype.Service;

/** Lets other modules put a notification on a user's bell (SLA warnings and breaches). */
@Service
public class UserNotifications {

    private final Notifications notifications;

    UserNotifications(Notifications notifications) {
        this.notifications = notifications;
    }

    /** {@code kind} must be one the notifications table allows (e.g. SLA_WARNING, SLA_BREACH). */
    public long notify(long userId, String kind, String title, String body, String link) {
        return notifications.add(new Notifications.NewNotification(userId, kind, title, body, link, null, null));
    }
}
