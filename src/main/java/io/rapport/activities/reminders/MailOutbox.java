package io.rapport.activities.reminders;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Outgoing e-mail through an outbox: a mail is a row written in the same transaction as the decision to send it,
 * and a job sends it afterwards. A claim pushes the row's next attempt out (exponential back-off) before sending,
 * so a failed send — or a node dying mid-send — is simply retried later, on any node. After
 * {@code rapport.mail.max-attempts} failures the mail is marked failed and kept, with its last error.
 */
@Component
public class MailOutbox {

    private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);
    static final int BATCH = 20;

    record Mail(long id, String recipient, String subject, String body, int attempts, String fromAddress, String messageId,
                String inReplyTo, String references, String autoSubmitted, String bodyHtml) {

        /** Plain mails go as before; threading headers, an HTML part or attachments need a MIME message. */
        boolean threaded() {
            return fromAddress != null || messageId != null || inReplyTo != null || autoSubmitted != null || bodyHtml != null;
        }
    }

    private final JdbcClient jdbc;
    private final JavaMailSender sender;
    private final String from;
    private final String publicUrl;
    private final Duration retryBase;
    private final int maxAttempts;

    MailOutbox(JdbcClient jdbc, JavaMailSender sender, @Value("${rapport.mail.from}") String from,
               @Value("${rapport.public-url:http://localhost:${server.port:8080}}") String publicUrl,
               @Value("${rapport.mail.retry-base:PT1M}") Duration retryBase,
               @Value("${rapport.mail.max-attempts:10}") int maxAttempts) {
        this.jdbc = jdbc;
        this.sender = sender;
        this.from = from;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.retryBase = retryBase;
        this.maxAttempts = maxAttempts;
    }

    /** Queues a mail; call inside the transaction whose outcome it reports. */
    public long enqueue(String recipient, String subject, String body) {
        return jdbc.sql("insert into mail_outbox (recipient, subject, body) values (:to, left(:subject, 400), :body) returning id")
                .param("to", recipient).param("subject", subject).param("body", body).query(Long.class).single();
    }

    /** Queues many plain-text mails in one statement (a survey sent to an audience); same transaction rules. */
    public int enqueueAll(List<String> recipients, List<String> subjects, List<String> bodies) {
        if (recipients.isEmpty()) return 0;
        return jdbc.sql("""
                        insert into mail_outbox (recipient, subject, body)
                        select r, left(s, 400), b from unnest(:to::text[], :subjects::text[], :bodies::text[]) as x(r, s, b)""")
                .param("to", recipients.toArray(String[]::new)).param("subjects", subjects.toArray(String[]::new))
                .param("bodies", bodies.toArray(String[]::new)).update();
    }

    /** Queues a mail with an HTML alternative to the plain text. */
    public long enqueue(String recipient, String subject, String body, String html) {
        return jdbc.sql("insert into mail_outbox (recipient, subject, body, body_html) values (:to, left(:subject, 400), :body, :html) returning id")
                .param("to", recipient).param("subject", subject).param("body", body).param("html", html).query(Long.class).single();
    }

    /** A link for a mail: Rapport's public address ({@code rapport.public-url}) plus the path. */
    String absolute(String path) {
        return publicUrl + path;
    }

    /** Sends what is due, batch after batch; returns how many mails were sent. */
    public int sendDue() {
        int sent = 0;
        List<Mail> batch;
        do {
            batch = claim();
            for (Mail mail : batch) {
                if (send(mail)) sent++;
            }
        } while (batch.size() == BATCH);
        return sent;
    }

    /** Takes due mails and pushes their next attempt out, in one statement: no other node takes them meanwhile. */
    private List<Mail> claim() {
        return jdbc.sql("""
                update mail_outbox
                   set attempts = attempts + 1,
                       next_attempt_at = now() + least(:base * power(2, attempts), 3600) * interval '1 second'
                 where id in (select id from mail_outbox
                               where sent_at is null and failed_at is null and next_attempt_at <= now()
                               order by next_attempt_at, id limit :batch
                               for update skip locked)
                returning id, recipient, subject, body, attempts, from_address, message_id, in_reply_to, references_header,
                          auto_submitted, body_html""")
                .param("base", (double) retryBase.toMillis() / 1000).param("batch", BATCH)
                .query((rs, n) -> new Mail(rs.getLong("id"), rs.getString("recipient"), rs.getString("subject"),
                        rs.getString("body"), rs.getInt("attempts"), rs.getString("from_address"), rs.getString("message_id"),
                        rs.getString("in_reply_to"), rs.getString("references_header"), rs.getString("auto_submitted"),
                        rs.getString("body_html")))
                .list();
    }

    private boolean send(Mail mail) {
        try {
            if (mail.threaded()) {
                sender.send(mime(mail));
            } else {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(mail.recipient());
                message.setSubject(mail.subject());
                message.setText(mail.body());
                sender.send(message);
            }
            jdbc.sql("update mail_outbox set sent_at = now(), last_error = null where id = :id").param("id", mail.id()).update();
            return true;
        } catch (MailException | IllegalArgumentException | MessagingException e) {
            boolean givingUp = mail.attempts() >= maxAttempts;
            log.warn("Mail {} to outbox recipient failed (attempt {}{}): {}", mail.id(), mail.attempts(),
                    givingUp ? ", giving up" : ", will retry", e.getMessage());
            jdbc.sql("update mail_outbox set last_error = left(:error, 2000), failed_at = case when :givingUp then now() end where id = :id")
                    .param("error", String.valueOf(e.getMessage())).param("givingUp", givingUp).param("id", mail.id()).update();
            return false;
        }
    }

    /** A mail with the Message-ID the caller stored (so replies to it can be matched), threading headers and attachments. */
    private MimeMessage mime(Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(sender.createMimeMessage().getSession()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (mail.messageId() == null) super.updateMessageID();
                else setHeader("Message-ID", mail.messageId());
            }
        };
        List<Attachment> attachments = jdbc.sql("select filename, content_type, content from mail_outbox_attachments where outbox_id = :id order by id")
                .param("id", mail.id())
                .query((rs, n) -> new Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
        // with an HTML part: multipart/alternative (plain first, HTML preferred), inside multipart/mixed with attachments
        MimeMessageHelper helper = new MimeMessageHelper(message, !attachments.isEmpty() || mail.bodyHtml() != null, "UTF-8");
        helper.setFrom(mail.fromAddress() != null ? mail.fromAddress() : from);
        helper.setTo(mail.recipient());
        helper.setSubject(mail.subject());
        if (mail.bodyHtml() != null) helper.setText(mail.body(), mail.bodyHtml());
        else helper.setText(mail.body());
        for (Attachment a : attachments) {
            helper.addAttachment(a.filename(), new ByteArrayResource(a.content()), a.contentType());
        }
        if (mail.inReplyTo() != null) message.setHeader("In-Reply-To", mail.inReplyTo());
        if (mail.references() != null) message.setHeader("References", mail.references());
        if (mail.autoSubmitted() != null) message.setHeader("Auto-Submitted", mail.autoSubmitted());
        return message;
    }

    private record Attachment(String filename, String contentType, byte[] content) {}
}
