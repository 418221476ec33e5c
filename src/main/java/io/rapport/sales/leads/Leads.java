package io.rapport.sales.leads;

import io.rapport.customers.listing.ListQuery;
import io.rapport.customers.listing.ListQuery.SortKey;
import io.rapport.customers.listing.ListQuery.Sorting;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.rapport.sales.assignment.Assignee;
import io.rapport.sales.assignment.LeadAssignment;
import io.rapport.sales.assignment.LeadFacts;
import io.rapport.sales.scoring.LeadScoring;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
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
 * Leads: validated writes with optimistic versions and an audit trail, visibility-scoped reads (SALES see their own
 * and their team's, as for contacts), assignment on creation and a fresh score after every change.
 */
@Service
public class Leads {

    static final List<SortKey> SORTS = List.of(
            new SortKey("createdAt", "l.created_at", "timestamptz"),
            new SortKey("score", "l.score", "int"),
            new SortKey("name", "lower(l.last_name || ' ' || l.first_name)", "text"),
            new SortKey("updatedAt", "l.updated_at", "timestamptz"));
    static final Set<String> EVENT_FIELDS = Set.of("type", "url", "occurredAt");
    static final Set<String> NEEDS_FIELDS = Set.of("pains", "goals", "budget", "budgetCurrency", "authority",
            "decisionTimeline", "updatedAt");

    private final LeadRepository leads;
    private final LeadOwners owners;
    private final LeadAssignment assignment;
    private final LeadScoring scoring;
    private final AuditLog audit;
    private final JdbcClient jdbc;

    Leads(LeadRepository leads, LeadOwners owners, LeadAssignment assignment, LeadScoring scoring, AuditLog audit,
          JdbcClient jdbc) {
        this.leads = leads;
        this.owners = owners;
        this.assignment = assignment;
        this.scoring = scoring;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    public Lead get(CurrentUser user, long id) {
        return leads.find(user, id).orElseThrow(() -> Problems.notFound("Lead", id));
    }

    @Transactional
    public Lead create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, LeadDraft.FIELDS);
        LeadDraft draft = new LeadDraft();
        draft.apply(in, true);
        if (draft.source == null) draft.source = "API";
        Long teamId = owners.teamOf(user, draft.ownerId, in);
        in.throwIfInvalid();
        if (draft.ownerId == null) {
            Optional<Assignee> assignee = assignment.assign(facts(draft));
            if (assignee.isPresent()) {
                draft.ownerId = assignee.get().ownerId();
                teamId = assignee.get().teamId();
            } else if (user.role().seesOnlyOwnBook()) {
                // no rule took it: it stays in the creator's book, or they could not see what they just saved
                draft.ownerId = user.id();
                teamId = user.teamId();
            }
        }
        return leads.find(insert(draft, teamId, null)).orElseThrow();
    }

    /** A lead from a public web form: no user, the form's source/campaign, assigned by the rules or to the form's team. */
    @Transactional
    public long createFromForm(LeadDraft draft, long webFormId, Long formTeamId) {
        Long teamId = null;
        Optional<Assignee> assignee = assignment.assign(facts(draft));
        if (assignee.isPresent()) {
            draft.ownerId = assignee.get().ownerId();
            teamId = assignee.get().teamId();
        } else {
            teamId = formTeamId;
        }
        long id = insert(draft, teamId, webFormId);
        jdbc.sql("insert into lead_events (lead_id, type, url, occurred_at) values (:id, 'form_submit', null, now())")
                .param("id", id).update();
        jdbc.sql("update leads set last_activity_at = now() where id = :id").param("id", id).update();
        scoring.rescore(id);
        return id;
    }

    private long insert(LeadDraft draft, Long teamId, Long webFormId) {
        long id = leads.insert(draft, teamId, webFormId);
        scoring.rescore(id);
        Lead created = leads.find(id).orElseThrow();
        audit.record("CREATE", "LEAD", id, "Created lead " + created.name() + " (source " + created.source()
                + (created.campaign() == null ? "" : ", campaign " + created.campaign()) + ")", FieldChange.of(created.snapshot(), true));
        return id;
    }

    private static LeadFacts facts(LeadDraft d) {
        return new LeadFacts(d.country, d.source, d.campaign, d.company, d.jobTitle);
    }

    @Transactional
    public Lead update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Lead current = get(user, id);
        JsonFields in = new JsonFields(body, LeadDraft.FIELDS);
        LeadDraft draft = LeadDraft.of(current);
        draft.apply(in, false);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, draft.version);
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        Long teamId = in.has("ownerId") ? owners.teamOf(user, draft.ownerId, in) : current.teamId();
        if (in.has("ownerId") && draft.ownerId == null && user.role().seesOnlyOwnBook()) {
            in.error("ownerId", "you can assign leads only to yourself or your team");
        }
        in.throwIfInvalid();
        expected.requireMatches("Lead", id, current.version());
        if (current.converted()) throw Problems.conflict("Lead " + id + " was converted; it can no longer be changed");
        if (!leads.update(id, current.version(), draft, teamId)) throw expected.lostRace("Lead", id, current.version());
        scoring.rescore(id);
        Lead updated = leads.find(id).orElseThrow();
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), updated.snapshot());
        if (!changes.isEmpty()) audit.record("UPDATE", "LEAD", id, "Updated lead " + updated.name(), changes);
        return updated;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireWriter(user);
        Lead current = get(user, id);
        leads.delete(id);
        audit.record("DELETE", "LEAD", id, "Deleted lead " + current.name(), FieldChange.of(current.snapshot(), false));
    }

    public PageResult<Lead> list(CurrentUser user, LeadFilter f) {
        // newest first unless asked otherwise
        Sorting sorting = f.sort() == null || f.sort().isBlank() ? new Sorting(SORTS.getFirst(), true)
                : Sorting.parse(f.sort(), SORTS, SORTS.getFirst());
        List<LeadRepository.Row> rows = leads.page(query(user, f), sorting, f.cursor(), f.limit());
        return ListQuery.toPage(rows, f.limit(), LeadRepository.Row::lead, LeadRepository.Row::sortValue, Lead::id);
    }

    public long count(CurrentUser user, LeadFilter f) {
        return leads.count(query(user, f));
    }

    private ListQuery query(CurrentUser user, LeadFilter f) {
        ListQuery q = new ListQuery("l", user).owner(f.owner(), user).text(f.q()).createdBetween(f.createdSince(), null);
        if (present(f.status())) {
            String[] statuses = Arrays.stream(f.status().split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).toArray(String[]::new);
            for (String s : statuses) {
                if (!Lead.STATUSES.contains(s)) throw Problems.invalid("status", "'" + s + "' is not one of " + Lead.STATUSES);
            }
            q.and("l.status = any(?)", statuses);
        }
        if (present(f.source())) q.and("lower(l.source) = lower(?)", f.source().trim());
        if (present(f.campaign())) q.and("lower(l.campaign) = lower(?)", f.campaign().trim());
        if (present(f.country())) q.and("l.country = ?", f.country().trim().toUpperCase(Locale.ROOT));
        if (f.minScore() != null) q.and("l.score >= ?", f.minScore());
        return q;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    // ---- behaviour events

    @Transactional
    public LeadEvent addEvent(CurrentUser user, long leadId, JsonNode body) {
        RecordVisibility.requireWriter(user);
        Lead lead = get(user, leadId);
        JsonFields in = new JsonFields(body, EVENT_FIELDS);
        String type = in.text("type", 40);
        if (type == null) {
            if (in.errors().isEmpty()) in.error("type", "required, e.g. page_visit, email_open, form_submit");
        } else if (!type.matches("[a-z][a-z0-9_]{0,39}")) {
            in.error("type", "lower-case letters, digits and _ such as page_visit");
        }
        String url = in.text("url", 2000);
        Instant at = in.instant("occurredAt");
        if (at == null && !in.has("occurredAt")) at = Instant.now();
        else if (at != null && at.isAfter(Instant.now().plusSeconds(300))) in.error("occurredAt", "must not be in the future");
        in.throwIfInvalid();
        if (at == null) at = Instant.now();
        if (lead.converted()) throw Problems.conflict("Lead " + leadId + " was converted; record events on its contact");
        long id = jdbc.sql("insert into lead_events (lead_id, type, url, occurred_at) values (:lead, :type, :url, :at) returning id")
                .param("lead", leadId).param("type", type).param("url", url).param("at", Timestamp.from(at))
                .query(Long.class).single();
        jdbc.sql("update leads set last_activity_at = greatest(last_activity_at, :at) where id = :id")
                .param("at", Timestamp.from(at)).param("id", leadId).update();
        scoring.rescore(leadId);
        return new LeadEvent(id, leadId, type, url, at);
    }

    public List<LeadEvent> events(CurrentUser user, long leadId) {
        get(user, leadId);
        return events(leadId);
    }

    List<LeadEvent> events(long leadId) {
        return jdbc.sql("select * from lead_events where lead_id = :id order by occurred_at desc, id desc limit 200")
                .param("id", leadId)
                .query((rs, n) -> new LeadEvent(rs.getLong("id"), rs.getLong("lead_id"), rs.getString("type"),
                        rs.getString("url"), rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    // ---- needs assessment

    public NeedsAssessment needs(CurrentUser user, long leadId) {
        get(user, leadId);
        return needs(leadId);
    }

    NeedsAssessment needs(long leadId) {
        return jdbc.sql("select * from needs_assessments where lead_id = :id").param("id", leadId)
                .query((rs, n) -> new NeedsAssessment(rs.getString("pains"), rs.getString("goals"), rs.getBigDecimal("budget"),
                        rs.getString("budget_currency"), rs.getString("authority"), rs.getString("decision_timeline"),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional().orElse(NeedsAssessment.EMPTY);
    }

    /** Replaces the lead's needs assessment (PUT semantics: absent fields are cleared). */
    @Transactional
    public NeedsAssessment putNeeds(CurrentUser user, long leadId, JsonNode body) {
        RecordVisibility.requireWriter(user);
        Lead lead = get(user, leadId);
        JsonFields in = new JsonFields(body, NEEDS_FIELDS);
        String pains = in.text("pains", 4000);
        String goals = in.text("goals", 4000);
        BigDecimal budget = Money.amount(in, "budget");
        String currency = Money.currency(in, "budgetCurrency");
        if (budget != null && currency == null && in.errors().stream().noneMatch(e -> e.field().equals("budgetCurrency"))) {
            in.error("budgetCurrency", "required with a budget");
        }
        String authority = in.text("authority", 1000);
        String timeline = in.text("decisionTimeline", 1000);
        in.throwIfInvalid();
        if (lead.converted()) throw Problems.conflict("Lead " + leadId + " was converted; edit the assessment on its deal");
        NeedsAssessment before = needs(leadId);
        jdbc.sql("""
                        insert into needs_assessments (lead_id, pains, goals, budget, budget_currency, authority, decision_timeline, updated_by)
                        values (:lead, :pains, :goals, :budget, :currency, :authority, :timeline, :by)
                        on conflict (lead_id) do update set pains = excluded.pains, goals = excluded.goals,
                            budget = excluded.budget, budget_currency = excluded.budget_currency, authority = excluded.authority,
                            decision_timeline = excluded.decision_timeline, updated_by = excluded.updated_by, updated_at = now()""")
                .param("lead", leadId).param("pains", pains).param("goals", goals).param("budget", budget)
                .param("currency", currency).param("authority", authority).param("timeline", timeline)
                .param("by", user.id()).update();
        NeedsAssessment after = needs(leadId);
        Map<String, FieldChange> changes = FieldChange.between(snapshot(before), snapshot(after));
        if (!changes.isEmpty()) audit.record("UPDATE", "LEAD", leadId, "Updated needs assessment of lead " + lead.name(), changes);
        return after;
    }

    private static Map<String, Object> snapshot(NeedsAssessment n) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("needs.pains", n.pains());
        m.put("needs.goals", n.goals());
        m.put("needs.budget", n.budget() == null ? null : n.budget().stripTrailingZeros().toPlainString());
        m.put("needs.budgetCurrency", n.budgetCurrency());
        m.put("needs.authority", n.authority());
        m.put("needs.decisionTimeline", n.decisionTimeline());
        return m;
    }
}
