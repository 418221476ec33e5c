package io.rapport.activities.notifications;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Each user's own notifications, newest first. Nobody reads or marks anyone else's: other ids are not found. */
@Service
public class Notifications {

    /** What the reminder job writes. */
    public record NewNotification(long userId, String kind, String title, String body, String link, Long taskId,
                                  Long contactId) {}

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long add(NewNotification n) {
        return jdbc.sql("""
                insert into notifications (user_id, kind, title, body, link, task_id, contact_id)
                values (:user, :kind, left(:title, 400), left(:body, 2000), :link, :task, :contact) returning id""")
                .param("user", n.userId()).param("kind", n.kind()).param("title", n.title()).param("body", n.body())
                .param("link", n.link()).param("task", n.taskId()).param("contact", n.contactId())
                .query(Long.class).single();
    }

    /** Newest first, keyset by id; {@code unreadOnly} leaves out what was read. */
    public PageResult<Notification> page(CurrentUser user, boolean unreadOnly, String cursor, int limit) {
        Long before = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor).id();
        List<Notification> rows = jdbc.sql("select * from notifications where user_id = :user"
                        + (unreadOnly ? " and read_at is null" : "")
                        + (before == null ? "" : " and id < :before") + " order by id desc limit :limit")
                .param("user", user.id()).param("before", before).param("limit", limit + 1)
                .query(Notifications::map).list();
        boolean more = rows.size() > limit;
        List<Notification> page = more ? rows.subList(0, limit) : rows;
        return new PageResult<>(page, more ? new Cursor(null, page.getLast().id()).encode() : null);
    }

    public long unreadCount(CurrentUser user) {
        return jdbc.sql("select count(*) from notifications where user_id = :user and read_at is null")
                .param("user", user.id()).query(Long.class).single();
    }

    /** Marks one of the user's notifications read (again is harmless) and returns it. */
    public Notification markRead(CurrentUser user, long id) {
        return jdbc.sql("""
                update notifications set read_at = coalesce(read_at, now()) where id = :id and user_id = :user returning *""")
                .param("id", id).param("user", user.id()).query(Notifications::map).optional()
                .orElseThrow(() -> Problems.notFound("Notification", id));
    }

    public int markAllRead(CurrentUser user) {
        return jdbc.sql("update notifications set read_at = now() where user_id = :user and read_at is null")
                .param("user", user.id()).update();
    }

    private static Notification map(ResultSet rs, int row) throws SQLException {
        Timestamp read = rs.getTimestamp("read_at");
        return new Notification(rs.getLong("id"), rs.getString("kind"), rs.getString("title"), rs.getString("body"),
                rs.getString("link"), (Long) rs.getObject("task_id"), (Long) rs.getObject("contact_id"),
                rs.getTimestamp("created_at").toInstant(), read == null ? null : read.toInstant());
    }
}
