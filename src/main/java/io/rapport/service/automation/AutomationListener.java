package io.rapport.service.automation;

import io.rapport.service.TicketEvents.CustomerMessageAdded;
import io.rapport.service.TicketEvents.StatusChanged;
import io.rapport.service.TicketEvents.TicketCreated;
import io.rapport.service.TicketEvents.TicketUpdated;
import io.rapport.service.TicketEvents.TicketsUpdated;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

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

    private static final Logger log = LoggerFactory.getLogger(AutomationListener.class);

    private final JdbcClient jdbc;
    private final AutomationRules rules;
    private final RuleEngine engine;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate savepoint;

    AutomationListener(JdbcClient jdbc, AutomationRules rules, RuleEngine engine, ApplicationEventPublisher events,
                       TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.engine = engine;
        this.events = events;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
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

    /**
     * A bulk update: each ticket's UPDATED chain as for {@link TicketUpdated}, each in a savepoint of this one
     * transaction. A ticket whose chain fails is handed on as a {@link TicketUpdated} of its own (a publication the
     * registry retries), so one failing ticket neither blocks nor re-runs the others.
     */
    @ApplicationModuleListener
    void on(TicketsUpdated e) {
        for (long ticketId : e.ticketIds()) {
            try {
                savepoint.executeWithoutResult(s -> updated(ticketId, true));
            } catch (RuntimeException ex) {
                log.warn("Automation on bulk-updated ticket {} failed; retrying it on its own", ticketId, ex);
                events.publishEvent(new TicketUpdated(ticketId, e.changedBy()));
            }
        }
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
