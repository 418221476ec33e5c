package io.rapport.service.automation;

import io.rapport.service.TicketEvents.CustomerMessageAdded;
import io.rapport.service.TicketEvents.StatusChanged;
import io.rapport.service.TicketEvents.TicketCreated;
import io.rapport.service.TicketEvents.TicketUpdated;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Runs CREATED rules on a new ticket and UPDATED rules on every later change (field updates, status changes,
 * customer messages), after the change committed and in a transaction of their own, so a failing rule never undoes
 * the change that triggered it (the event registry keeps the publication for a retry).
 *
 * <p>Loop guard: a chain starts with an outside event and carries the set of rules fired so far. When an action
 * changes the ticket, the engine leaves an echo (the fired set) per event it published; the listener that receives
 * that event takes one echo of the ticket and continues the chain, skipping those rules. So each rule fires at most
 * once per ticket per chain, and a chain ends after at most as many steps as there are rules.
 */
@Component
class AutomationListener {

    private final JdbcClient jdbc;
    private final AutomationRules rules;
    private final RuleEngine engine;

    AutomationListener(JdbcClient jdbc, AutomationRules rules, RuleEngine engine) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.engine = engine;
    }

    @ApplicationModuleListener
    void on(TicketCreated e) {
        Set<Long> fired = new LinkedHashSet<>();
        engine.runChain(rules.active("CREATED"), e.ticketId(), "CREATED", fired);
    }

    @ApplicationModuleListener
    void on(TicketUpdated e) {
        updated(e.ticketId(), true);
    }

    @ApplicationModuleListener
    void on(StatusChanged e) {
        updated(e.ticketId(), true);
    }

    @ApplicationModuleListener
    void on(CustomerMessageAdded e) {
        updated(e.ticketId(), false);
    }

    private void updated(long ticketId, boolean mayBeEcho) {
        Set<Long> fired = mayBeEcho ? takeEcho(ticketId) : new LinkedHashSet<>();
        engine.runChain(rules.active("UPDATED"), ticketId, "UPDATED", fired);
    }

    /** The chain this event continues (automation published it), or a new one (empty set). */
    private Set<Long> takeEcho(long ticketId) {
        return jdbc.sql("""
                        delete from automation_echoes where id = (
                            select id from automation_echoes where ticket_id = :t order by id limit 1 for update skip locked)
                        returning fired_rules""")
                .param("t", ticketId).query((rs, n) -> RuleEngine.chain((Long[]) rs.getArray(1).getArray()))
                .optional().orElseGet(LinkedHashSet::new);
    }
}
