package io.rapport.service;

import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.service.TicketEvents.CustomerMessageAdded;
import io.rapport.service.TicketEvents.TicketCreated;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one door every channel uses to open tickets and add customer messages (e-mail, web form, phone, API; chat and
 * social later), so numbering, the timeline touchpoint and the events that start SLA clocks and automation happen
 * the same way whatever the channel. Callers have validated their input; this writes it.
 */
@Service
public class TicketIntake {

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final ApplicationEventPublisher events;

    TicketIntake(JdbcClient jdbc, Timeline timeline, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.events = events;
    }

    /** Opens the ticket with its first message; returns the ticket id. */
    @Transactional
    public long open(NewTicket t) {
        Long accountId = t.accountId() != null || t.requesterId() == null ? t.accountId()
                : jdbc.sql("select account_id from contacts where id = :id").param("id", t.requesterId())
                        .query(Long.class).optional().orElse(null);
        long id = jdbc.sql("""
                        insert into tickets (subject, priority, type, channel, requester_id, account_id, team_id, assignee_id,
                                             tags, last_customer_message_at)
                        values (:subject, coalesce(:priority, 'NORMAL'), coalesce(:type, 'QUESTION'), :channel, :requester,
                                :account, :team, :assignee, :tags, now())
                        returning id""")
                .param("subject", t.subject()).param("priority", t.priority()).param("type", t.type())
                .param("channel", t.channel().name()).param("requester", t.requesterId()).param("account", accountId)
                .param("team", t.teamId()).param("assignee", t.assigneeId())
                .param("tags", (t.tags() == null ? List.<String>of() : t.tags()).toArray(String[]::new))
                .query(Long.class).single();
        jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status) values (:id, null, 'NEW')")
                .param("id", id).update();
        insertMessage(id, t.channel().name(), t.firstMessage());
        if (t.requesterId() != null) {
            long number = jdbc.sql("select number from tickets where id = :id").param("id", id).query(Long.class).single();
            timeline.record(new Touchpoint(t.requesterId(), Touchpoint.Channel.TICKET, Instant.now(),
                    "Ticket #" + number + ": " + t.subject(), null, Touchpoint.JourneyStage.RETENTION, null,
                    "ticket", String.valueOf(id)));
        }
        events.publishEvent(new TicketCreated(id, t.channel()));
        return id;
    }

    /**
     * Adds a customer's message to an existing ticket; a solved or closed ticket is not reopened here (the caller
     * decides, by setting, whether a reply reopens it or starts a new one). Returns the message id.
     */
    @Transactional
    public long addCustomerMessage(long ticketId, NewTicket.Channel channel, InboundMessage message) {
        long messageId = insertMessage(ticketId, channel.name(), message);
        // the customer answered: a ticket pending on them is open again (before the message event, so the SLA
        // clocks resume first and then start the next-response clock)
        boolean reopened = jdbc.sql("""
                        update tickets set status = 'OPEN', last_customer_message_at = now(), updated_at = now(),
                                           version = version + 1
                         where id = :id and status = 'PENDING'""")
                .param("id", ticketId).update() == 1;
        if (reopened) {
            jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status) values (:id, 'PENDING', 'OPEN')")
                    .param("id", ticketId).update();
            events.publishEvent(new TicketEvents.StatusChanged(ticketId, "PENDING", "OPEN", null));
        } else {
            jdbc.sql("update tickets set last_customer_message_at = now(), updated_at = now() where id = :id")
                    .param("id", ticketId).update();
        }
        events.publishEvent(new CustomerMessageAdded(ticketId, messageId));
        return messageId;
    }

    private long insertMessage(long ticketId, String channel, InboundMessage m) {
        long messageId = jdbc.sql("""
                        insert into ticket_messages (ticket_id, kind, direction, channel, author_user_id, author_contact_id,
                                                     body_text, body_html, email_message_id, email_in_reply_to)
                        values (:ticket, 'PUBLIC', 'INBOUND', :channel, :user, :contact, :text, :html, :messageId, :inReplyTo)
                        returning id""")
                .param("ticket", ticketId).param("channel", channel).param("user", m.authorUserId())
                .param("contact", m.authorContactId()).param("text", m.bodyText() == null ? "" : m.bodyText())
                .param("html", m.bodyHtml()).param("messageId", m.emailMessageId()).param("inReplyTo", m.emailInReplyTo())
                .query(Long.class).single();
        for (InboundMessage.Attachment a : m.attachments() == null ? List.<InboundMessage.Attachment>of() : m.attachments()) {
            jdbc.sql("""
                    insert into ticket_attachments (message_id, filename, content_type, size_bytes, content)
                    values (:message, :name, :type, :size, :content)""")
                    .param("message", messageId).param("name", a.filename()).param("type", a.contentType())
                    .param("size", a.content().length).param("content", a.content()).update();
        }
        return messageId;
    }
}
