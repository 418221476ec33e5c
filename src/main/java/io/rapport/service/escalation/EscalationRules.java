package io.rapport.service.escalation;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Escalation rules, run in position order on each breach of their metric. */
@Service
public class EscalationRules {

    static final List<String> METRICS = List.of("FIRST_RESPONSE", "NEXT_RESPONSE", "RESOLUTION");
    static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    private static final Set<String> FIELDS = Set.of("name", "position", "active", "metric", "priorities",
            "reassignTeamId", "reassignUserId", "raisePriority", "notifyManager", "addTag", "version");

    private final JdbcClient jdbc;
    private final AuditLog audit;

    EscalationRules(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<EscalationRule> all() {
        return jdbc.sql("select * from sla_escalation_rules order by position, id limit 500").query(EscalationRules::map).list();
    }

    public EscalationRule get(long id) {
        return jdbc.sql("select * from sla_escalation_rules where id = :id").param("id", id).query(EscalationRules::map)
                .optional().orElseThrow(() -> Problems.notFound("Escalation rule", id));
    }

    @Transactional
    public EscalationRule create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields f = new JsonFields(body, FIELDS);
        Map<String, Object> p = read(f, null);
        f.throwIfInvalid();
        if (p.get("position") == null) {
            p.put("position", jdbc.sql("select coalesce(max(position), 0) + 1 from sla_escalation_rules").query(Integer.class).single());
        }
        long id = jdbc.sql("""
                        insert into sla_escalation_rules (name, position, active, metric, priorities, reassign_team_id,
                                                          reassign_user_id, raise_priority, notify_manager, add_tag)
                        values (:name, :position, :active, :metric, :priorities, :team, :user, :raise, :notify, :tag)
                        returning id""").params(p).query(Long.class).single();
        audit.record(user.id(), user.email(), "create", "sla_escalation_rule", id, (String) p.get("name"), Map.of());
        return get(id);
    }

    @Transactional
    public EscalationRule update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireAdmin(user);
        EscalationRule current = get(id);
        JsonFields f = new JsonFields(body, FIELDS);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, f.integer("version"));
        Map<String, Object> p = read(f, current);
        f.throwIfInvalid();
        expected.requireMatches("Escalation rule", id, current.version());
        if (p.get("position") == null) p.put("position", current.position());
        p.put("id", id);
        p.put("version", current.version());
        int n = jdbc.sql("""
                update sla_escalation_rules set name = :name, position = :position, active = :active, metric = :metric,
                       priorities = :priorities, reassign_team_id = :team, reassign_user_id = :user, raise_priority = :raise,
                       notify_manager = :notify, add_tag = :tag, version = version + 1
                where id = :id and version = :version""").params(p).update();
        if (n == 0) throw expected.lostRace("Escalation rule", id, current.version());
        audit.record(user.id(), user.email(), "update", "sla_escalation_rule", id, (String) p.get("name"), Map.of());
        return get(id);
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        EscalationRule r = get(id);
        jdbc.sql("delete from sla_escalation_rules where id = :id").param("id", id).update();
        audit.record(user.id(), user.email(), "delete", "sla_escalation_rule", id, r.name(), Map.of());
    }

    private Map<String, Object> read(JsonFields f, EscalationRule c) {
        Map<String, Object> p = new HashMap<>();
        String name = f.has("name") || c == null ? f.text("name", 120) : c.name();
        if (name == null) f.error("name", "required");
        p.put("name", name);
        Integer position = f.integer("position");
        if (position != null && (position < 0 || position > 100000)) f.error("position", "between 0 and 100000");
        p.put("position", position);
        Boolean active = f.bool("active");
        p.put("active", active != null ? active : c == null || c.active());
        String metric = f.has("metric") || c == null ? f.text("metric", 20) : c.metric();
        if (metric == null || !METRICS.contains(metric.toUpperCase())) {
            f.error("metric", "required, one of " + String.join(", ", METRICS));
        }
        p.put("metric", metric == null ? null : metric.toUpperCase());
        List<String> priorities = c == null ? List.of() : c.priorities();
        if (f.has("priorities")) {
            priorities = f.strings("priorities", 4, 10).stream().map(String::toUpperCase).distinct().toList();
            for (String v : priorities) if (!PRIORITIES.contains(v)) f.error("priorities", "'" + v + "' is not one of " + PRIORITIES);
        }
        p.put("priorities", priorities.toArray(String[]::new));
        Long team = f.has("reassignTeamId") || c == null ? f.id("reassignTeamId") : c.reassignTeamId();
        if (team != null && count("teams", team) == 0) f.error("reassignTeamId", "no team " + team);
        p.put("team", team);
        Long user = f.has("reassignUserId") || c == null ? f.id("reassignUserId") : c.reassignUserId();
        if (user != null && jdbc.sql("select count(*) from users where id = :id and active").param("id", user)
                .query(Long.class).single() == 0) f.error("reassignUserId", "no active user " + user);
        p.put("user", user);
        Boolean raise = f.bool("raisePriority");
        p.put("raise", raise != null ? raise : c != null && c.raisePriority());
        Boolean notify = f.bool("notifyManager");
        p.put("notify", notify != null ? notify : c != null && c.notifyManager());
        String tag = f.has("addTag") || c == null ? f.text("addTag", 60) : c.addTag();
        p.put("tag", tag);
        if (team == null && user == null && !(Boolean) p.get("raise") && !(Boolean) p.get("notify") && tag == null
                && f.errors().isEmpty()) {
            f.error("actions", "choose at least one action: reassignTeamId, reassignUserId, raisePriority, notifyManager or addTag");
        }
        return p;
    }

    private long count(String table, long id) {
        return jdbc.sql("select count(*) from " + table + " where id = :id").param("id", id).query(Long.class).single();
    }

    private static EscalationRule map(ResultSet rs, int row) throws SQLException {
        java.sql.Array pr = rs.getArray("priorities");
        return new EscalationRule(rs.getLong("id"), rs.getString("name"), rs.getInt("position"), rs.getBoolean("active"),
                rs.getString("metric"), pr == null ? List.of() : Arrays.asList((String[]) pr.getArray()),
                (Long) rs.getObject("reassign_team_id"), (Long) rs.getObject("reassign_user_id"),
                rs.getBoolean("raise_priority"), rs.getBoolean("notify_manager"), rs.getString("add_tag"), rs.getInt("version"));
    }
}
