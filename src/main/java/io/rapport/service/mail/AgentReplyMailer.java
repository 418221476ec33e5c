package io.rapport.service.mail;

import io.rapport.service.TicketEvents;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends an agent's public reply to the customer by e-mail, threaded: our own Message-ID (stored on the message so
 * the answer to it finds the ticket), In-Reply-To the customer's last mail, References the whole chain, and
 * "[#number]" in the subject. Sent as multipart/alternative: the agent's plain text and a sanitised HTML rendering of
 * it (paragraphs, line breaks, links). Queued in the outbox in the reply's own transaction, just before it commits, so a
 * reply is mailed if and only if it was saved; the outbox sends it after commit and retries.
 */
@Component
class AgentReplyMailer {

    private record Reply(long number, String subject, String channel, String body, String kind, String direction,
                         String email, String existingMessageId) {}

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final String defaultFrom;

    AgentReplyMailer(JdbcClient jdbc, OutboxWriter outbox, @Value("${rapport.mail.from}") String defaultFrom) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.defaultFrom = defaultFrom;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(TicketEvents.AgentReplied event) {
        Reply r = jdbc.sql("""
                        select t.number, t.subject, t.channel, m.body_text, m.kind, m.direction, c.emails[1] as email, m.email_message_id
                          from ticket_messages m join tickets t on t.id = m.ticket_id left join contacts c on c.id = t.requester_id
                         where m.id = :message and t.id = :ticket""")
                .param("message", event.messageId()).param("ticket", event.ticketId())
                .query((rs, n) -> new Reply(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8))).optional().orElse(null);
        // notes stay internal; a requester without an address cannot be mailed; a message already mailed is not resent
        if (r == null || !r.kind().equals("PUBLIC") || !r.direction().equals("OUTBOUND") || r.email() == null
                || r.existingMessageId() != null) return;
        String from = jdbc.sql("""
                        select coalesce(
                            (select b.address from mail_intake_log l join mailboxes b on b.id = l.mailbox_id
                              where l.ticket_id = :ticket order by l.id desc limit 1),
                            (select address from mailboxes where active order by id limit 1))""")
                .param("ticket", event.ticketId()).query(String.class).optional().orElse(null);
        if (from == null) from = defaultFrom;
        List<String> chain = jdbc.sql("""
                        select email_message_id from ticket_messages
                         where ticket_id = :ticket and email_message_id is not null and id < :message order by id""")
                .param("ticket", event.ticketId()).param("message", event.messageId()).query(String.class).list();
        String customersLast = jdbc.sql("""
                        select email_message_id from ticket_messages
                         where ticket_id = :ticket and direction = 'INBOUND' and email_message_id is not null order by id desc limit 1""")
                .param("ticket", event.ticketId()).query(String.class).optional().orElse(chain.isEmpty() ? null : chain.getLast());
        String messageId = OutboxWriter.newMessageId(r.number(), from);
        jdbc.sql("update ticket_messages set email_message_id = :id where id = :message")
                .param("id", messageId).param("message", event.messageId()).update();
        long queued = outbox.enqueue(new OutboxWriter.Outgoing(r.email(), from, OutboxWriter.replySubject(r.number(), r.subject()),
                r.body(), messageId, customersLast, chain, null, HtmlSanitiser.fromText(r.body())));
        outbox.attachFromMessage(queued, event.messageId());
    }
}
