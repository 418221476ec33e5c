package io.rapport.platform.security;

import java.io.Serializable;
import java.security.Principal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in person, as kept in the session or resolved from an API token. */
public record CurrentUser(long id, String email, String name, Role role, Long teamId) implements Serializable, Principal {

    /** The principal's name is the e-mail: sessions are indexed by it, so they can be ended when the user changes. */
    @Override
    public String getName() {
        return email;
    }

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

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public String initials() {
        String[] parts = name.trim().split("\\s+");
        String first = parts[0].isEmpty() ? "?" : parts[0].substring(0, 1);
        return parts.length > 1 ? first + parts[parts.length - 1].charAt(0) : first;
    }
}
