package io.rapport.service.sla;

import io.rapport.service.TicketEvents;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Drives the clocks from ticket events, synchronously in the publisher's transaction so a clock is never missing
 * or stale once the change is committed. Each call runs in a savepoint and is caught: an SLA problem is logged and
 * never fails a ticket being opened, answered or solved. A ticket no policy matches simply has no clocks.
 */
@Component
class SlaTicketListener {

    private static final Logger log = LoggerFactory.getLogger(SlaTicketListener.class);

    private final SlaClocks clocks;

    SlaTicketListener(SlaClocks clocks) {
        this.clocks = clocks;
    }

    @EventListener
    void on(TicketEvents.TicketCreated e) {
        safely(e.ticketId(), "created", () -> clocks.ticketCreated(e.ticketId(), Instant.now()));
    }

    @EventListener
    void on(TicketEvents.CustomerMessageAdded e) {
        safely(e.ticketId(), "customer message", () -> clocks.customerMessage(e.ticketId(), Instant.now()));
    }

    @EventListener
    void on(TicketEvents.AgentReplied e) {
        safely(e.ticketId(), "agent reply", () -> clocks.agentReplied(e.ticketId(), Instant.now()));
    }

    @EventListener
    void on(TicketEvents.StatusChanged e) {
        if (e.from() != null && e.from().equals(e.to())) return;
        safely(e.ticketId(), "status " + e.from() + "→" + e.to(), () -> clocks.statusChanged(e.ticketId(), e.from(), e.to(), Instant.now()));
    }

    @EventListener
    void on(TicketEvents.TicketUpdated e) {
        safely(e.ticketId(), "update", () -> clocks.ticketUpdated(e.ticketId()));
    }

    @EventListener
    void on(TicketEvents.TicketsUpdated e) {
        try {
            clocks.ticketsUpdated(e.ticketIds());
        } catch (RuntimeException ex) {
            log.error("SLA clocks of {} tickets not updated after a bulk update", e.ticketIds().size(), ex);
        }
    }

    private static void safely(long ticketId, String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ex) {
            log.error("SLA clocks of ticket {} not updated after {}", ticketId, what, ex);
        }
    }
}
