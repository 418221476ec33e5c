package io.rapport.service.macros;

import io.rapport.platform.web.JsonFields;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and checks the field changes of a macro (its {@code changes} object): known values, existing team and user. */
@Component
public class FieldChangesReader {

    public static final Set<String> FIELDS = Set.of("status", "priority", "type", "addTags", "teamId", "assigneeId");

    private final JdbcClient jdbc;

    FieldChangesReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Errors go to {@code in} (prefixed with {@code prefix}); the result is only meaningful when there are none. */
    public FieldChanges read(JsonFields in, String field) {
        JsonFields c = in.object(field, FIELDS);
        if (c == null) return FieldChanges.none();
        FieldChanges changes = new FieldChanges(c.oneOf("status", FieldChanges.STATUSES),
                c.oneOf("priority", FieldChanges.PRIORITIES), c.oneOf("type", FieldChanges.TYPES),
                c.strings("addTags", 20, 50), c.id("teamId"), c.id("assigneeId"));
        checkTeam(c, "teamId", changes.teamId());
        checkAssignee(c, "assigneeId", changes.assigneeId());
        in.absorb(field, c);
        return changes;
    }

    public void checkTeam(JsonFields in, String field, Long teamId) {
        if (teamId != null && !jdbc.sql("select exists(select 1 from teams where id = :id)").param("id", teamId)
                .query(Boolean.class).single()) {
            in.error(field, "no team " + teamId);
        }
    }

    /** Tickets go to people who work them: active admins, managers and agents. */
    public void checkAssignee(JsonFields in, String field, Long userId) {
        if (userId != null && !jdbc.sql("select exists(select 1 from users where id = :id and active and role in ('ADMIN','MANAGER','AGENT'))")
                .param("id", userId).query(Boolean.class).single()) {
            in.error(field, "no active admin, manager or agent " + userId);
        }
    }
}
