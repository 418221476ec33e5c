package io.rapport.service.mail;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fetches new mail from each active mailbox by UID (the last one handled is remembered per mailbox, so a mail is
 * fetched once even when it was read by a person meanwhile) and hands each to the intake. One node polls a
 * mailbox at a time: it takes a lease on the mailbox row with a conditional update; a node that dies lets its
 * lease expire. A mail handed over twice (a crash between intake and the UID update) is one message anyway: the
 * Message-ID is unique.
 */
@Component
class MailboxPoller {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);
    /** Angus's IMAP "whole message" fetch item: one FETCH for a batch instead of a round trip per mail (runtime-only API). */
    private static final FetchProfile.Item WHOLE_MESSAGE = wholeMessageItem();

    private static FetchProfile.Item wholeMessageItem() {
        try {
            return (FetchProfile.Item) Class.forName("org.eclipse.angus.mail.imap.IMAPFolder$FetchProfileItem").getField("MESSAGE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    record Credentials(long id, String host, int port, boolean tls, String username, String passwordEnc, String folder,
                       Long uidValidity, long lastUid) {}

    private final JdbcClient jdbc;
    private final PasswordCipher cipher;
    private final MailIntake intake;
    private final int batch;
    private final ExecutorService workers;
    private final int threads;
    private final int group;
    private final boolean markSeen;

    MailboxPoller(JdbcClient jdbc, PasswordCipher cipher, MailIntake intake,
                  @Value("${rapport.service.mail.fetch-batch:200}") int batch,
                  @Value("${rapport.service.mail.intake-threads:4}") int threads,
                  @Value("${rapport.service.mail.intake-group:20}") int group,
                  @Value("${rapport.service.mail.mark-seen:true}") boolean markSeen) {
        this.markSeen = markSeen;
        this.threads = Math.max(1, threads);
        this.group = Math.max(1, group);
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.intake = intake;
        this.batch = batch;
        this.workers = Executors.newFixedThreadPool(this.threads, Thread.ofPlatform().name("mail-intake-", 1).daemon().factory());
    }

    /** Polls every active mailbox this node can lease; returns how many mails were handed to the intake. */
    int pollAll() {
        int handled = 0;
        for (long id : jdbc.sql("select id from mailboxes where active order by id").query(Long.class).list()) {
            handled += poll(id);
        }
        return handled;
    }

    int poll(long mailboxId) {
        Credentials box = lease(mailboxId);
        if (box == null) return 0;  // another node is on it, or it was deactivated
        int handled = 0;
        try {
            handled = fetch(box);
            jdbc.sql("update mailboxes set last_polled_at = now(), last_error = null where id = :id").param("id", box.id()).update();
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("Polling mailbox {} failed: {}", box.id(), e.toString());
            jdbc.sql("update mailboxes set last_polled_at = now(), last_error = left(:error, 1000) where id = :id")
                    .param("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).param("id", box.id()).update();
        } finally {
            jdbc.sql("update mailboxes set poll_lease_until = null where id = :id").param("id", box.id()).update();
        }
        return handled;
    }

    /**
     * Hands a batch to the intake on a few threads (each mail is its own transaction, so commits overlap). New
     * mail goes first and replies after, so a reply finds the ticket its original opened in the same batch.
     */
    private int takeIn(long mailboxId, List<byte[]> raws) {
        List<byte[]> fresh = new ArrayList<>();
        List<byte[]> replies = new ArrayList<>();
        for (byte[] raw : raws) (looksLikeReply(header(raw)) ? replies : fresh).add(raw);
        for (List<byte[]> phase : List.of(fresh, replies)) {
            // one lane per thread, a sender always in the same lane: its contact is created once and its mails keep their order
            List<List<byte[]>> lanes = new ArrayList<>();
            for (int i = 0; i < threads; i++) lanes.add(new ArrayList<>());
            for (byte[] raw : phase) lanes.get(Math.floorMod(senderOf(header(raw)).hashCode(), threads)).add(raw);
            List<Future<?>> running = new ArrayList<>();
            for (List<byte[]> lane : lanes) {
                if (lane.isEmpty()) continue;
                running.add(workers.submit(() -> {
                    for (int from = 0; from < lane.size(); from += group) {
                        intake.receiveAll(mailboxId, lane.subList(from, Math.min(lane.size(), from + group)));
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while taking in mail", e);
                } catch (ExecutionException e) {
                    // the intake quarantines what throws; anything left is a bug, and the batch is fetched again next time
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        return raws.size();
    }

    /** The header block, lower-cased, with a leading newline so every header starts with "\n". */
    private static String header(byte[] raw) {
        String head = "\n" + new String(raw, 0, Math.min(raw.length, 16384), java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int end = head.indexOf("\n\n", 1);
        return (end >= 0 ? head.substring(0, end) : head).toLowerCase(java.util.Locale.ROOT);
    }

    private static String senderOf(String header) {
        int at = header.indexOf("\nfrom:");
        if (at < 0) return "";
        int end = header.indexOf('\n', at + 1);
        return header.substring(at, end < 0 ? header.length() : end);
    }

    /** Reply headers, or a "[#n]" ticket reference in the subject. */
    private static boolean looksLikeReply(String header) {
        return header.contains("\nin-reply-to:") || header.contains("\nreferences:") || header.matches("(?s).*\nsubject:[^\n]*\\[#\\d+].*");
    }

    @PreDestroy
    void stopWorkers() {
        workers.shutdown();
    }

    private Credentials lease(long id) {
        return jdbc.sql("""
                        update mailboxes set poll_lease_until = now() + interval '5 minutes'
                         where id = :id and active and (poll_lease_until is null or poll_lease_until < now())
                        returning id, host, port, tls, username, password_enc, folder, uid_validity, last_uid""")
                .param("id", id)
                .query((rs, n) -> new Credentials(rs.getLong("id"), rs.getString("host"), rs.getInt("port"), rs.getBoolean("tls"),
                        rs.getString("username"), rs.getString("password_enc"), rs.getString("folder"),
                        (Long) rs.getObject("uid_validity"), rs.getLong("last_uid")))
                .optional().orElse(null);
    }

    private int fetch(Credentials box) throws MessagingException, IOException {
        String protocol = box.tls() ? "imaps" : "imap";
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".connectiontimeout", "10000");
        props.setProperty("mail." + protocol + ".timeout", "300000");
        props.setProperty("mail." + protocol + ".partialfetch", "false");  // whole bodies in one response, not 16 KB slices
        props.setProperty("mail." + protocol + ".fetchsize", "1048576");
        props.setProperty("mail." + protocol + ".peek", "true");  // fetching does not mark read: we do, once handled
        Session session = Session.getInstance(props);
        int handled = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(box.host(), box.port(), box.username(), cipher.decrypt(box.passwordEnc()));
            Folder folder = store.getFolder(box.folder());
            UIDFolder uidFolder = (UIDFolder) folder;
            folder.open(Folder.READ_WRITE);
            try {
                long validity = uidFolder.getUIDValidity();
                long last = box.uidValidity() != null && box.uidValidity() == validity ? box.lastUid() : 0;
                if (box.uidValidity() == null || box.uidValidity() != validity) {
                    // a new UID space (mailbox recreated): start over; Message-IDs keep what was taken from turning up twice
                    jdbc.sql("update mailboxes set uid_validity = :v, last_uid = 0 where id = :id").param("v", validity).param("id", box.id()).update();
                }
                Message[] all = uidFolder.getMessagesByUID(last + 1, UIDFolder.MAXUID);
                // UID n:* returns the last mail even when its UID is below n
                List<Message> fresh = new ArrayList<>();
                FetchProfile uids = new FetchProfile();
                uids.add(UIDFolder.FetchProfileItem.UID);
                folder.fetch(all, uids);
                for (Message m : all) {
                    if (m != null && !m.isExpunged() && uidFolder.getUID(m) > last) fresh.add(m);
                }
                for (int from = 0; from < fresh.size(); from += batch) {
                    Message[] chunk = fresh.subList(from, Math.min(fresh.size(), from + batch)).toArray(Message[]::new);
                    FetchProfile whole = new FetchProfile();
                    if (WHOLE_MESSAGE != null) whole.add(WHOLE_MESSAGE);
                    folder.fetch(chunk, whole);
                    long highest = last;
                    List<byte[]> raws = new ArrayList<>(chunk.length);
                    for (Message m : chunk) {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        m.writeTo(raw);
                        raws.add(raw.toByteArray());
                        highest = Math.max(highest, uidFolder.getUID(m));
                    }
                    handled += takeIn(box.id(), raws);
                    if (markSeen) folder.setFlags(chunk, new Flags(Flags.Flag.SEEN), true);  // for people reading the box too
                    last = highest;
                    jdbc.sql("update mailboxes set last_uid = :uid, poll_lease_until = now() + interval '5 minutes' where id = :id")
                            .param("uid", last).param("id", box.id()).update();
                }
            } finally {
                folder.close(false);
            }
        }
        if (handled > 0) log.info("Mailbox {}: {} mails taken in", box.id(), handled);
        return handled;
    }
}
