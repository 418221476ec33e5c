package io.rapport.sales.assignment;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Assignment rules, in order, first match wins. Round robin takes its turn with one atomic
 * {@code update … returning}, so concurrent creations on several nodes each get a different turn.
 */
@Service
public class LeadAssignment {

    static final Set<String> FIELDS = Set.of("name", "position", "field", "values", "userId", "teamId", "active");

    private final JdbcClient jdbc;
    private final AuditLog audit;

    LeadAssignment(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<AssignmentRule> rules() {
        return jdbc.sql("""
                        select r.*, u.name as user_name, t.name as team_name from lead_assignment_rules r
                        left join users u on u.id = r.user_id left join teams t on t.id = r.team_id
                        order by r.position, r.id""")
                .query((rs, n) -> new AssignmentRule(rs.getLong("id"), rs.getString("name"), rs.getInt("position"),
                        rs.getString("field"), Arrays.asList((String[]) rs.getArray("match_values").getArray()),
                        (Long) rs.getObject("user_id"), rs.getString("user_name"), (Long) rs.getObject("team_id"),
                        rs.getString("team_name"), rs.getBoolean("active")))
                .list();
    }

    /** The first matching active rule's target; empty when no rule matches. */
    @Transactional
    public Optional<Assignee> assign(LeadFacts lead) {
        for (AssignmentRule rule : rules()) {
            if (!rule.active() || !rule.matches(lead)) continue;
            if (rule.userId() != null) {
                // a list, not optional(): a user without a team has a null team_id, which optional() reads as "no row"
                List<Long[]> user = jdbc.sql("select team_id from users where id = :id and active")
                        .param("id", rule.userId()).query((rs, n) -> new Long[] {(Long) rs.getObject(1)}).list();
                if (user.isEmpty()) continue;  // the user left: try the next rule
                return Optional.of(new Assignee(rule.userId(), user.getFirst()[0], rule.name()));
            }
            return Optional.of(roundRobin(rule));
        }
        return Optional.empty();
    }

    private Assignee roundRobin(AssignmentRule rule) {
        long turn = jdbc.sql("update lead_assignment_rules set turn = turn + 1 where id = :id returning turn")
                .param("id", rule.id()).query(Long.class).single();
        List<Long> members = jdbc.sql("select id from users where team_id = :team and active order by id")
                .param("team", rule.teamId()).query(Long.class).list();
        if (members.isEmpty()) return new Assignee(null, rule.teamId(), rule.name());
        return new Assignee(members.get((int) ((turn - 1) % members.size())), rule.teamId(), rule.name());
    }

    @Transactional
    public AssignmentRule create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, FIELDS);
        String name = in.text("name", 200);
        if (name == null) in.error("name", "required");
        Integer position = in.has("position") ? in.integer("position") : null;
        String field = in.text("field", 40);
        if (field != null && !AssignmentRule.FIELDS.contains(field)) in.error("field", "one of " + AssignmentRule.FIELDS);
        List<String> values = in.strings("values", 200, 200);
        if (field != null && values.isEmpty()) in.error("values", "at least one value when a field is given");
        if (field == null && !values.isEmpty()) in.error("field", "required when values are given");
        if ("country".equals(field)) values = values.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
        Long userId = in.id("userId");
        Long teamId = in.id("teamId");
        if ((userId == null) == (teamId == null)) in.error(userId == null ? "userId" : "teamId", "give either userId or teamId");
        if (userId != null && !exists("select count(*) from users where id = :id and active", userId)) in.error("userId", "no active user " + userId);
        if (teamId != null && !exists("select count(*) from teams where id = :id", teamId)) in.error("teamId", "no team " + teamId);
        Boolean active = in.bool("active");
        in.throwIfInvalid();
        int pos = position != null ? position
                : jdbc.sql("select coalesce(max(position), 0) + 10 from lead_assignment_rules").query(Integer.class).single();
        long id = jdbc.sql("""
                        insert into lead_assignment_rules (name, position, field, match_values, user_id, team_id, active)
                        values (:name, :position, :field, :values, :user, :team, :active) returning id""")
                .param("name", name).param("position", pos).param("field", field)
                .param("values", values.toArray(String[]::new)).param("user", userId).param("team", teamId)
                .param("active", active == null || active).query(Long.class).single();
        AssignmentRule rule = find(id);
        audit.record("CREATE", "LEAD_ASSIGNMENT_RULE", id, "Added lead assignment rule " + name,
                Map.of("rule", new FieldChange(null, rule.condition() + " → " + rule.target())));
        return rule;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        AssignmentRule rule = find(id);
        jdbc.sql("delete from lead_assignment_rules where id = :id").param("id", id).update();
        audit.record("DELETE", "LEAD_ASSIGNMENT_RULE", id, "Removed lead assignment rule " + rule.name(),
                Map.of("rule", new FieldChange(rule.condition() + " → " + rule.target(), null)));
    }

    AssignmentRule find(long id) {
        return rules().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> Problems.notFound("Assignment rule", id));
    }

    private boolean exists(String sql, long id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single() > 0;
    }
}
