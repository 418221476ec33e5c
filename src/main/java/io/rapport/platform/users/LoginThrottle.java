package io.rapport.platform.users;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Locks an e-mail out for a while after repeated failed sign-ins, on every app node alike (the
 * counter lives in PostgreSQL). Counts unknown e-mails too, so probing reveals nothing.
 */
@Component
class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);

    private final JdbcClient jdbc;

    LoginThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** When the e-mail is locked, until when. */
    Optional<Instant> lockedUntil(String email) {
        return jdbc.sql("select locked_until from login_throttle where email = :email and locked_until > now()")
                .param("email", key(email)).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant);
    }

    void failed(String email) {
        jdbc.sql("""
                insert into login_throttle (email, failures, updated_at) values (:email, 1, now())
                on conflict (email) do update set
                    failures = case when login_throttle.locked_until < now() then 1 else login_throttle.failures + 1 end,
                    locked_until = case
                        when login_throttle.locked_until < now() then null
                        when login_throttle.failures + 1 >= :max then now() + make_interval(secs => :lockSeconds)
                        else login_throttle.locked_until end,
                    updated_at = now()
                """)
                .param("email", key(email)).param("max", MAX_FAILURES).param("lockSeconds", (double) LOCK.toSeconds())
                .update();
    }

    void succeeded(String email) {
        jdbc.sql("delete from login_throttle where email = :email").param("email", key(email)).update();
    }

    private static String key(String email) {
        String k = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        return k.length() > 254 ? k.substring(0, 254) : k;
    }
}
