package io.rapport.service.automation;

import io.rapport.activities.FollowUpTasks;
import io.rapport.activities.OutgoingMail;
import io.rapport.service.macros.FieldChanges;
import io.rapport.service.macros.Placeholders;
import io.rapport.service.macros.TicketChanges;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Component;

/**
 * Matches rules against a ticket (their conditions compiled to one SQL test) and runs their actions in order,
 * logging each firing. Every ticket event an action publishes leaves an echo carrying the chain's fired rules
 * (see {@link AutomationListener}), so no rule fires twice on a ticket within one chain of events.
 */
@Component
class RuleEngine {

    private final JdbcClient jdbc;
    private final TicketChanges changes;
    private final Placeholders placeholders;
    private final OutgoingMail mail;
    private final FollowUpTasks tasks;
    private final io.rapport.service.tickets.TicketCustomFields customFields;

    RuleEngine(JdbcClient jdbc, TicketChanges changes, Placeholders placeholders, OutgoingMail mail, FollowUpTasks tasks,
               io.rapport.service.tickets.TicketCustomFields customFields) {
        this.customFields = customFields;
        this.jdbc = jdbc;
        this.changes = changes;
        this.placeholders = placeholders;
        this.mail = mail;
        this.tasks = tasks;
    }

    /** The conditions of a rule as a SQL test over {@code t} and {@code a}, bound by {@link #bind}. */
    static String where(List<Condition> conditions) {
        if (conditions.isEmpty()) return "true";
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) parts.add("(" + conditions.get(i).sql("c" + i) + ")");
        return String.join(" and ", parts);
    }

    static StatementSpec bind(StatementSpec spec, List<Condition> conditions) {
        for (int i = 0; i < conditions.size(); i++) {
            if (Condition.needsValue(conditions.get(i).op())) spec = spec.param("c" + i, conditions.get(i).param());
        }
        return spec;
    }

    boolean matches(AutomationRule rule, long ticketId) {
        return bind(jdbc.sql("select exists(select 1 from tickets t left join accounts a on a.id = t.account_id"
                + " where t.id = :ticket and t.merged_into_id is null and " + where(rule.conditions()) + ")")
                .param("ticket", ticketId), rule.conditions()).query(Boolean.class).single();
    }

    /**
     * Runs the matching rules of a list in order on one ticket, skipping rules already fired in this chain; adds the
     * ones that fire to {@code fired} and leaves one echo per ticket event their actions published.
     */
    void runChain(List<AutomationRule> rules, long ticketId, String trigger, Set<Long> fired) {
        int events = 0;
        for (AutomationRule rule : rules) {
            if (fired.contains(rule.id()) || !matches(rule, ticketId)) continue;
            fired.add(rule.id());
            events += fire(rule, ticketId, trigger);
        }
        leaveEchoes(ticketId, fired, events);
    }

    void leaveEchoes(long ticketId, Set<Long> fired, int events) {
        for (int i = 0; i < events; i++) {
            jdbc.sql("insert into automation_echoes (ticket_id, fired_rules) values (:t, :rules)")
                    .param("t", ticketId).param("rules", fired.toArray(Long[]::new)).update();
        }
    }

    /** A custom field value set by a rule, checked again against the field as it is defined now. */
    private TicketChanges.Outcome setCustom(Action a, long ticketId) {
        var def = customFields.definition(a.field());
        if (def == null) throw new IllegalArgumentException("no ticket custom field " + a.field());
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        if (a.value() == null || a.value().isBlank()) {
            values.put(a.field(), null);
        } else {
            List<io.rapport.platform.web.ApiProblem.FieldError> errors = new ArrayList<>();
            Object value = io.rapport.customers.customfields.CustomFields.fromText(def, a.value(), a.field(), errors);
            if (!errors.isEmpty()) throw new IllegalArgumentException(a.field() + " " + errors.getFirst().message());
            values.put(a.field(), value);
        }
        return changes.apply(ticketId, FieldChanges.custom(values), null);
    }

    /** Runs the rule's actions in order and logs the firing; returns how many ticket events the actions published. */
    int fire(AutomationRule rule, long ticketId, String trigger) {
        int events = 0;
        List<String> done = new ArrayList<>();
        for (Action a : rule.actions()) {
            String note = a.describe();
            switch (a.type()) {
                case "SET_STATUS" -> events += count(changes.apply(ticketId, new FieldChanges(a.value(), null, null, null, null, null), null));
                case "SET_PRIORITY" -> events += count(changes.apply(ticketId, new FieldChanges(null, a.value(), null, null, null, null), null));
                case "SET_TYPE" -> events += count(changes.apply(ticketId, new FieldChanges(null, null, a.value(), null, null, null), null));
                case "ADD_TAG" -> events += count(changes.apply(ticketId, new FieldChanges(null, null, null, List.of(a.value()), null, null), null));
                case "ASSIGN_USER" -> events += count(changes.apply(ticketId, new FieldChanges(null, null, null, null, null, a.userId()), null));
                case "ASSIGN_TEAM" -> events += count(changes.apply(ticketId, new FieldChanges(null, null, null, null, a.teamId(), null), null));
                case "SEND_EMAIL" -> note = sendMail(a, ticketId);
                case "CREATE_TASK" -> note = createTask(a, ticketId);
                case "SET_CUSTOM" -> {
                    try {
                        events += count(setCustom(a, ticketId));
                    } catch (IllegalArgumentException skipped) {
                        note = "skipped: " + skipped.getMessage();
                    }
                }
                default -> note = "skipped unknown action " + a.type();
            }
            done.add(note);
        }
        jdbc.sql("insert into automation_log (rule_id, rule_name, ticket_id, trigger, actions) values (:rule, :name, :t, :trigger, :actions)")
                .param("rule", rule.id()).param("name", rule.name()).param("t", ticketId).param("trigger", trigger)
                .param("actions", String.join("; ", done)).update();
        return events;
    }

    private static int count(TicketChanges.Outcome o) {
        return (o.statusChanged() ? 1 : 0) + (o.otherChanged() ? 1 : 0);
    }

    private String sendMail(Action a, long ticketId) {
        String to = "USER".equals(a.to())
                ? jdbc.sql("select email from users where id = :id and active").param("id", a.userId()).query(String.class).optional().orElse(null)
                : jdbc.sql("select c.emails[1] from tickets t join contacts c on c.id = t.requester_id where t.id = :id")
                        .param("id", ticketId).query(String.class).optional().orElse(null);
        if (to == null || to.isBlank()) return a.describe() + " (skipped: no e-mail address)";
        Map<String, String> values = placeholders.values(ticketId, null);
        mail.enqueue(to, Placeholders.render(a.subject(), values, false), Placeholders.render(a.body(), values, false));
        return a.describe() + " (to " + to + ")";
    }

    private String createTask(Action a, long ticketId) {
        record T(Long assignee, Long contact, Long account, long number) {}
        T t = jdbc.sql("select assignee_id, requester_id, account_id, number from tickets where id = :id").param("id", ticketId)
                .query((rs, n) -> new T(rs.getObject(1, Long.class), rs.getObject(2, Long.class), rs.getObject(3, Long.class), rs.getLong(4)))
                .single();
        if (t.assignee() == null) return a.describe() + " (skipped: ticket unassigned)";
        String title = Placeholders.render(a.title(), placeholders.values(ticketId, null), false);
        Instant due = a.dueInHours() == null ? null : Instant.now().plus(a.dueInHours(), ChronoUnit.HOURS);
        tasks.open(t.assignee(), title, "From ticket #" + t.number(), t.contact(), t.account(), due);
        return a.describe();
    }

    static Set<Long> chain(Long[] fired) {
        return new LinkedHashSet<>(fired == null ? List.of() : List.of(fired));
    }
}
