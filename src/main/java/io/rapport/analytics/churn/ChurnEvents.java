package io.rapport.analytics.churn;

import io.rapport.customers.contacts.Contact;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Explicit churn events: a contact marked as churned on a date with a reason (one per contact; marking again replaces
 * it, unmarking removes it). Visibility and write rights follow the contact.
 */
@Service
public class ChurnEvents {

    public record ChurnEvent(long contactId, LocalDate churnedOn, String reason, Long recordedBy, Instant recordedAt) {}

    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final AuditLog audit;

    ChurnEvents(JdbcClient jdbc, Contacts contacts, AuditLog audit) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.audit = audit;
    }

    public Optional<ChurnEvent> of(CurrentUser user, long contactId) {
        contacts.get(user, contactId);
        return jdbc.sql("select contact_id, churned_on, reason, recorded_by, recorded_at from churn_events where contact_id = :c")
                .param("c", contactId)
                .query((rs, n) -> new ChurnEvent(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                        (Long) rs.getObject(4), rs.getTimestamp(5).toInstant()))
                .optional();
    }

    @Transactional
    public ChurnEvent mark(CurrentUser user, long contactId, String churnedOn, String reason) {
        RecordVisibility.requireWriter(user);
        Contact contact = contacts.get(user, contactId);
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        LocalDate on = null;
        if (churnedOn == null || churnedOn.isBlank()) {
            on = LocalDate.now(ZoneOffset.UTC);
        } else {
            try {
                on = LocalDate.parse(churnedOn.trim());
                if (on.isAfter(LocalDate.now(ZoneOffset.UTC))) errors.add(new ApiProblem.FieldError("churnedOn", "must not be in the future"));
            } catch (DateTimeParseException e) {
                errors.add(new ApiProblem.FieldError("churnedOn", "a date as yyyy-MM-dd"));
            }
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500 || why.indexOf('\u0000') >= 0) {
            errors.add(new ApiProblem.FieldError("reason", "a reason of 1 to 500 characters"));
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        jdbc.sql("""
                        insert into churn_events (contact_id, churned_on, reason, recorded_by) values (:c, :on, :r, :u)
                        on conflict (contact_id) do update set churned_on = excluded.churned_on, reason = excluded.reason,
                               recorded_by = excluded.recorded_by, recorded_at = now()""")
                .param("c", contactId).param("on", on).param("r", why).param("u", user.id()).update();
        audit.record("UPDATE", "CONTACT", contactId, "Marked " + contact.name() + " as churned on " + on + ": " + why, Map.of());
        return of(user, contactId).orElseThrow();
    }

    @Transactional
    public boolean unmark(CurrentUser user, long contactId) {
        RecordVisibility.requireWriter(user);
        Contact contact = contacts.get(user, contactId);
        boolean removed = jdbc.sql("delete from churn_events where contact_id = :c").param("c", contactId).update() > 0;
        if (removed) audit.record("UPDATE", "CONTACT", contactId, "Unmarked " + contact.name() + " as churned", Map.of());
        return removed;
    }
}
