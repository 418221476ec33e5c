package io.rapport.sales.deals;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The needs assessment card of a deal (pains, goals, budget, authority, decision timeline): one row per deal. */
@Service
public class DealNeeds {

    public record Needs(String pains, String goals, BigDecimal budget, String budgetCurrency, String authority,
                        String decisionTimeline, String updatedByName, Instant updatedAt) {

        public static final Needs EMPTY = new Needs(null, null, null, null, null, null, null, null);

        Map<String, Object> snapshot() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pains", pains);
            m.put("goals", goals);
            m.put("budget", budget == null ? null : budget.toPlainString());
            m.put("budgetCurrency", budgetCurrency);
            m.put("authority", authority);
            m.put("decisionTimeline", decisionTimeline);
            return m;
        }
    }

    static final Set<String> FIELDS = Set.of("pains", "goals", "budget", "budgetCurrency", "authority", "decisionTimeline",
            "updatedByName", "updatedAt");

    private final JdbcClient jdbc;
    private final Deals deals;
    private final AuditLog audit;

    DealNeeds(JdbcClient jdbc, Deals deals, AuditLog audit) {
        this.jdbc = jdbc;
        this.deals = deals;
        this.audit = audit;
    }

    public Needs get(CurrentUser user, long dealId) {
        deals.get(user, dealId);
        return find(dealId).orElse(Needs.EMPTY);
    }

    private Optional<Needs> find(long dealId) {
        return jdbc.sql("select n.*, u.name as by_name from needs_assessments n left join users u on u.id = n.updated_by where n.deal_id = :d")
                .param("d", dealId)
                .query((rs, i) -> new Needs(rs.getString("pains"), rs.getString("goals"), rs.getBigDecimal("budget"),
                        rs.getString("budget_currency"), rs.getString("authority"), rs.getString("decision_timeline"),
                        rs.getString("by_name"), rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** Replaces the assessment with the fields given (absent fields keep their value, null clears). */
    @Transactional
    public Needs save(CurrentUser user, long dealId, JsonNode body) {
        RecordVisibility.requireWriter(user);
        Deal deal = deals.get(user, dealId);
        Needs current = find(dealId).orElse(Needs.EMPTY);
        JsonFields in = new JsonFields(body, FIELDS);
        String pains = in.has("pains") ? in.text("pains", 4000) : current.pains();
        String goals = in.has("goals") ? in.text("goals", 4000) : current.goals();
        String authority = in.has("authority") ? in.text("authority", 1000) : current.authority();
        String timeline = in.has("decisionTimeline") ? in.text("decisionTimeline", 1000) : current.decisionTimeline();
        BigDecimal budget = in.has("budget") ? (in.node("budget").isNull() ? null : DealDraft.amount(in, "budget", in.node("budget")))
                : current.budget();
        String currency = in.has("budgetCurrency") ? (in.node("budgetCurrency").isNull() ? null
                : DealDraft.currency(in, "budgetCurrency", in.text("budgetCurrency", 10))) : current.budgetCurrency();
        if (budget != null && currency == null && in.errors().isEmpty()) currency = deal.currency();
        in.throwIfInvalid();
        jdbc.sql("""
                insert into needs_assessments (deal_id, pains, goals, budget, budget_currency, authority, decision_timeline, updated_by)
                values (:d, :pains, :goals, :budget, :cur, :auth, :tl, :by)
                on conflict (deal_id) do update set pains = excluded.pains, goals = excluded.goals, budget = excluded.budget,
                    budget_currency = excluded.budget_currency, authority = excluded.authority,
                    decision_timeline = excluded.decision_timeline, updated_by = excluded.updated_by, updated_at = now()""")
                .param("d", dealId).param("pains", pains).param("goals", goals).param("budget", budget).param("cur", currency)
                .param("auth", authority).param("tl", timeline).param("by", user.id()).update();
        Needs saved = find(dealId).orElseThrow();
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), saved.snapshot());
        if (!changes.isEmpty()) audit.record("UPDATE", "DEAL", dealId, "Updated the needs assessment of deal " + deal.name(), changes);
        return saved;
    }
}
