package io.rapport.platform.users;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import java.time.Instant;
import java.util.Map;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Checks an e-mail and password, the same way for the login page and for {@code POST /api/v1/auth/token}. */
@Service
public class PasswordLogin {

    public sealed interface Outcome {
        record Success(CurrentUser user) implements Outcome {}
        record BadCredentials() implements Outcome {}
        record Locked(Instant until) implements Outcome {}
    }

    // Compared against when the e-mail is unknown, so both paths take a bcrypt's time.
    private static final String DUMMY_HASH = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z6/ZBn1nkzPkqS7C1Sm7y3Vi";

    private final UserRepository users;
    private final LoginThrottle throttle;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    PasswordLogin(UserRepository users, LoginThrottle throttle, PasswordEncoder encoder, AuditLog audit) {
        this.users = users;
        this.throttle = throttle;
        this.encoder = encoder;
        this.audit = audit;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Outcome attempt(String email, String password, String channel) {
        var locked = throttle.lockedUntil(email);
        if (locked.isPresent()) {
            audit.record(null, email, "LOGIN_LOCKED", "USER", null, "Sign-in refused while locked (" + channel + ")", Map.of());
            return new Outcome.Locked(locked.get());
        }
        var user = email == null ? java.util.Optional.<UserAccount>empty() : users.findByEmail(email.trim());
        String hash = user.flatMap(u -> users.passwordHash(u.id())).orElse(DUMMY_HASH);
        boolean matches = password != null && encoder.matches(password, hash);
        if (user.isEmpty() || !matches || !user.get().active()) {
            throttle.failed(email);
            audit.record(user.map(UserAccount::id).orElse(null), email, "LOGIN_FAILED", "USER",
                    user.map(UserAccount::id).orElse(null), "Failed sign-in (" + channel + ")", Map.of());
            return new Outcome.BadCredentials();
        }
        throttle.succeeded(email);
        UserAccount account = user.get();
        audit.record(account.id(), account.email(), "LOGIN", "USER", account.id(), "Signed in (" + channel + ")", Map.of());
        return new Outcome.Success(account.asCurrentUser());
    }
}
