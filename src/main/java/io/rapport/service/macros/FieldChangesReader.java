package io.rapport.service.macros;

import io.rapport.platform.web.JsonFields;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and checks the field changes of a macro (its {@code changes} object): known values, existing team and user. */
@Component
public class FieldChangesReader {

    public static final Set<String> FIELDS = Set.of("status", "priority", "type", "addTags", "teamId", "assigneeId", "custom");

    private final JdbcClient jdbc;
    private final io.rapport.service.tickets.TicketCustomFields customFields;
    private final tools.jackson.databind.json.JsonMapper json;

    FieldChangesReader(JdbcClient jdbc, io.rapport.service.tickets.TicketCustomFields customFields,
                       tools.jackson.databind.json.JsonMapper json) {
        this.jdbc = jdbc;
        this.customFields = customFields;
        this.json = json;
    }

    /** Errors go to {@code in} (prefixed with {@code prefix}); the result is only meaningful when there are none. */
    public FieldChanges read(JsonFields in, String field) {
        JsonFields c = in.object(field, FIELDS);
        if (c == null) return FieldChanges.none();
        FieldChanges changes = new FieldChanges(c.oneOf("status", FieldChanges.STATUSES),
                c.oneOf("priority", FieldChanges.PRIORITIES), c.oneOf("type", FieldChanges.TYPES),
                c.strings("addTags", 20, 50), c.id("teamId"), c.id("assigneeId"), custom(c));
        checkTeam(c, "teamId", changes.teamId());
        checkAssignee(c, "assigneeId", changes.assigneeId());
        in.absorb(field, c);
        return changes;
    }

    /** Ticket custom field values, checked against their definitions (errors as custom.<key>). */
    private java.util.Map<String, Object> custom(JsonFields c) {
        var checked = customFields.check(c.node("custom"), "custom", c.errors());
        if (checked == null) return null;
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        checked.propertyNames().forEach(k -> values.put(k, checked.get(k).isNull() ? null : json.convertValue(checked.get(k), Object.class)));
        return values;
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
