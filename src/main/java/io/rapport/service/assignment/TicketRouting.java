package io.rapport.service.assignment;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.service.TicketEvents.TicketCreated;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Routes new tickets without an assignee: the first matching active rule names a team and a strategy — round robin
 * (one atomic {@code update … returning} turn, so concurrent tickets on several nodes get different agents),
 * load-balanced (the member with the fewest open tickets) or the team queue only. Candidates are the team's active
 * members who may work tickets, narrowed to those with the rule's skill and the ticket's language when any has them.
 */
@Service
public class TicketRouting {

    private static final Logger log = LoggerFactory.getLogger(TicketRouting.class);
    static final Set<String> FIELDS = Set.of("name", "position", "language", "type", "channel", "tag", "teamId", "strategy",
            "requiredSkill", "active");

    private final JdbcClient jdbc;
    private final AuditLog audit;

    TicketRouting(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public record Routed(Long assigneeId, long teamId, String rule) {}

    /** Set while a caller opens a ticket it will route itself once it has written more (language, custom fields). */
    private static final ThreadLocal<Boolean> HELD = new ThreadLocal<>();

    /** Opens a ticket without routing it on TicketCreated; the caller calls {@link #route} when the ticket is complete. */
    public <T> T holding(java.util.function.Supplier<T> open) {
        HELD.set(Boolean.TRUE);
        try {
            return open.get();
        } finally {
            HELD.remove();
        }
    }

    /** In the intake's transaction: a ticket is never seen unrouted when a rule matches. */
    @EventListener
    void on(TicketCreated event) {
        if (HELD.get() != null) return;
        try {
            route(event.ticketId());
        } catch (RuntimeException e) {
            log.warn("Routing ticket {} failed; it stays unassigned", event.ticketId(), e);
        }
    }

    @Transactional
    public java.util.Optional<Routed> route(long ticketId) {
        var facts = jdbc.sql("select id, language, type, channel, tags, assignee_id, team_id from tickets where id = :id")
                .param("id", ticketId).query((rs, n) -> new Object[] {new RoutingRule.TicketFacts(rs.getLong("id"),
                        rs.getString("language"), rs.getString("type"), rs.getString("channel"),
                        Arrays.asList((String[]) rs.getArray("tags").getArray())), rs.getObject("assignee_id"), rs.getObject("team_id")})
                .optional().orElse(null);
        if (facts == null || facts[1] != null) return java.util.Optional.empty();
        RoutingRule.TicketFacts ticket = (RoutingRule.TicketFacts) facts[0];
        Long presetTeam = (Long) facts[2];
        for (RoutingRule rule : rules()) {
            if (!rule.active() || !rule.matches(ticket)) continue;
            // a ticket the channel already gave to a team is only routed by that team's rules
            if (presetTeam != null && presetTeam != rule.teamId()) continue;
            Long assignee = pick(rule, ticket);
            jdbc.sql("update tickets set team_id = :team, assignee_id = :assignee, updated_at = now() where id = :id")
                    .param("team", rule.teamId()).param("assignee", assignee).param("id", ticketId).update();
            return java.util.Optional.of(new Routed(assignee, rule.teamId(), rule.name()));
        }
        return java.util.Optional.empty();
    }

    private Long pick(RoutingRule rule, RoutingRule.TicketFacts ticket) {
        if (rule.strategy().equals("TEAM_ONLY")) return null;
        List<Long> members = candidates(rule, ticket.language());
        if (members.isEmpty()) return null;
        if (rule.strategy().equals("LOAD_BALANCED")) {
            return jdbc.sql("""
                            select m.id from unnest(cast(:members as bigint[])) as m(id)
                            order by (select count(*) from tickets t where t.assignee_id = m.id
                                        and t.status in ('NEW','OPEN','PENDING','ON_HOLD')), m.id limit 1""")
                    .param("members", members.toArray(Long[]::new)).query(Long.class).single();
        }
        long turn = jdbc.sql("update ticket_routing_rules set turn = turn + 1 where id = :id returning turn")
                .param("id", rule.id()).query(Long.class).single();
        return members.get((int) ((turn - 1) % members.size()));
    }

    /** Team members who may work tickets; with the skill and the language when any member has them. */
    private List<Long> candidates(RoutingRule rule, String language) {
        List<Long> members = jdbc.sql("""
                        select id from users where team_id = :team and active and role in ('ADMIN','MANAGER','AGENT','SALES')
                        order by id""").param("team", rule.teamId()).query(Long.class).list();
        members = narrow(members, "SKILL", rule.requiredSkill());
        String lang = language == null ? null : language.toLowerCase(Locale.ROOT).split("[-_]")[0];
        return narrow(members, "LANGUAGE", lang);
    }

    private List<Long> narrow(List<Long> members, String kind, String value) {
        if (value == null || members.isEmpty()) return members;
        List<Long> with = jdbc.sql("""
                        select user_id from user_skills where kind = :kind and lower(value) = lower(:value)
                           and user_id = any(cast(:members as bigint[])) order by user_id""")
                .param("kind", kind).param("value", value).param("members", members.toArray(Long[]::new))
                .query(Long.class).list();
        return with.isEmpty() ? members : with;
    }

    public List<RoutingRule> rules() {
        return jdbc.sql("""
                        select r.*, t.name as team_name from ticket_routing_rules r join teams t on t.id = r.team_id
                        order by r.position, r.id""")
                .query((rs, n) -> new RoutingRule(rs.getLong("id"), rs.getString("name"), rs.getInt("position"),
                        rs.getString("match_language"), rs.getString("match_type"), rs.getString("match_channel"),
                        rs.getString("match_tag"), rs.getLong("team_id"), rs.getString("team_name"), rs.getString("strategy"),
                        rs.getString("required_skill"), rs.getBoolean("active")))
                .list();
    }

    @Transactional
    public RoutingRule create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, FIELDS);
        String name = in.text("name", 200);
        if (name == null && in.errors().isEmpty()) in.error("name", "required");
        Integer position = in.integer("position");
        String language = in.text("language", 35);
        String type = in.oneOf("type", List.of("QUESTION", "INCIDENT", "PROBLEM", "REQUEST", "COMPLAINT"));
        String channel = in.oneOf("channel", List.of("EMAIL", "WEB", "PHONE", "API", "CHAT", "SOCIAL", "PORTAL"));
        String tag = in.text("tag", 100);
        Long teamId = in.id("teamId");
        if (teamId == null && !in.has("teamId")) in.error("teamId", "required");
        else if (teamId != null && jdbc.sql("select count(*) from teams where id = :id").param("id", teamId).query(Long.class).single() == 0) {
            in.error("teamId", "no team " + teamId);
        }
        String strategy = in.has("strategy") ? in.oneOf("strategy", RoutingRule.STRATEGIES) : "ROUND_ROBIN";
        String skill = in.text("requiredSkill", 60);
        Boolean active = in.bool("active");
        in.throwIfInvalid();
        int pos = position != null ? position
                : jdbc.sql("select coalesce(max(position), 0) + 10 from ticket_routing_rules").query(Integer.class).single();
        long id = jdbc.sql("""
                        insert into ticket_routing_rules (name, position, match_language, match_type, match_channel, match_tag,
                                                          team_id, strategy, required_skill, active)
                        values (:name, :pos, :lang, :type, :channel, :tag, :team, :strategy, :skill, :active) returning id""")
                .param("name", name).param("pos", pos).param("lang", language == null ? null : language.toLowerCase(Locale.ROOT))
                .param("type", type).param("channel", channel).param("tag", tag == null ? null : tag.toLowerCase(Locale.ROOT))
                .param("team", teamId).param("strategy", strategy).param("skill", skill).param("active", active == null || active)
                .query(Long.class).single();
        RoutingRule rule = find(id);
        audit.record("CREATE", "TICKET_ROUTING_RULE", id, "Added ticket routing rule " + name,
                Map.of("rule", new FieldChange(null, rule.condition() + " → " + rule.target())));
        return rule;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        RoutingRule rule = find(id);
        jdbc.sql("delete from ticket_routing_rules where id = :id").param("id", id).update();
        audit.record("DELETE", "TICKET_ROUTING_RULE", id, "Removed ticket routing rule " + rule.name(),
                Map.of("rule", new FieldChange(rule.condition() + " → " + rule.target(), null)));
    }

    RoutingRule find(long id) {
        return rules().stream().filter(r -> r.id() == id).findFirst().orElseThrow(() -> Problems.notFound("Routing rule", id));
    }

    public record Skill(long userId, String userName, String kind, String value) {}

    public List<Skill> skills() {
        return jdbc.sql("select s.user_id, u.name, s.kind, s.value from user_skills s join users u on u.id = s.user_id order by u.name, s.kind, s.value")
                .query((rs, n) -> new Skill(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    @Transactional
    public Skill addSkill(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, Set.of("userId", "kind", "value"));
        Long userId = in.id("userId");
        if (userId == null && in.errors().isEmpty()) in.error("userId", "required");
        else if (userId != null && jdbc.sql("select count(*) from users where id = :id").param("id", userId).query(Long.class).single() == 0) {
            in.error("userId", "no user " + userId);
        }
        String kind = in.has("kind") ? in.oneOf("kind", List.of("SKILL", "LANGUAGE")) : "SKILL";
        String value = in.text("value", 60);
        if (value == null && in.errors().stream().noneMatch(e -> e.field().equals("value"))) in.error("value", "required");
        in.throwIfInvalid();
        String v = "LANGUAGE".equals(kind) ? value.toLowerCase(Locale.ROOT) : value;
        jdbc.sql("insert into user_skills (user_id, kind, value) values (:u, :k, :v) on conflict do nothing")
                .param("u", userId).param("k", kind).param("v", v).update();
        audit.record("CREATE", "USER_SKILL", userId, "Added " + kind.toLowerCase(Locale.ROOT) + " " + v, Map.of());
        return skills().stream().filter(s -> s.userId() == userId && s.kind().equals(kind) && s.value().equals(v)).findFirst().orElseThrow();
    }

    @Transactional
    public void removeSkill(CurrentUser user, long userId, String kind, String value) {
        RecordVisibility.requireAdmin(user);
        int n = jdbc.sql("delete from user_skills where user_id = :u and kind = :k and value = :v")
                .param("u", userId).param("k", kind).param("v", value).update();
        if (n == 0) throw Problems.notFound("Skill " + kind + " " + value + " of user", userId);
        audit.record("DELETE", "USER_SKILL", userId, "Removed " + kind.toLowerCase(Locale.ROOT) + " " + value, Map.of());
    }
}
