package io.rapport.service;

/**
 * What happens to tickets, published in the transaction that did it (listeners that must not fail the change use
 * {@code @TransactionalEventListener} / Modulith's {@code @ApplicationModuleListener}). SLA clocks, automation,
 * sentiment and surveys hang off these.
 */
public final class TicketEvents {

    private TicketEvents() {}

    public record TicketCreated(long ticketId, NewTicket.Channel channel) {}

    /** A customer message added to an existing ticket (a reply by mail, a portal comment). */
    public record CustomerMessageAdded(long ticketId, long messageId) {}

    /** An agent's public reply (not an internal note). */
    public record AgentReplied(long ticketId, long messageId, long agentId) {}

    public record StatusChanged(long ticketId, String from, String to, Long changedBy) {}

    /** Priority, assignee, team, type or tags changed (automation's "updated" trigger). */
    public record TicketUpdated(long ticketId, Long changedBy) {}

    /**
     * Several tickets changed at once by one bulk operation (the SLA sweep's escalations): means one
     * {@link TicketUpdated} per ticket, in one event so listeners can do their work for the whole batch together.
     */
    public record TicketsUpdated(java.util.List<Long> ticketIds, Long changedBy) {}
}
