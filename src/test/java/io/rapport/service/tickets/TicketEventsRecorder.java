package io.rapport.service.tickets;

import io.rapport.service.TicketEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Collects the ticket events the service publishes, for tests to look at (by ticket id, so tests stay independent). */
@Component
public class TicketEventsRecorder {

    public static final List<Object> EVENTS = new CopyOnWriteArrayList<>();

    @EventListener
    void on(TicketEvents.StatusChanged e) { EVENTS.add(e); }

    @EventListener
    void on(TicketEvents.AgentReplied e) { EVENTS.add(e); }

    @EventListener
    void on(TicketEvents.TicketUpdated e) { EVENTS.add(e); }

    @EventListener
    void on(TicketEvents.TicketCreated e) { EVENTS.add(e); }

    public static List<Object> of(long ticketId) {
        return EVENTS.stream().filter(e -> switch (e) {
            case TicketEvents.StatusChanged s -> s.ticketId() == ticketId;
            case TicketEvents.AgentReplied a -> a.ticketId() == ticketId;
            case TicketEvents.TicketUpdated u -> u.ticketId() == ticketId;
            case TicketEvents.TicketCreated c -> c.ticketId() == ticketId;
            default -> false;
        }).toList();
    }
}
