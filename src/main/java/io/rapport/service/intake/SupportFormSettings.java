package io.rapport.service.intake;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Who owns the contacts the public support form creates (one row, administrators only), so agents can see them. */
@Service
public class SupportFormSettings {

    public record Settings(Long contactOwnerId, Long contactTeamId, int version) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SupportFormSettings(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public Settings get(CurrentUser user) {
        RecordVisibility.requireAdmin(user);
        return current();
    }

    Settings current() {
        return jdbc.sql("select contact_owner_id, contact_team_id, version from support_form_settings where id = 1")
                .query((rs, n) -> new Settings((Long) rs.getObject(1), (Long) rs.getObject(2), rs.getInt(3))).optional()
                .orElse(new Settings(null, null, 0));
    }

    /** {contactOwnerId, contactTeamId, version}: both replace the stored ones (null clears); the version is required. */
    @Transactional
    public Settings update(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        Settings before = current();
        JsonFields in = new JsonFields(body, Set.of("contactOwnerId", "contactTeamId", "version"));
        Long owner = in.id("contactOwnerId");
        Long team = in.id("contactTeamId");
        Integer version = in.integer("version");
        if (owner != null && !jdbc.sql("select exists(select 1 from users where id = :id and active)").param("id", owner)
                .query(Boolean.class).single()) {
            in.error("contactOwnerId", "no active user " + owner);
        }
        if (team != null && !jdbc.sql("select exists(select 1 from teams where id = :id)").param("id", team).query(Boolean.class).single()) {
            in.error("contactTeamId", "no team " + team);
        }
        if (version == null && in.errors().isEmpty()) throw Problems.versionRequired();
        in.throwIfInvalid();
        if (version != before.version()) throw Problems.staleVersion("Support form settings", 1, version, before.version());
        jdbc.sql("""
                insert into support_form_settings (id, contact_owner_id, contact_team_id, version, updated_at)
                values (1, :owner, :team, 1, now())
                on conflict (id) do update set contact_owner_id = :owner, contact_team_id = :team,
                       version = support_form_settings.version + 1, updated_at = now()""")
                .param("owner", owner).param("team", team).update();
        Settings after = current();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("contactOwnerId", before.contactOwnerId());
        b.put("contactTeamId", before.contactTeamId());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("contactOwnerId", after.contactOwnerId());
        a.put("contactTeamId", after.contactTeamId());
        audit.record("UPDATE", "SUPPORT_FORM_SETTINGS", 1L, "Changed the owner of support-form contacts", FieldChange.between(b, a));
        return after;
    }
}
