package io.rapport.service.mail;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The receipt a customer gets for a new e-mail ticket. Marked Auto-Submitted: auto-replied so that other
 * auto-responders stay quiet; never sent to automatic senders (the intake drops those before a ticket exists).
 */
@Component
class AutoReplies {

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final boolean enabled;
    private final String defaultFrom;

    AutoReplies(JdbcClient jdbc, OutboxWriter outbox, @Value("${rapport.service.mail.auto-reply:true}") boolean enabled,
                @Value("${rapport.mail.from}") String defaultFrom) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.enabled = enabled;
        this.defaultFrom = defaultFrom;
    }

    void acknowledge(long ticketId, ParsedMail mail, String supportAddress) {
        if (!enabled) return;
        long number = jdbc.sql("select number from tickets where id = :id").param("id", ticketId).query(Long.class).single();
        String from = supportAddress != null ? supportAddress : defaultFrom;
        List<String> references = new ArrayList<>(mail.threadIds());
        if (mail.messageId() != null) references.add(mail.messageId());
        outbox.enqueue(new OutboxWriter.Outgoing(mail.fromAddress(), from, OutboxWriter.replySubject(number, mail.subject()), """
                Hello,

                Thank you for your message. We have received it as ticket #%d and will get back to you soon.
                Please keep "[#%d]" in the subject when you write to us about this request.

                Your request: %s
                """.formatted(number, number, mail.subject().isBlank() ? "(no subject)" : mail.subject()),
                OutboxWriter.newMessageId(number, from), mail.messageId(), references, "auto-replied"));
    }
}
