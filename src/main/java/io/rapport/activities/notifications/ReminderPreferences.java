package io.rapport.activities.notifications;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user's choice to get their task reminders by e-mail as well (off unless they turn it on). */
@Service
public class ReminderPreferences {

    private final JdbcClient jdbc;
    private final AuditLog audit;

    ReminderPreferences(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public boolean emailReminders(long userId) {
        return jdbc.sql("select email_reminders from notification_settings where user_id = :user").param("user", userId)
                .query(Boolean.class).optional().orElse(false);
    }

    @Transactional
    public void setEmailReminders(CurrentUser user, boolean on) {
        boolean before = emailReminders(user.id());
        jdbc.sql("""
                insert into notification_settings (user_id, email_reminders) values (:user, :on)
                on conflict (user_id) do update set email_reminders = :on, updated_at = now()""")
                .param("user", user.id()).param("on", on).update();
        if (before != on) {
            audit.record("UPDATE", "USER_SETTINGS", user.id(), (on ? "Turned on" : "Turned off") + " e-mailed reminders",
                    Map.of("emailReminders", new FieldChange(before, on)));
        }
    }
}
