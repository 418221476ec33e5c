package io.rapport.service.mail;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Mail the intake could not turn into a ticket, kept raw for administrators to download, retry or discard. */
@Component
public class MailQuarantine {

    public record Entry(long id, Long mailboxId, String sender, String subject, String error, int attempts, long sizeBytes,
                        Instant createdAt) {}

    private final JdbcClient jdbc;

    MailQuarantine(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What can be read of a broken mail's headers, for the admin's list and the intake log. */
    record Peek(String messageId, String sender, String subject) {}

    static Peek peek(byte[] raw) {
        try {  // best effort: the mail may be too broken even for this
            MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            List<String> ids = MailParser.ids(mime.getHeader("Message-ID", " "));
            return new Peek(ids.isEmpty() ? null : ids.getFirst(), mime.getHeader("From", ","), mime.getSubject());
        } catch (Exception ignored) {
            return new Peek(null, null, null);  // the raw bytes are what matters
        }
    }

    void keep(Long mailboxId, byte[] raw, Exception error) {
        Peek peek = peek(raw);
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        keep(mailboxId, raw, message, peek.sender(), peek.subject());
    }

    void keep(Long mailboxId, byte[] raw, String error, String sender, String subject) {
        jdbc.sql("""
                insert into mail_quarantine (mailbox_id, raw, sender, subject, error)
                values (:mailbox, :raw, left(:sender, 300), left(:subject, 300), left(:error, 2000))""")
                .param("mailbox", mailboxId).param("raw", raw).param("sender", sender).param("subject", subject)
                .param("error", error).update();
    }

    public List<Entry> open(CurrentUser user) {
        RecordVisibility.requireAdmin(user);
        return jdbc.sql("""
                        select id, mailbox_id, sender, subject, error, attempts, length(raw) as size, created_at
                          from mail_quarantine where resolved_at is null order by created_at desc, id desc limit 500""")
                .query((rs, n) -> new Entry(rs.getLong("id"), (Long) rs.getObject("mailbox_id"), rs.getString("sender"),
                        rs.getString("subject"), rs.getString("error"), rs.getInt("attempts"), rs.getLong("size"),
                        rs.getTimestamp("created_at").toInstant())).list();
    }

    public byte[] raw(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        return jdbc.sql("select raw from mail_quarantine where id = :id").param("id", id).query(byte[].class).optional()
                .orElseThrow(() -> Problems.notFound("Quarantined mail", id));
    }

    /** Runs the mail through the intake again; it leaves quarantine unless it lands there again. */
    public MailIntake.Result retry(CurrentUser user, long id, MailIntake intake) {
        RecordVisibility.requireAdmin(user);
        record Held(Long mailboxId, byte[] raw) {}
        Held held = jdbc.sql("select mailbox_id, raw from mail_quarantine where id = :id and resolved_at is null").param("id", id)
                .query((rs, n) -> new Held((Long) rs.getObject(1), rs.getBytes(2))).optional()
                .orElseThrow(() -> Problems.notFound("Quarantined mail", id));
        jdbc.sql("update mail_quarantine set resolved_at = now() where id = :id").param("id", id).update();
        MailIntake.Result result = intake.receive(held.mailboxId(), held.raw());
        if (result.outcome().equals("QUARANTINED") || result.outcome().equals("UNPARSED")) {
            // it is back in quarantine as a new row: keep one row per mail, with the attempt count
            jdbc.sql("""
                    update mail_quarantine set resolved_at = null, attempts = attempts + 1,
                           error = coalesce((select q.error from mail_quarantine q where q.id > :id and q.raw = mail_quarantine.raw
                                             order by q.id desc limit 1), error)
                     where id = :id""").param("id", id).update();
            jdbc.sql("delete from mail_quarantine where id > :id and resolved_at is null and raw = (select raw from mail_quarantine where id = :id)")
                    .param("id", id).update();
        }
        return result;
    }

    public void discard(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        if (jdbc.sql("update mail_quarantine set resolved_at = now() where id = :id and resolved_at is null").param("id", id).update() == 0) {
            throw Problems.notFound("Quarantined mail", id);
        }
    }
}
