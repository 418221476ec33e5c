package io.rapport.service.recovery;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem.FieldError;
import io.rapport.platform.web.Problems;
import io.rapport.service.recovery.RecoveryStep.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The recovery workflow of complaint tickets: acknowledged, apologised, corrective action, compensation, follow-up,
 * each recorded once, in that order (compensation may be skipped: not every complaint calls for one). The
 * follow-up asks the customer how we did ({@link RecoveryFollowedUp} → CSAT survey).
 */
@Service
public class Recovery {

    /** Published in the recording transaction when the follow-up step is done. */
    public record RecoveryFollowedUp(long ticketId) {}

    public record StepInput(String step, String note, String correctiveAction, String compensationType,
                            String compensationValue, String currency) {}

    private static final Set<String> COMPENSATION_TYPES = Set.of("REFUND", "CREDIT", "VOUCHER", "OTHER");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final JdbcClient jdbc;
    private final TicketAccess access;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    Recovery(JdbcClient jdbc, TicketAccess access, ApplicationEventPublisher events, AuditLog audit) {
        this.jdbc = jdbc;
        this.access = access;
        this.events = events;
        this.audit = audit;
    }

    public List<RecoveryStep> steps(CurrentUser user, long ticketId) {
        access.read(user, ticketId);
        return stepsOf(ticketId);
    }

    List<RecoveryStep> stepsOf(long ticketId) {
        return jdbc.sql("""
                        select s.id, s.step, s.note, s.corrective_action, s.compensation_type, s.compensation_value, s.currency,
                               s.done_by, u.name, s.done_at
                          from ticket_recovery_steps s left join users u on u.id = s.done_by
                         where s.ticket_id = :t order by s.done_at, s.id""").param("t", ticketId)
                .query((rs, n) -> new RecoveryStep(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBigDecimal(6), rs.getString(7), (Long) rs.getObject(8), rs.getString(9), rs.getTimestamp(10).toInstant()))
                .list();
    }

    /** The next step this ticket may take, or null when the recovery is complete. */
    public static Kind next(List<RecoveryStep> done) {
        if (done.isEmpty()) return Kind.ACKNOWLEDGED;
        Kind last = Kind.valueOf(done.getLast().step());
        return last == Kind.FOLLOW_UP ? null : Kind.values()[last.ordinal() + 1];
    }

    @Transactional
    public RecoveryStep record(CurrentUser user, long ticketId, StepInput in) {
        TicketAccess.TicketRef ticket = access.work(user, ticketId);
        Kind kind = parseKind(in.step());
        if (!"COMPLAINT".equals(ticket.type())) {
            throw Problems.conflict("Ticket " + ticketId + " is a " + ticket.type() + ", not a complaint; only complaints have a recovery");
        }
        List<FieldError> errors = new ArrayList<>();
        String note = trimmed(in.note(), "note", 4000, errors);
        String action = trimmed(in.correctiveAction(), "correctiveAction", 4000, errors);
        String type = null, currency = null;
        BigDecimal value = null;
        if (kind == Kind.CORRECTIVE_ACTION && action == null) errors.add(new FieldError("correctiveAction", "required: what was done to fix it"));
        if (kind == Kind.COMPENSATION) {
            type = in.compensationType() == null || in.compensationType().isBlank() ? null : in.compensationType().trim().toUpperCase(Locale.ROOT);
            if (type == null) errors.add(new FieldError("compensationType", "required: one of REFUND, CREDIT, VOUCHER, OTHER"));
            else if (!COMPENSATION_TYPES.contains(type)) errors.add(new FieldError("compensationType", "must be one of REFUND, CREDIT, VOUCHER, OTHER"));
            value = parseValue(in.compensationValue(), errors);
            currency = in.currency() == null || in.currency().isBlank() ? null : in.currency().trim().toUpperCase(Locale.ROOT);
            if (currency == null) errors.add(new FieldError("currency", "required: an ISO 4217 code such as EUR"));
            else if (!CURRENCY.matcher(currency).matches()) errors.add(new FieldError("currency", "must be a three-letter ISO 4217 code such as EUR"));
        } else if (in.compensationType() != null || in.compensationValue() != null || in.currency() != null) {
            errors.add(new FieldError("compensationType", "only the COMPENSATION step carries a compensation"));
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);

        // lock the ticket's steps so two agents recording at once cannot both take the same place in the order
        jdbc.sql("select id from tickets where id = :t for update").param("t", ticketId).query(Long.class).single();
        List<RecoveryStep> done = stepsOf(ticketId);
        if (done.stream().anyMatch(s -> s.step().equals(kind.name()))) {
            throw Problems.conflict("Step " + kind + " is already recorded on ticket " + ticketId);
        }
        Kind expected = next(done);
        boolean skippingCompensation = expected == Kind.COMPENSATION && kind == Kind.FOLLOW_UP;
        if (kind != expected && !skippingCompensation) {
            throw Problems.conflict("The next recovery step of ticket " + ticketId + " is " + expected + ", not " + kind);
        }
        long id = jdbc.sql("""
                        insert into ticket_recovery_steps (ticket_id, step, note, corrective_action, compensation_type,
                                                           compensation_value, currency, done_by)
                        values (:t, :step, :note, :action, :type, :value, :currency, :by) returning id""")
                .param("t", ticketId).param("step", kind.name()).param("note", note).param("action", action)
                .param("type", type).param("value", value).param("currency", currency).param("by", user.id())
                .query(Long.class).single();
        audit.record("ticket.recovery", "ticket", ticketId, kind.label + (type == null ? "" : ": " + type + " " + value + " " + currency), java.util.Map.of());
        if (kind == Kind.FOLLOW_UP) events.publishEvent(new RecoveryFollowedUp(ticketId));
        return stepsOf(ticketId).stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    private static Kind parseKind(String step) {
        if (step == null || step.isBlank()) throw Problems.invalid("step", "required: one of " + Arrays.toString(Kind.values()));
        try {
            return Kind.valueOf(step.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("step", "unknown step '" + step + "'; one of " + Arrays.toString(Kind.values()));
        }
    }

    private static BigDecimal parseValue(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError("compensationValue", "required: the amount, e.g. 25.00"));
            return null;
        }
        try {
            BigDecimal v = new BigDecimal(raw.trim());
            if (v.signum() < 0) errors.add(new FieldError("compensationValue", "must not be negative"));
            else if (v.scale() > 2 || v.precision() - v.scale() > 12) errors.add(new FieldError("compensationValue", "at most 12 digits and 2 decimals"));
            else return v;
        } catch (NumberFormatException e) {
            errors.add(new FieldError("compensationValue", "must be a number such as 25.00"));
        }
        return null;
    }

    private static String trimmed(String s, String field, int max, List<FieldError> errors) {
        if (s == null || s.isBlank()) return null;
        String t = s.strip();
        if (t.length() > max) errors.add(new FieldError(field, "at most " + max + " characters"));
        return t;
    }
}
