package io.rapport.sales.scoring;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.jobs.JobScheduler;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import com.github.kagkarlsson.scheduler.task.Task;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scoring rules and the score they give. A lead's score is recomputed from scratch on every change (edit, event,
 * rule change), with one reason per rule that counted, so the number can always be explained.
 */
@Service
public class LeadScoring {

    static final Set<String> FIELDS = Set.of("name", "kind", "field", "operator", "value", "eventType", "urlContains",
            "days", "points", "active");
    /** Up to this many leads a rule change rescores at once; beyond, a background job does it. */
    static final int INLINE_RESCORE_LIMIT = 5000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final JobScheduler scheduler;
    private final Task<String> rescoreTask;

    LeadScoring(JdbcClient jdbc, JsonMapper json, AuditLog audit, JobScheduler scheduler,
                @Lazy @Qualifier("leadRescoreAllTask") Task<String> rescoreTask) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.scheduler = scheduler;
        this.rescoreTask = rescoreTask;
    }

    public List<ScoringRule> rules() {
        return jdbc.sql("select * from lead_scoring_rules order by kind, id")
                .query((rs, n) -> new ScoringRule(rs.getLong("id"), rs.getString("name"), rs.getString("kind"),
                        rs.getString("field"), rs.getString("operator"), rs.getString("value"), rs.getString("event_type"),
                        rs.getString("url_contains"), (Integer) rs.getObject("days"), rs.getInt("points"),
                        rs.getBoolean("active")))
                .list();
    }

    private record Facts(long id, Map<String, Object> values, Instant lastActivity) {}

    private record Event(String type, String url) {}

    /** Recomputes one lead's score and reasons. Converted leads keep theirs. */
    @Transactional
    public void rescore(long leadId) {
        rescore(List.of(leadId), rules());
    }

    /** A batch of leads in three statements: their facts, their distinct events, one update of them all. */
    private void rescore(List<Long> ids, List<ScoringRule> rules) {
        Long[] idArray = ids.toArray(Long[]::new);
        List<Facts> leads = jdbc.sql("""
                        select l.*, greatest(l.created_at, l.last_activity_at) as last_touch from leads l
                        where l.id = any(:ids) and l.status <> 'CONVERTED'""")
                .param("ids", idArray).query((rs, n) -> {
                    Map<String, Object> v = new java.util.HashMap<>();
                    v.put("firstName", rs.getString("first_name"));
                    v.put("lastName", rs.getString("last_name"));
                    v.put("email", rs.getString("email"));
                    v.put("phone", rs.getString("phone"));
                    v.put("company", rs.getString("company"));
                    v.put("jobTitle", rs.getString("job_title"));
                    v.put("companySize", rs.getObject("company_size"));
                    v.put("website", rs.getString("website"));
                    v.put("country", rs.getString("country"));
                    v.put("source", rs.getString("source"));
                    v.put("campaign", rs.getString("campaign"));
                    return new Facts(rs.getLong("id"), v, rs.getTimestamp("last_touch").toInstant());
                }).list();
        if (leads.isEmpty()) return;
        Map<Long, List<Event>> events = new java.util.HashMap<>();
        jdbc.sql("select distinct lead_id, type, url from lead_events where lead_id = any(:ids)").param("ids", idArray)
                .query(rs -> {
                    events.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Event(rs.getString(2), rs.getString(3)));
                });
        List<Long> updated = new ArrayList<>();
        List<Integer> scores = new ArrayList<>();
        List<String> reasonsJson = new ArrayList<>();
        for (Facts facts : leads) {
            int score = 0;
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (ScoringRule rule : rules) {
                if (rule.active() && applies(rule, facts, events.getOrDefault(facts.id(), List.of()))) {
                    score += rule.points();
                    reasons.add(Map.of("rule", rule.name(), "points", rule.points()));
                }
            }
            updated.add(facts.id());
            scores.add(score);
            reasonsJson.add(json.writeValueAsString(reasons));
        }
        jdbc.sql("""
                        update leads l set score = v.score, score_reasons = cast(v.reasons as jsonb)
                        from (select unnest(cast(:ids as bigint[])) as id, unnest(cast(:scores as int[])) as score,
                                     unnest(cast(:reasons as text[])) as reasons) v
                        where l.id = v.id and l.status <> 'CONVERTED'
                          and (l.score <> v.score or l.score_reasons <> cast(v.reasons as jsonb))""")
                .param("ids", updated.toArray(Long[]::new)).param("scores", scores.toArray(Integer[]::new))
                .param("reasons", reasonsJson.toArray(String[]::new)).update();
    }

    private static boolean applies(ScoringRule rule, Facts facts, List<Event> events) {
        return switch (rule.kind()) {
            case "ATTRIBUTE" -> attributeMatches(rule, facts.values().get(rule.field()));
            case "BEHAVIOUR" -> events.stream().anyMatch(e -> e.type().equals(rule.eventType())
                    && (rule.urlContains() == null || (e.url() != null
                    && e.url().toLowerCase(Locale.ROOT).contains(rule.urlContains().toLowerCase(Locale.ROOT)))));
            case "INACTIVITY" -> facts.lastActivity().isBefore(Instant.now().minusSeconds(86_400L * rule.days()));
            default -> false;
        };
    }

    static boolean attributeMatches(ScoringRule rule, Object raw) {
        String value = raw == null ? null : raw.toString().trim();
        if ("IS_EMPTY".equals(rule.operator())) return value == null || value.isEmpty();
        if (value == null || value.isEmpty() || rule.value() == null) return false;
        return switch (rule.operator()) {
            case "CONTAINS" -> value.toLowerCase(Locale.ROOT).contains(rule.value().toLowerCase(Locale.ROOT));
            case "EQUALS" -> value.equalsIgnoreCase(rule.value());
            case "GT", "LT" -> {
                BigDecimal a = number(value);
                BigDecimal b = number(rule.value());
                yield a != null && b != null && ("GT".equals(rule.operator()) ? a.compareTo(b) > 0 : a.compareTo(b) < 0);
            }
            default -> false;
        };
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Rescores every open lead now (few) or in a background job (many). */
    public void rescoreAllSoon() {
        long open = jdbc.sql("select count(*) from leads where status <> 'CONVERTED'").query(Long.class).single();
        if (open <= INLINE_RESCORE_LIMIT) {
            rescoreAll();
        } else {
            scheduler.client().schedule(rescoreTask.instance(UUID.randomUUID().toString(), "all"), Instant.now());
        }
    }

    /** Every open lead, in batches of 1,000 by id, each batch its own short statement set. */
    public int rescoreAll() {
        List<ScoringRule> rules = rules();
        long after = 0;
        int done = 0;
        while (true) {
            List<Long> ids = jdbc.sql("select id from leads where id > :after and status <> 'CONVERTED' order by id limit 1000")
                    .param("after", after).query(Long.class).list();
            if (ids.isEmpty()) return done;
            rescore(ids, rules);
            done += ids.size();
            after = ids.getLast();
        }
    }

    @Transactional
    public ScoringRule create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, FIELDS);
        String name = in.text("name", 200);
        if (name == null) in.error("name", "required");
        String kind = in.oneOf("kind", ScoringRule.KINDS);
        if (kind == null && !in.has("kind")) in.error("kind", "one of " + ScoringRule.KINDS);
        String field = in.text("field", 40);
        String operator = in.text("operator", 20);
        String value = in.text("value", 200);
        String eventType = in.text("eventType", 40);
        String urlContains = in.text("urlContains", 200);
        Integer days = in.integer("days");
        Integer points = in.integer("points");
        if (points == null && !in.has("points")) in.error("points", "required");
        else if (points != null && (points < -1000 || points > 1000)) in.error("points", "between -1000 and 1000");
        Boolean active = in.bool("active");
        if ("ATTRIBUTE".equals(kind)) {
            if (field == null || !ScoringRule.FIELDS.contains(field)) in.error("field", "one of " + ScoringRule.FIELDS);
            if (operator != null) operator = operator.toUpperCase(Locale.ROOT);
            if (operator == null || !ScoringRule.OPERATORS.contains(operator)) in.error("operator", "one of " + ScoringRule.OPERATORS);
            else if (!"IS_EMPTY".equals(operator) && value == null) in.error("value", "required for " + operator);
            else if (("GT".equals(operator) || "LT".equals(operator)) && number(value) == null) in.error("value", "a number for " + operator);
        } else if ("BEHAVIOUR".equals(kind)) {
            if (eventType == null || !eventType.matches("[a-z][a-z0-9_]{0,39}")) in.error("eventType", "an event type such as page_visit");
        } else if ("INACTIVITY".equals(kind)) {
            if (days == null || days < 1 || days > 3650) in.error("days", "between 1 and 3650");
        }
        in.throwIfInvalid();
        long id = jdbc.sql("""
                        insert into lead_scoring_rules (name, kind, field, operator, value, event_type, url_contains, days, points, active)
                        values (:name, :kind, :field, :operator, :value, :eventType, :url, :days, :points, :active) returning id""")
                .param("name", name).param("kind", kind)
                .param("field", "ATTRIBUTE".equals(kind) ? field : null).param("operator", "ATTRIBUTE".equals(kind) ? operator : null)
                .param("value", "ATTRIBUTE".equals(kind) && !"IS_EMPTY".equals(operator) ? value : null)
                .param("eventType", "BEHAVIOUR".equals(kind) ? eventType : null)
                .param("url", "BEHAVIOUR".equals(kind) ? urlContains : null)
                .param("days", "INACTIVITY".equals(kind) ? days : null).param("points", points)
                .param("active", active == null || active).query(Long.class).single();
        ScoringRule rule = find(id);
        audit.record("CREATE", "LEAD_SCORING_RULE", id, "Added lead scoring rule " + name,
                Map.of("rule", new FieldChange(null, rule.describe() + " → " + rule.points())));
        rescoreAllSoon();
        return rule;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        ScoringRule rule = find(id);
        jdbc.sql("delete from lead_scoring_rules where id = :id").param("id", id).update();
        audit.record("DELETE", "LEAD_SCORING_RULE", id, "Removed lead scoring rule " + rule.name(),
                Map.of("rule", new FieldChange(rule.describe() + " → " + rule.points(), null)));
        rescoreAllSoon();
    }

    ScoringRule find(long id) {
        return rules().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> Problems.notFound("Scoring rule", id));
    }
}
