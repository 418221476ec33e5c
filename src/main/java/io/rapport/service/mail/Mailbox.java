package io.rapport.service.mail;

import java.time.Instant;

/** An IMAP mailbox the desk polls. Its password is not part of it: it stays encrypted in the database. */
public record Mailbox(long id, String name, String host, int port, boolean tls, String username, String folder,
                      String address, Long defaultTeamId, boolean active, long lastUid, Instant lastPolledAt,
                      String lastError) {
}
