package io.rapport.platform.security;

import java.io.Serializable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in person, as kept in the session or resolved from an API token. */
public record CurrentUser(long id, String email, String name, Role role, Long teamId) implements Serializable {

    /** The user of the current request, or {@code null} outside a request (jobs, seeding). */
    public static CurrentUser orNull() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof CurrentUser user ? user : null;
    }

    public static CurrentUser require() {
        CurrentUser user = orNull();
        if (user == null) {
            throw new IllegalStateException("No signed-in user in this request");
        }
        return user;
    }

    /** The authentication for this user; its name is the e-mail, by which sessions are indexed (and ended). */
    public Authentication asAuthentication() {
        return new SignedInUser(this);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public String initials() {
        String[] parts = name.trim().split("\\s+");
        String first = parts[0].isEmpty() ? "?" : parts[0].substring(0, 1);
        return parts.length > 1 ? first + parts[parts.length - 1].charAt(0) : first;
    }
}
