package io.rapport.activities.calendar;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The secret behind a user's calendar feed URL. Calendar apps cannot sign in, so the URL itself is the key:
 * 256 random bits, shown once, stored only as its SHA-256 (like API tokens). Regenerating replaces the hash,
 * so the old URL stops working at once.
 */
@Service
public class CalendarFeed {

    static final String PREFIX = "cal_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final AuditLog audit;

    CalendarFeed(JdbcClient jdbc, UserDirectory users, AuditLog audit) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
    }

    /** A new secret for the user's feed; the previous one (if any) no longer works. */
    @Transactional
    public String regenerate(CurrentUser user) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("""
                insert into notification_settings (user_id, ical_token_hash, ical_token_created_at) values (:user, :hash, now())
                on conflict (user_id) do update set ical_token_hash = :hash, ical_token_created_at = now(), updated_at = now()""")
                .param("user", user.id()).param("hash", hash(token)).update();
        audit.record("REGENERATE", "CALENDAR_FEED", user.id(), "New calendar feed URL (the old one stopped working)", Map.of());
        return token;
    }

    @Transactional
    public void turnOff(CurrentUser user) {
        int changed = jdbc.sql("""
                update notification_settings set ical_token_hash = null, ical_token_created_at = null, updated_at = now()
                 where user_id = :user and ical_token_hash is not null""").param("user", user.id()).update();
        if (changed > 0) audit.record("REVOKE", "CALENDAR_FEED", user.id(), "Turned off the calendar feed", Map.of());
    }

    /** When the user's current feed URL was made, if they have one. */
    public Optional<Instant> activeSince(CurrentUser user) {
        return jdbc.sql("select ical_token_created_at from notification_settings where user_id = :user and ical_token_hash is not null")
                .param("user", user.id()).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant);
    }

    /** The active user whose feed this token opens; empty for unknown, replaced or malformed tokens. */
    public Optional<CurrentUser> userFor(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        return jdbc.sql("select user_id from notification_settings where ical_token_hash = :hash")
                .param("hash", hash(token)).query(Long.class).optional()
                .flatMap(users::find).filter(UserAccount::active).map(UserAccount::asCurrentUser);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
