package io.rapport.activities;

import io.rapport.activities.notifications.Notifications;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Lets other modules put a notification on a user's bell (SLA warnings and breaches). */
@Service
public class UserNotifications {

    /** One notification for one user. */
    public record Note(long userId, String kind, String title, String body, String link) {}

    private final Notifications notifications;
    private final JdbcClient jdbc;

    UserNotifications(Notifications notifications, JdbcClient jdbc) {
        this.notifications = notifications;
        this.jdbc = jdbc;
    }

    /** Many notifications in one statement (a sweep warning hundreds of agents at once). */
    public void notifyEach(List<Note> notes) {
        if (notes.isEmpty()) return;
        jdbc.sql("""
                        insert into notifications (user_id, kind, title, body, link)
                        select u, k, left(t, 400), left(b, 2000), l
                        from unnest(:users::bigint[], :kinds::text[], :titles::text[], :bodies::text[], :links::text[]) as x(u, k, t, b, l)""")
                .param("users", notes.stream().map(Note::userId).toArray(Long[]::new))
                .param("kinds", notes.stream().map(Note::kind).toArray(String[]::new))
                .param("titles", notes.stream().map(Note::title).toArray(String[]::new))
                .param("bodies", notes.stream().map(Note::body).toArray(String[]::new))
                .param("links", notes.stream().map(Note::link).toArray(String[]::new)).update();
    }

    /** {@code kind} must be one the notifications table allows (e.g. SLA_WARNING, SLA_BREACH). */
    public long notify(long userId, String kind, String title, String body, String link) {
        return notifications.add(new Notifications.NewNotification(userId, kind, title, body, link, null, null));
    }
}
