package io.rapport.platform.users;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A person who signs in to Rapport. The password hash never leaves the platform module. */
public record UserAccount(long id, String email, String name, Role role, Long teamId, String teamName, boolean active,
                          Instant createdAt, Instant updatedAt, int version) {

    public CurrentUser asCurrentUser() {
        return new CurrentUser(id, email, name, role, teamId);
    }

    Map<String, Object> snapshot() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("email", email);
        map.put("name", name);
        map.put("role", role.name());
        map.put("teamId", teamId);
        map.put("active", active);
        return map;
    }
}
