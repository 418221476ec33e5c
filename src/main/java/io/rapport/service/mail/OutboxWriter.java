package io.rapport.service.mail;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues desk mail in the shared outbox (activities' mail_outbox and its sending job, with retry) in the caller's
 * transaction, with the threading headers a mail client needs. Written as rows: the outbox's class is internal to
 * activities, its table is the contract.
 */
@Component
class OutboxWriter {

    /** {@code bodyHtml}, when given, goes with {@code body} as multipart/alternative. */
    record Outgoing(String to, String from, String subject, String body, String messageId, String inReplyTo,
                    List<String> references, String autoSubmitted, String bodyHtml) {

        Outgoing(String to, String from, String subject, String body, String messageId, String inReplyTo,
                 List<String> references, String autoSubmitted) {
            this(to, from, subject, body, messageId, inReplyTo, references, autoSubmitted, null);
        }
    }

    private final JdbcClient jdbc;

    OutboxWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A Message-ID in the support address's domain, so replies to it can be matched to the ticket. */
    static String newMessageId(long ticketNumber, String fromAddress) {
        String domain = fromAddress == null || !fromAddress.contains("@") ? "rapport.local"
                : fromAddress.substring(fromAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return "<rapport." + ticketNumber + "." + UUID.randomUUID() + "@" + domain + ">";
    }

    long enqueue(Outgoing mail) {
        String references = mail.references() == null || mail.references().isEmpty() ? null : String.join(" ", lastReferences(mail.references()));
        return jdbc.sql("""
                        insert into mail_outbox (recipient, subject, body, from_address, message_id, in_reply_to, references_header, auto_submitted,
                                                 body_html)
                        values (:to, left(:subject, 400), :body, :from, :messageId, :inReplyTo, :references, :auto, :html) returning id""")
                .param("to", mail.to()).param("subject", mail.subject()).param("body", mail.body()).param("from", mail.from())
                .param("messageId", mail.messageId()).param("inReplyTo", mail.inReplyTo()).param("references", references)
                .param("auto", mail.autoSubmitted()).param("html", mail.bodyHtml()).query(Long.class).single();
    }

    /** Copies a ticket message's attachments onto the queued mail. */
    void attachFromMessage(long outboxId, long messageId) {
        jdbc.sql("""
                insert into mail_outbox_attachments (outbox_id, filename, content_type, content)
                select :outbox, filename, content_type, content from ticket_attachments where message_id = :message order by id""")
                .param("outbox", outboxId).param("message", messageId).update();
    }

    /** RFC 5322 keeps the first and the latest ids when the chain gets long; so do we, within the column's limit. */
    private static List<String> lastReferences(List<String> ids) {
        if (ids.size() <= 20) return ids;
        List<String> kept = new java.util.ArrayList<>(ids.subList(ids.size() - 19, ids.size()));
        kept.addFirst(ids.getFirst());
        return kept;
    }

    /** "[#1042] Re: subject", without stacking prefixes on a subject that already has them. */
    static String replySubject(long number, String subject) {
        String s = subject == null ? "" : subject.replaceAll("\\[#\\d+]\\s*", "").strip();
        while (s.matches("(?i)^(re|aw|sv|fwd?|wg)\\s*:.*")) s = s.substring(s.indexOf(':') + 1).strip();
        return "[#" + number + "] Re: " + s;
    }
}
