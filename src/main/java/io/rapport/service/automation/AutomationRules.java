package io.rapport.service.automation;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.service.macros.FieldChanges;
import io.rapport.service.macros.FieldChangesReader;
import io.rapport.service.macros.Placeholders;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Automation rules: admins write them, admins and managers read them and their log. */
@Service
public class AutomationRules {

    static final Set<String> FIELDS = Set.of("name", "trigger", "position", "active", "conditions", "actions", "version");
    static final Set<String> ACTION_FIELDS = Set.of("type", "value", "userId", "teamId", "to", "subject", "body", "title", "dueInHours", "field");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final FieldChangesReader refs;
    private final io.rapport.service.tickets.TicketCustomFields customFields;

    AutomationRules(JdbcClient jdbc, JsonMapper json, FieldChangesReader refs, io.rapport.service.tickets.TicketCustomFields customFields) {
        this.customFields = customFields;
        this.jdbc = jdbc;
        this.json = json;
        this.refs = refs;
    }

    static void requireReader(CurrentUser user) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER) {
            throw Problems.forbidden("Only admins and managers see automation rules");
        }
    }

    public List<AutomationRule> all(CurrentUser user) {
        requireReader(user);
        return jdbc.sql("select * from automation_rules order by trigger, position, id").query(this::map).list();
    }

    /** Active rules of a trigger, in the order they run. */
    List<AutomationRule> active(String trigger) {
        return jdbc.sql("select * from automation_rules where active and trigger = :t order by position, id")
                .param("t", trigger).query(this::map).list();
    }

    public AutomationRule get(CurrentUser user, long id) {
        requireReader(user);
        return jdbc.sql("select * from automation_rules where id = :id").param("id", id).query(this::map).optional()
                .orElseThrow(() -> Problems.notFound("Automation rule", id));
    }

    @Transactional
    public AutomationRule create(CurrentUser user, JsonNode body) {
        io.rapport.platform.security.RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, FIELDS);
        AutomationRule r = read(in, null);
        in.throwIfInvalid();
        long id = jdbc.sql("""
                        insert into automation_rules (name, trigger, position, active, conditions, actions)
                        values (:name, :trigger, :position, :active, :conditions::jsonb, :actions::jsonb) returning id""")
                .param("name", r.name()).param("trigger", r.trigger()).param("position", r.position())
                .param("active", r.active()).param("conditions", json.writeValueAsString(r.conditions()))
                .param("actions", json.writeValueAsString(r.actions())).query(Long.class).single();
        return get(user, id);
    }

    @Transactional
    public AutomationRule update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        io.rapport.platform.security.RecordVisibility.requireAdmin(user);
        AutomationRule current = get(user, id);
        JsonFields in = new JsonFields(body, FIELDS);
        AutomationRule r = read(in, current);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, in.integer("version"));
        in.throwIfInvalid();
        expected.requireMatches("Automation rule", id, current.version());
        int n = jdbc.sql("""
                        update automation_rules set name = :name, trigger = :trigger, position = :position, active = :active,
                               conditions = :conditions::jsonb, actions = :actions::jsonb, updated_at = now(), version = version + 1
                         where id = :id and version = :version""")
                .param("name", r.name()).param("trigger", r.trigger()).param("position", r.position())
                .param("active", r.active()).param("conditions", json.writeValueAsString(r.conditions()))
                .param("actions", json.writeValueAsString(r.actions())).param("id", id).param("version", current.version())
                .update();
        if (n == 0) throw expected.lostRace("Automation rule", id, current.version());
        return get(user, id);
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        io.rapport.platform.security.RecordVisibility.requireAdmin(user);
        get(user, id);
        jdbc.sql("delete from automation_rules where id = :id").param("id", id).update();
    }

    private AutomationRule read(JsonFields in, AutomationRule cur) {
        String name = in.has("name") || cur == null ? in.text("name", 120) : cur.name();
        if (name == null || name.isBlank()) in.error("name", "required");
        String trigger = in.has("trigger") || cur == null ? in.oneOf("trigger", AutomationRule.TRIGGERS) : cur.trigger();
        if (trigger == null && in.errors().stream().noneMatch(e -> e.field().equals("trigger"))) {
            in.error("trigger", "required: one of " + AutomationRule.TRIGGERS);
        }
        Integer position = in.has("position") ? in.integer("position") : cur == null ? Integer.valueOf(0) : Integer.valueOf(cur.position());
        Boolean active = in.has("active") ? in.bool("active") : Boolean.valueOf(cur == null || cur.active());
        List<Condition> conditions = in.has("conditions") || cur == null ? conditions(in) : cur.conditions();
        List<Action> actions = in.has("actions") || cur == null ? actions(in) : cur.actions();
        if (actions.isEmpty() && in.errors().stream().noneMatch(e -> e.field().startsWith("actions"))) {
            in.error("actions", "at least one action");
        }
        if ("TIME".equals(trigger) && !AutomationRule.hasTimeCondition(conditions)) {
            in.error("conditions", "a TIME rule needs an hours_since_created, hours_since_updated or hours_in_status condition");
        }
        return new AutomationRule(0, name, trigger, position == null ? 0 : position, active == null || active,
                conditions, actions, null, 0);
    }

    private List<Condition> conditions(JsonFields in) {
        JsonNode list = in.node("conditions");
        List<Condition> out = new ArrayList<>();
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) {
            in.error("conditions", "expected an array of {field, op, value}");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "conditions[" + i + "]";
            if (!list.get(i).isObject()) {
                in.error(at, "expected an object {field, op, value}");
                continue;
            }
            JsonFields c = new JsonFields(list.get(i), Set.of("field", "op", "value"));
            String field = c.text("field", 50);
            io.rapport.customers.customfields.CustomField customDef = null;
            if (field != null && field.startsWith("custom.")) {
                customDef = Condition.custom(field) ? customFields.definition(field.substring(7)) : null;
                if (customDef == null) {
                    c.error("field", "no ticket custom field " + field.substring(7));
                    field = null;
                }
            } else if (field == null || !Condition.OPERATORS.containsKey(field)) {
                c.error("field", "one of " + Condition.OPERATORS.keySet().stream().sorted().toList() + " or custom.<key>");
                field = null;
            }
            List<String> ops = customDef != null ? Condition.CUSTOM_OPERATORS : field == null ? List.of() : Condition.OPERATORS.get(field);
            String op = field == null ? c.text("op", 20) : c.oneOf("op", ops);
            if (field != null && op == null && c.errors().isEmpty()) c.error("op", "required: one of " + ops);
            String value = null;
            JsonNode v = c.node("value");
            if (v != null && !v.isNull()) value = v.isString() ? v.asString().trim() : v.toString();
            if (field != null && op != null && Condition.needsValue(op)) {
                if (value == null || value.isBlank()) {
                    c.error("value", "required");
                } else if (Condition.numeric(field)) {
                    try {
                        Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        c.error("value", "expected a number");
                    }
                } else if (customDef != null && !customDef.options().isEmpty() && !customDef.options().contains(value)) {
                    c.error("value", "one of " + customDef.options());
                } else if (Condition.VALUES.containsKey(field) && !Condition.VALUES.get(field).contains(value)) {
                    c.error("value", "one of " + Condition.VALUES.get(field));
                } else if (value.length() > 200) {
                    c.error("value", "at most 200 characters");
                }
            }
            in.absorb(at, c);
            if (field != null && op != null) out.add(new Condition(field, op, Condition.needsValue(op) ? value : null));
        }
        return out;
    }

    private List<Action> actions(JsonFields in) {
        JsonNode list = in.node("actions");
        List<Action> out = new ArrayList<>();
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) {
            in.error("actions", "expected an array of {type, …}");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "actions[" + i + "]";
            if (!list.get(i).isObject()) {
                in.error(at, "expected an object {type, …}");
                continue;
            }
            JsonFields a = new JsonFields(list.get(i), ACTION_FIELDS);
            String type = a.oneOf("type", Action.TYPES);
            String value = a.text("value", "SET_CUSTOM".equals(type) ? 1000 : 50);
            String customField = a.text("field", 40);
            Long userId = a.id("userId");
            Long teamId = a.id("teamId");
            String to = a.text("to", 20);
            String subject = a.text("subject", 300);
            String body = a.text("body", 20000);
            String title = a.text("title", 200);
            Integer due = a.integer("dueInHours");
            if (type != null) {
                switch (type) {
                    case "SET_STATUS" -> requireOneOf(a, value, FieldChanges.STATUSES);
                    case "SET_PRIORITY" -> requireOneOf(a, value, FieldChanges.PRIORITIES);
                    case "SET_TYPE" -> requireOneOf(a, value, FieldChanges.TYPES);
                    case "ADD_TAG" -> { if (value == null || value.isBlank()) a.error("value", "required: the tag"); }
                    case "ASSIGN_USER" -> {
                        if (userId == null) a.error("userId", "required");
                        refs.checkAssignee(a, "userId", userId);
                    }
                    case "ASSIGN_TEAM" -> {
                        if (teamId == null) a.error("teamId", "required");
                        refs.checkTeam(a, "teamId", teamId);
                    }
                    case "SEND_EMAIL" -> {
                        if (!"REQUESTER".equals(to) && !"USER".equals(to)) a.error("to", "REQUESTER or USER");
                        if ("USER".equals(to)) {
                            if (userId == null) a.error("userId", "required when to is USER");
                            else if (!jdbc.sql("select exists(select 1 from users where id = :id and active)").param("id", userId)
                                    .query(Boolean.class).single()) a.error("userId", "no active user " + userId);
                        }
                        if (subject == null || subject.isBlank()) a.error("subject", "required");
                        if (body == null || body.isBlank()) a.error("body", "required");
                        placeholders(a, "subject", subject);
                        placeholders(a, "body", body);
                    }
                    case "CREATE_TASK" -> {
                        if (title == null || title.isBlank()) a.error("title", "required");
                        placeholders(a, "title", title);
                        if (due != null && (due < 0 || due > 24 * 365)) a.error("dueInHours", "between 0 and 8760");
                    }
                    case "SET_CUSTOM" -> {
                        var def = customField == null ? null : customFields.definition(customField);
                        if (def == null) a.error("field", customField == null ? "required: a ticket custom field's key" : "no ticket custom field " + customField);
                        else if (value != null) io.rapport.customers.customfields.CustomFields.fromText(def, value, "value", a.errors());
                        else if (def.required()) a.error("value", "required: " + customField + " is a required field");
                    }
                    default -> { }
                }
            }
            in.absorb(at, a);
            if (type != null) out.add(new Action(type, value, userId, teamId, to, subject, body, title, due,
                    "SET_CUSTOM".equals(type) ? customField : null));
        }
        return out;
    }

    private static void requireOneOf(JsonFields a, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) a.error("value", "one of " + allowed);
    }

    private static void placeholders(JsonFields a, String field, String text) {
        for (String unknown : Placeholders.unknown(text)) a.error(field, "unknown placeholder {{" + unknown + "}}");
    }

    private AutomationRule map(ResultSet rs, int n) throws SQLException {
        return new AutomationRule(rs.getLong("id"), rs.getString("name"), rs.getString("trigger"), rs.getInt("position"),
                rs.getBoolean("active"),
                json.readValue(rs.getString("conditions"), new TypeReference<List<Condition>>() {}),
                json.readValue(rs.getString("actions"), new TypeReference<List<Action>>() {}),
                rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }
}
