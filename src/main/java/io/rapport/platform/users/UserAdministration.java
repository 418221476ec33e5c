package io.rapport.platform.users;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem.FieldError;
import io.rapport.platform.web.Problems;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, changing and deactivating users; only administrators may, and every step is audited. */
@Service
public class UserAdministration {

    public record NewUser(String email, String name, Role role, Long teamId, String password) {}

    public record UserChange(String email, String name, Role role, Long teamId, Boolean active, Integer version) {}

    /** A created user and, when Rapport chose it, the one-time password to hand over. */
    public record Created(UserAccount user, String temporaryPassword) {}

    public static final int MIN_PASSWORD = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final SignedInSessions sessions;
    private final LoginThrottle throttle;

    UserAdministration(UserRepository users, PasswordEncoder encoder, AuditLog audit, SignedInSessions sessions,
                       LoginThrottle throttle) {
        this.throttle = throttle;
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.sessions = sessions;
    }

    @Transactional
    public Created create(CurrentUser actor, NewUser command) {
        RecordVisibility.requireAdmin(actor);
        return createUnchecked(command);
    }

    /** For bootstrapping the first admin and demo users, where no one is signed in. */
    @Transactional
    public Created createUnchecked(NewUser command) {
        List<FieldError> errors = new ArrayList<>();
        validateIdentity(command.email(), command.name(), errors);
        if (command.role() == null) errors.add(new FieldError("role", "required"));
        String password = command.password();
        String temporary = null;
        if (password == null || password.isBlank()) {
            password = temporary = generatePassword();
        } else if (password.length() < MIN_PASSWORD || password.length() > 200) {
            errors.add(new FieldError("password", "must be " + MIN_PASSWORD + " to 200 characters"));
        }
        if (command.teamId() != null && users.team(command.teamId()).isEmpty()) {
            errors.add(new FieldError("teamId", "no team " + command.teamId()));
        }
        if (command.email() != null && users.findByEmail(command.email().trim()).isPresent()) {
            errors.add(new FieldError("email", "a user with this e-mail already exists"));
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        long id = users.insert(new EmailAddress(command.email()).value(), command.name().trim(), encoder.encode(password),
                command.role(), command.teamId());
        UserAccount created = users.findById(id).orElseThrow();
        audit.record("CREATE", "USER", id, "Created user " + created.email(), FieldChange.of(created.snapshot(), true));
        return new Created(created, temporary);
    }

    @Transactional
    public UserAccount update(CurrentUser actor, long id, UserChange change, Integer ifMatch) {
        RecordVisibility.requireAdmin(actor);
        UserAccount current = users.findById(id).orElseThrow(() -> Problems.notFound("User", id));
        Integer expected = ifMatch != null ? ifMatch : change.version();
        if (expected == null) throw Problems.versionRequired();
        if (expected != current.version()) {
            throw ifMatch != null ? Problems.preconditionFailed("User", id, current.version())
                    : Problems.staleVersion("User", id, expected, current.version());
        }
        String email = change.email() != null ? change.email() : current.email();
        String name = change.name() != null ? change.name() : current.name();
        List<FieldError> errors = new ArrayList<>();
        validateIdentity(email, name, errors);
        Long teamId = change.teamId() != null ? (change.teamId() == 0 ? null : change.teamId()) : current.teamId();
        if (teamId != null && users.team(teamId).isEmpty()) errors.add(new FieldError("teamId", "no team " + teamId));
        users.findByEmail(email.trim()).filter(other -> other.id() != id)
                .ifPresent(other -> errors.add(new FieldError("email", "a user with this e-mail already exists")));
        Role role = change.role() != null ? change.role() : current.role();
        boolean active = change.active() != null ? change.active() : current.active();
        if (id == actor.id() && (!active || role != Role.ADMIN)) {
            errors.add(new FieldError(active ? "role" : "active", "you cannot demote or deactivate yourself"));
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        if (!users.update(id, current.version(), new EmailAddress(email).value(), name.trim(), role, teamId, active)) {
            throw Problems.staleVersion("User", id, expected, current.version() + 1);
        }
        UserAccount updated = users.findById(id).orElseThrow();
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), updated.snapshot());
        audit.record("UPDATE", "USER", id, "Updated user " + updated.email(), changes);
        if (!changes.isEmpty() && !changes.keySet().equals(java.util.Set.of("name"))) {
            // a signed-in session carries the old role, team and state: end it so the change applies at once
            sessions.endAllOf(current.email());
        }
        return updated;
    }

    @Transactional
    public UserAccount deactivate(CurrentUser actor, long id) {
        UserAccount current = users.findById(id).orElseThrow(() -> Problems.notFound("User", id));
        return update(actor, id, new UserChange(null, null, null, null, false, current.version()), null);
    }

    /** Sets a new password chosen by the admin, or a generated one returned for handing over. */
    @Transactional
    public String resetPassword(CurrentUser actor, long id, String newPassword) {
        RecordVisibility.requireAdmin(actor);
        users.findById(id).orElseThrow(() -> Problems.notFound("User", id));
        String password = newPassword == null || newPassword.isBlank() ? generatePassword() : newPassword;
        checkPassword(password);
        users.setPassword(id, encoder.encode(password));
        String email = users.findById(id).orElseThrow().email();
        sessions.endAllOf(email);
        throttle.succeeded(email);  // a reset is also how a locked-out user gets back in
        audit.record("RESET_PASSWORD", "USER", id, "Password reset by an administrator", Map.of());
        return password;
    }

    @Transactional
    public void changeOwnPassword(CurrentUser actor, String current, String next) {
        String hash = users.passwordHash(actor.id()).orElseThrow();
        if (current == null || !encoder.matches(current, hash)) throw Problems.invalid("currentPassword", "is not your current password");
        checkPassword(next);
        users.setPassword(actor.id(), encoder.encode(next));
        audit.record("CHANGE_PASSWORD", "USER", actor.id(), "Changed own password", Map.of());
    }

    @Transactional
    public Team createTeam(CurrentUser actor, String name) {
        RecordVisibility.requireAdmin(actor);
        if (name == null || name.isBlank() || name.trim().length() > 120) throw Problems.invalid("name", "1 to 120 characters");
        if (users.teamIdByName(name.trim()).isPresent()) throw Problems.invalid("name", "a team with this name exists");
        long id = users.insertTeam(name.trim());
        audit.record("CREATE", "TEAM", id, "Created team " + name.trim(), Map.of("name", new FieldChange(null, name.trim())));
        return users.team(id).orElseThrow();
    }

    /** Team id for a name, creating the team (for seeding). */
    public long ensureTeam(String name) {
        return users.teamIdByName(name).orElseGet(() -> users.insertTeam(name));
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
            throw Problems.invalid("password", "must be " + MIN_PASSWORD + " to 200 characters");
        }
    }

    private static void validateIdentity(String email, String name, List<FieldError> errors) {
        if (!EmailAddress.isValid(email)) errors.add(new FieldError("email", "not a valid e-mail address"));
        if (name == null || name.isBlank() || name.trim().length() > 200) errors.add(new FieldError("name", "1 to 200 characters"));
    }

    private static String generatePassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString();
    }
}
