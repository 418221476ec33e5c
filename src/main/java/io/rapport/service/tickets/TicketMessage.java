package io.rapport.service.tickets;

import java.time.Instant;
import java.util.List;

/** One message of a ticket's conversation: a customer's or agent's public message, or an internal note. */
public record TicketMessage(long id, long ticketId, String kind, String direction, String channel, Long authorUserId,
                            String authorUserName, Long authorContactId, String authorContactName, String bodyText,
                            String bodyHtml, Double sentiment, Instant createdAt, List<Attachment> attachments) {

    public record Attachment(long id, String filename, String contentType, long sizeBytes) {}

    public boolean note() {
        return "NOTE".equals(kind);
    }

    public boolean inbound() {
        return "INBOUND".equals(direction);
    }

    public String author() {
        if (authorUserName != null) return authorUserName;
        if (authorContactName != null) return authorContactName;
        return inbound() ? "Customer" : "Agent";
    }
}
