package io.rapport.service.mail;

import io.rapport.customers.contacts.Contacts;
import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketEvents;
import io.rapport.service.TicketIntake;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns one fetched mail into a ticket or a message on the right ticket, each mail in its own transaction. Automatic
 * mail (loops, bounces) is logged and dropped; mail without a sender, or that throws, is quarantined raw — never lost.
 */
@Service
public class MailIntake {

    public enum ReplyToClosed { REOPEN, NEW_TICKET }

    /** What became of a mail (also its row in mail_intake_log). */
    public record Result(String outcome, Long ticketId, String reason) {}

    private static final Logger log = LoggerFactory.getLogger(MailIntake.class);
    private static final Pattern TICKET_REF = Pattern.compile("\\[#(\\d{1,18})]");

    private final JdbcClient jdbc;
    private final MailParser parser;
    private final TicketIntake tickets;
    private final Contacts contacts;
    private final AutoReplies autoReplies;
    private final MailQuarantine quarantine;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final TransactionTemplate nested;
    private final TransactionTemplate separate;
    private final ReplyToClosed replyToSolved;

    MailIntake(JdbcClient jdbc, MailParser parser, TicketIntake tickets, Contacts contacts, AutoReplies autoReplies,
               MailQuarantine quarantine, ApplicationEventPublisher events, PlatformTransactionManager txManager,
               @Value("${rapport.service.mail.reply-to-closed:REOPEN}") ReplyToClosed replyToSolved) {
        this.jdbc = jdbc;
        this.parser = parser;
        this.tickets = tickets;
        this.contacts = contacts;
        this.autoReplies = autoReplies;
        this.quarantine = quarantine;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
        this.separate = new TransactionTemplate(txManager);
        this.separate.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.nested = new TransactionTemplate(txManager);
        this.nested.setPropagationBehavior(TransactionTemplate.PROPAGATION_NESTED);
        this.replyToSolved = replyToSolved;
    }

    public Result receive(Long mailboxId, byte[] raw) {
        return receive(mailboxId, raw, replyToSolved);
    }

    /** As {@link #receive(Long, byte[])}, choosing what a reply to a solved ticket does (tests try both settings). */
    Result receive(Long mailboxId, byte[] raw, ReplyToClosed onSolved) {
        try {
            return tx.execute(status -> process(mailboxId, raw, onSolved));
        } catch (DuplicateKeyException e) {
            // the same Message-ID committed meanwhile by another fetch: it is one message
            MailQuarantine.Peek peek = MailQuarantine.peek(raw);
            return tx.execute(status -> logged(mailboxId, peek.messageId(), peek.sender(), peek.subject(), "DUPLICATE",
                    "Message-ID already received", null));
        } catch (RuntimeException e) {
            log.warn("Mail from mailbox {} quarantined: {}", mailboxId, e.toString());
            MailQuarantine.Peek peek = MailQuarantine.peek(raw);
            return tx.execute(status -> {
                quarantine.keep(mailboxId, raw, e);
                return logged(mailboxId, peek.messageId(), peek.sender(), peek.subject(), "QUARANTINED", String.valueOf(e.getMessage()), null);
            });
        }
    }

    /**
     * Several mails in one transaction, each behind its own savepoint: one commit (one WAL flush) for the group
     * instead of one per mail. A mail that throws is rolled back to its savepoint and quarantined as alone; if the
     * group itself fails (a deadlock with another group, a lost connection), its mails are taken in one by one.
     */
    public List<Result> receiveAll(Long mailboxId, List<byte[]> raws) {
        try {
            return tx.execute(status -> {
                List<Result> results = new java.util.ArrayList<>(raws.size());
                for (byte[] raw : raws) results.add(receiveNested(mailboxId, raw));
                return results;
            });
        } catch (RuntimeException groupFailed) {
            log.info("A group of {} mails failed together ({}); taking them in one by one", raws.size(), groupFailed.toString());
            return raws.stream().map(raw -> receive(mailboxId, raw)).toList();
        }
    }

    private Result receiveNested(Long mailboxId, byte[] raw) {
        try {
            return nested.execute(status -> process(mailboxId, raw, replyToSolved));
        } catch (org.springframework.dao.TransientDataAccessException e) {
            throw e;  // not the mail's fault: let the group fail and retry alone
        } catch (DuplicateKeyException e) {
            MailQuarantine.Peek peek = MailQuarantine.peek(raw);
            return logged(mailboxId, peek.messageId(), peek.sender(), peek.subject(), "DUPLICATE", "Message-ID already received", null);
        } catch (RuntimeException e) {
            log.warn("Mail from mailbox {} quarantined: {}", mailboxId, e.toString());
            MailQuarantine.Peek peek = MailQuarantine.peek(raw);
            quarantine.keep(mailboxId, raw, e);
            return logged(mailboxId, peek.messageId(), peek.sender(), peek.subject(), "QUARANTINED", String.valueOf(e.getMessage()), null);
        }
    }

    private Result process(Long mailboxId, byte[] raw, ReplyToClosed onSolved) {
        MailboxInfo mailbox = mailboxId == null ? new MailboxInfo(null, null, null) : jdbc.sql(
                "select address, default_team_id, default_owner_id from mailboxes where id = :id").param("id", mailboxId)
                .query((rs, n) -> new MailboxInfo(rs.getString(1), (Long) rs.getObject(2), (Long) rs.getObject(3))).optional()
                .orElse(new MailboxInfo(null, null, null));
        ParsedMail mail;
        try {
            mail = parser.parse(raw, jdbc.sql("select lower(address) from mailboxes").query(String.class).list());
        } catch (jakarta.mail.MessagingException | java.io.IOException e) {
            throw new MalformedMailException(e);
        }
        if (mail.fromAddress() == null) {
            quarantine.keep(mailboxId, raw, "No From address: nobody to answer", null, mail.subject());
            return logged(mailboxId, mail.messageId(), null, mail.subject(), "UNPARSED", "no From address", null);
        }
        if (mail.loopReason() != null) {
            return logged(mailboxId, mail.messageId(), mail.fromAddress(), mail.subject(), "SKIPPED", mail.loopReason(), null);
        }
        if (mail.messageId() != null && jdbc.sql("select count(*) from ticket_messages where email_message_id = :id")
                .param("id", mail.messageId()).query(Long.class).single() > 0) {
            return logged(mailboxId, mail.messageId(), mail.fromAddress(), mail.subject(), "DUPLICATE", "Message-ID already received", null);
        }
        // its own short transaction: the per-address lock is not held while the rest of a group of mails is written
        // a new sender's contact belongs to the mailbox's default owner and team, so those agents see it
        long contactId = separate.execute(status -> contacts.findOrCreateByEmail(mail.fromAddress(), mail.fromName(), "E-mail",
                mailbox.ownerId(), mailbox.teamId()));
        String body = mail.notes().isEmpty() ? mail.text() : mail.text() + "\n\n" + String.join("\n", mail.notes());
        InboundMessage message = new InboundMessage(body, mail.html(), contactId, null, mail.messageId(),
                mail.threadIds().isEmpty() ? null : mail.threadIds().getFirst(), mail.attachments());

        Optional<Existing> existing = thread(mail, contactId);
        if (existing.isPresent()) {
            Existing t = existing.get();
            boolean reopen = t.status().equals("SOLVED") && onSolved == ReplyToClosed.REOPEN;
            if (!t.status().equals("CLOSED") && (reopen || !t.status().equals("SOLVED"))) {
                if (reopen) reopen(t.id());
                long messageId = tickets.addCustomerMessage(t.id(), NewTicket.Channel.EMAIL, message);
                keepSource(messageId, raw);
                return logged(mailboxId, mail.messageId(), mail.fromAddress(), mail.subject(), "REPLY", reopen ? "reopened" : null, t.id());
            }
            long ticketId = open(mail, message, contactId, mailbox, raw);
            jdbc.sql("insert into ticket_links (ticket_id, related_id) values (:new, :old), (:old, :new) on conflict do nothing")
                    .param("new", ticketId).param("old", t.id()).update();
            return logged(mailboxId, mail.messageId(), mail.fromAddress(), mail.subject(), "TICKET",
                    "reply to " + t.status().toLowerCase() + " ticket #" + t.number() + ": new ticket linked to it", ticketId);
        }
        long ticketId = open(mail, message, contactId, mailbox, raw);
        return logged(mailboxId, mail.messageId(), mail.fromAddress(), mail.subject(), "TICKET", null, ticketId);
    }

    private long open(ParsedMail mail, InboundMessage message, long contactId, MailboxInfo mailbox, byte[] raw) {
        String subject = mail.subject().replaceAll("\\s+", " ").strip();
        if (subject.isEmpty()) subject = "(no subject)";
        if (subject.length() > 300) subject = subject.substring(0, 297) + "…";
        long ticketId = tickets.open(new NewTicket(subject, NewTicket.Channel.EMAIL, contactId, null, null, null,
                mailbox.teamId(), null, List.of(), message));
        long messageId = jdbc.sql("select id from ticket_messages where ticket_id = :t order by id limit 1")
                .param("t", ticketId).query(Long.class).single();
        keepSource(messageId, raw);
        autoReplies.acknowledge(ticketId, mail, mailbox.address());
        return ticketId;
    }

    private record MailboxInfo(String address, Long teamId, Long ownerId) {}

    private record Existing(long id, long number, String status) {}

    /** The ticket this mail answers: by its reply headers, else by a "[#1042]" in the subject from that ticket's requester. */
    private Optional<Existing> thread(ParsedMail mail, long contactId) {
        Optional<Long> byHeader = mail.threadIds().isEmpty() ? Optional.empty() : jdbc.sql("""
                        select ticket_id from ticket_messages where email_message_id in (:ids) order by id desc limit 1""")
                .param("ids", mail.threadIds()).query(Long.class).optional();
        Optional<Long> id = byHeader.or(() -> {
            Matcher m = TICKET_REF.matcher(mail.subject());
            if (!m.find()) return Optional.empty();
            return jdbc.sql("select id from tickets where number = :n and requester_id = :c")
                    .param("n", Long.parseLong(m.group(1))).param("c", contactId).query(Long.class).optional();
        });
        // a merged ticket's conversation goes on where it was merged into
        return id.flatMap(ticketId -> jdbc.sql("""
                        with recursive chain(id, depth) as (
                            select :id::bigint, 0
                            union all
                            select t.merged_into_id, c.depth + 1 from chain c join tickets t on t.id = c.id
                             where t.merged_into_id is not null and c.depth < 10)
                        select t.id, t.number, t.status from chain c join tickets t on t.id = c.id order by c.depth desc limit 1""")
                .param("id", ticketId).query((rs, n) -> new Existing(rs.getLong(1), rs.getLong(2), rs.getString(3))).optional());
    }

    private void reopen(long ticketId) {
        jdbc.sql("""
                update tickets set status = 'OPEN', reopen_count = reopen_count + 1, solved_at = null, updated_at = now(),
                       version = version + 1 where id = :id""").param("id", ticketId).update();
        jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status) values (:id, 'SOLVED', 'OPEN')")
                .param("id", ticketId).update();
        events.publishEvent(new TicketEvents.StatusChanged(ticketId, "SOLVED", "OPEN", null));
    }

    private void keepSource(long messageId, byte[] raw) {
        jdbc.sql("insert into ticket_message_sources (message_id, raw) values (:id, :raw) on conflict do nothing")
                .param("id", messageId).param("raw", raw).update();
    }

    private Result logged(Long mailboxId, String messageId, String sender, String subject, String outcome, String reason, Long ticketId) {
        jdbc.sql("""
                insert into mail_intake_log (mailbox_id, message_id, sender, subject, outcome, reason, ticket_id)
                values (:mailbox, left(:messageId, 998), left(:sender, 254), left(:subject, 300), :outcome, left(:reason, 1000), :ticket)""")
                .param("mailbox", mailboxId).param("messageId", messageId).param("sender", sender).param("subject", subject)
                .param("outcome", outcome).param("reason", reason).param("ticket", ticketId).update();
        return new Result(outcome, ticketId, reason);
    }

    /** MIME that cannot be read; quarantined with the parser's words. */
    static final class MalformedMailException extends RuntimeException {
        MalformedMailException(Exception cause) {
            super("Malformed MIME: " + cause.getMessage(), cause);
        }
    }
}
