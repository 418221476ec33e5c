package io.rapport.activities;

import io.rapport.activities.reminders.MailOutbox;
import org.springframework.stereotype.Service;

/**
 * The outbox's door for other modules (surveys, notifications from other lanes): queue a plain-text mail in the
 * caller's transaction; the outbox job sends it after commit, with retries.
 */
@Service
public class OutgoingMail {

    private final MailOutbox outbox;

    OutgoingMail(MailOutbox outbox) {
        this.outbox = outbox;
    }

    /** Queues the mail; returns its outbox id. */
    public long enqueue(String recipient, String subject, String body) {
        return outbox.enqueue(recipient, subject, body);
    }

    /** A plain-text mail for {@link #enqueueAll}. */
    public record Plain(String recipient, String subject, String body) {}

    /** Queues many plain-text mails in one statement, in the caller's transaction; returns how many. */
    public int enqueueAll(java.util.List<Plain> mails) {
        return outbox.enqueueAll(mails.stream().map(Plain::recipient).toList(), mails.stream().map(Plain::subject).toList(),
                mails.stream().map(Plain::body).toList());
    }

    /** Queues a mail with an HTML alternative beside the plain text; returns its outbox id. */
    public long enqueue(String recipient, String subject, String body, String html) {
        return outbox.enqueue(recipient, subject, body, html);
    }
}
