package io.rapport.service.mail;

import java.time.Instant;

/**
 * An IMAP mailbox the desk polls. Its password is not part of it: it stays encrypted in the database. Contacts created
 * from its mail are owned by {@code defaultOwnerId} and in {@code defaultTeamId}, so the intended agents see them.
 */
public record Mailbox(long id, String name, String host, int port, boolean tls, String username, String folder,
                      String address, Long defaultTeamId, Long defaultOwnerId, boolean active, long lastUid, Instant lastPolledAt,
                      String lastError) {
}
