package io.rapport.activities.reminders;

import io.rapport.activities.notifications.Notifications;
import io.rapport.activities.notifications.Notifications.NewNotification;
import io.rapport.activities.notifications.ReminderPreferences;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivers due task reminders. One batch is one transaction: the due tasks are claimed with
 * {@code FOR UPDATE SKIP LOCKED} (so two nodes never take the same task), marked reminded, and each gets its
 * notification and, for users who asked, an e-mail in the outbox — all or nothing. Moving a task's reminder time
 * clears its reminded mark (see the task update), so it is delivered again at the new time.
 */
@Component
public class ReminderDelivery {

    static final int BATCH = 100;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm");

    record DueReminder(long taskId, String title, Instant dueAt, Long userId, Long contactId, Long accountId) {}

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final ReminderPreferences preferences;
    private final UserDirectory users;
    private final MailOutbox outbox;

    ReminderDelivery(JdbcClient jdbc, Notifications notifications, ReminderPreferences preferences, UserDirectory users,
                     MailOutbox outbox) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.preferences = preferences;
        this.users = users;
        this.outbox = outbox;
    }

    /** Claims and delivers up to {@link #BATCH} due reminders; returns how many were claimed. */
    @Transactional
    public int deliverDueBatch() {
        List<DueReminder> due = jdbc.sql("""
                update tasks set reminded_at = now()
                 where id in (select id from tasks
                               where remind_at <= now() and reminded_at is null and status = 'OPEN'
                               order by remind_at, id limit :batch
                               for update skip locked)
                returning id, title, due_at, coalesce(assignee_id, created_by) as user_id, contact_id, account_id""")
                .param("batch", BATCH)
                .query((rs, n) -> new DueReminder(rs.getLong("id"), rs.getString("title"),
                        rs.getTimestamp("due_at") == null ? null : rs.getTimestamp("due_at").toInstant(),
                        (Long) rs.getObject("user_id"), (Long) rs.getObject("contact_id"), (Long) rs.getObject("account_id")))
                .list();
        due.forEach(this::deliver);
        return due.size();
    }

    private void deliver(DueReminder r) {
        if (r.userId() == null) return;  // nobody to remind: an unassigned task created by a since-deleted user
        String link = r.contactId() != null ? "/contacts/" + r.contactId() : r.accountId() != null ? "/accounts/" + r.accountId() : "/tasks";
        String body = r.dueAt() == null ? "No due date" : "Due " + WHEN.format(r.dueAt().atZone(ZoneId.systemDefault()));
        notifications.add(new NewNotification(r.userId(), "TASK_REMINDER", "Reminder: " + r.title(), body, link,
                r.taskId(), r.contactId()));
        if (!preferences.emailReminders(r.userId())) return;
        UserAccount user = users.find(r.userId()).filter(UserAccount::active).orElse(null);
        if (user == null) return;
        outbox.enqueue(user.email(), "Reminder: " + r.title(), """
                Hello %s,

                this is your reminder for the task "%s".
                %s.

                Open it in Rapport: %s

                (You get these e-mails because you turned on "E-mail me my reminders" under Reminders & calendar.)
                """.formatted(user.name(), r.title(), body, outbox.absolute(link)));
    }
}
