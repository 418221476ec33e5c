package io.rapport.sales.leads;

import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.customers.accounts.Account;
import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.Contact;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.sales.deals.DealOpening;
import io.rapport.sales.deals.NewDeal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a qualified lead into a contact and an account (reusing visible ones that match by e-mail, domain or exact
 * company name) and optionally a deal, in one transaction. The lead's history comes along: its events, notes and
 * capture become timeline entries on the contact, its needs assessment is copied to the deal.
 */
@Service
public class LeadConversion {

    static final Set<String> FIELDS = Set.of("createDeal", "dealName", "amount", "currency", "pipelineId", "closeDate");
    /** Mailbox providers: a lead at gmail.com says nothing about its company's account. */
    static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com",
            "live.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "proton.me",
            "protonmail.com", "mail.com", "yandex.ru", "qq.com");

    private final LeadRepository leads;
    private final Leads leadService;
    private final Contacts contacts;
    private final Accounts accounts;
    private final DealOpening deals;
    private final Timeline timeline;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    LeadConversion(LeadRepository leads, Leads leadService, Contacts contacts, Accounts accounts, DealOpening deals,
                   Timeline timeline, AuditLog audit, JdbcClient jdbc, JsonMapper json) {
        this.leads = leads;
        this.leadService = leadService;
        this.contacts = contacts;
        this.accounts = accounts;
        this.deals = deals;
        this.timeline = timeline;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The company domain to match an account by: the website's host, else a non-mailbox e-mail domain. */
    static String accountDomain(Lead lead) {
        if (lead.website() != null) {
            String host = lead.website().toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "").replaceFirst("[/?#:].*$", "")
                    .replaceFirst("^www\\.", "");
            if (host.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) return host;
        }
        String domain = lead.email() == null ? null : lead.email().substring(lead.email().indexOf('@') + 1).toLowerCase(Locale.ROOT);
        return domain == null || FREE_MAIL.contains(domain) || !domain.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")
                ? null : domain;
    }

    public ConversionPreview preview(CurrentUser user, long leadId) {
        Lead lead = leadService.get(user, leadId);
        Optional<Contact> contact = contacts.findByEmail(user, lead.email());
        String domain = accountDomain(lead);
        Optional<Account> account = contact.map(Contact::accountId)
                .filter(id -> id != null && accounts.isVisible(user, id)).map(id -> accounts.get(user, id))
                .or(() -> accounts.findByDomainOrName(user, domain, lead.company()));
        return new ConversionPreview(contact.map(Contact::id).orElse(null), contact.map(c -> (c.firstName() + " " + c.lastName()).trim()).orElse(null),
                account.map(Account::id).orElse(null), account.map(Account::name).orElse(null),
                account.isPresent() ? null : lead.company(), domain);
    }

    @Transactional
    public ConversionResult convert(CurrentUser user, long leadId, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body == null || body.isNull() ? json.createObjectNode() : body, FIELDS);
        Boolean createDeal = in.bool("createDeal");
        String dealName = in.text("dealName", 200);
        BigDecimal amount = Money.amount(in, "amount");
        String currency = Money.currency(in, "currency");
        Long pipelineId = in.id("pipelineId");
        LocalDate closeDate = null;
        String rawClose = in.text("closeDate", 10);
        if (rawClose != null) {
            try {
                closeDate = LocalDate.parse(rawClose);
            } catch (java.time.format.DateTimeParseException e) {
                in.error("closeDate", "a date such as 2026-12-31");
            }
        }
        boolean withDeal = createDeal != null && createDeal;
        if (withDeal && pipelineId != null && jdbc.sql("select count(*) from pipelines where id = :id and not archived")
                .param("id", pipelineId).query(Long.class).single() == 0) {
            in.error("pipelineId", "no pipeline " + pipelineId);
        }
        Lead lead = leads.lock(user, leadId).orElseThrow(() -> Problems.notFound("Lead", leadId));
        if (lead.converted()) {
            throw Problems.conflict("Lead " + leadId + " was already converted on " + lead.convertedAt()
                    + " (contact " + lead.convertedContactId() + "); nothing was changed");
        }
        NeedsAssessment needs = leadService.needs(leadId);
        if (withDeal && currency == null) {
            if (needs.budgetCurrency() != null) currency = needs.budgetCurrency();
            else if (in.errors().stream().noneMatch(e -> e.field().equals("currency"))) in.error("currency", "required to create a deal");
        }
        in.throwIfInvalid();

        Long ownerId = lead.ownerId() != null ? lead.ownerId() : user.id();
        String domain = accountDomain(lead);
        Optional<Contact> matchedContact = contacts.findByEmail(user, lead.email());
        Long accountId = matchedContact.map(Contact::accountId).filter(id -> accounts.isVisible(user, id)).orElse(null);
        boolean accountMatched = accountId != null;
        if (accountId == null) {
            Optional<Account> match = accounts.findByDomainOrName(user, domain, lead.company());
            if (match.isPresent()) {
                accountId = match.get().id();
                accountMatched = true;
            } else if (lead.company() != null || domain != null) {
                ObjectNode account = json.createObjectNode();
                account.put("name", lead.company() != null ? lead.company() : domain);
                if (domain != null) account.put("domain", domain);
                account.put("ownerId", ownerId);
                accountId = accounts.create(user, account).id();
            }
        }
        long contactId;
        if (matchedContact.isPresent()) {
            contactId = matchedContact.get().id();
        } else {
            contactId = createContact(user, lead, accountId, ownerId);
        }
        Long dealId = null;
        if (withDeal) {
            String name = dealName != null ? dealName : (lead.company() != null ? lead.company() : lead.name()) + " — new deal";
            if (name.length() > 200) name = name.substring(0, 200);
            Long teamId = jdbc.sql("select team_id from users where id = :id").param("id", ownerId)
                    .query((rs, n) -> (Long) rs.getObject(1)).optional().orElse(null);
            dealId = deals.open(new NewDeal(name, pipelineId, null, amount, currency, closeDate, ownerId, teamId, accountId,
                    List.of(contactId), leadId), user.id());
            if (!needs.isEmpty()) {
                jdbc.sql("""
                        insert into needs_assessments (deal_id, pains, goals, budget, budget_currency, authority, decision_timeline, updated_by)
                        select :deal, pains, goals, budget, budget_currency, authority, decision_timeline, :by
                        from needs_assessments where lead_id = :lead""")
                        .param("deal", dealId).param("by", user.id()).param("lead", leadId).update();
            }
        }
        carryHistory(lead, contactId, needs);
        jdbc.sql("""
                        update leads set status = 'CONVERTED', converted_contact_id = :contact, converted_account_id = :account,
                               converted_deal_id = :deal, converted_at = now(), updated_at = now(), version = version + 1
                        where id = :id""")
                .param("contact", contactId).param("account", accountId).param("deal", dealId).param("id", leadId).update();
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        changes.put("status", new FieldChange(lead.status(), "CONVERTED"));
        changes.put("contactId", new FieldChange(null, contactId));
        if (accountId != null) changes.put("accountId", new FieldChange(null, accountId));
        if (dealId != null) changes.put("dealId", new FieldChange(null, dealId));
        audit.record("CONVERT", "LEAD", leadId, "Converted lead " + lead.name() + " to contact " + contactId
                + (matchedContact.isPresent() ? " (existing)" : " (new)")
                + (accountId == null ? "" : ", account " + accountId + (accountMatched ? " (existing)" : " (new)"))
                + (dealId == null ? "" : ", deal " + dealId), changes);
        return new ConversionResult(leadId, contactId, matchedContact.isPresent(), accountId, accountMatched, dealId);
    }

    private long createContact(CurrentUser user, Lead lead, Long accountId, Long ownerId) {
        ObjectNode contact = json.createObjectNode();
        contact.put("firstName", lead.firstName());
        contact.put("lastName", lead.lastName());
        if (lead.email() != null) contact.putArray("emails").add(lead.email());
        if (lead.jobTitle() != null) contact.put("jobTitle", lead.jobTitle());
        if (accountId != null) contact.put("accountId", accountId);
        contact.put("ownerId", ownerId);
        contact.put("lifecycleStage", "PROSPECT");
        contact.put("source", lead.source().length() > 100 ? lead.source().substring(0, 100) : lead.source());
        if (lead.country() != null) contact.putObject("address").put("country", lead.country());
        if (lead.emailConsent()) {
            contact.putObject("consent").put("emailMarketing", true).put("source", "lead " + lead.id());
        }
        if (lead.phone() != null) {
            ObjectNode withPhone = contact.deepCopy();
            withPhone.putArray("phones").add(lead.phone());
            try {
                return contacts.create(user, withPhone).id();
            } catch (ApiProblem problem) {
                // a phone the contact rules cannot read is left on the lead rather than blocking the conversion
                if (problem.errors().stream().noneMatch(e -> e.field().startsWith("phones"))) throw problem;
            }
        }
        return contacts.create(user, contact).id();
    }

    /** The lead's capture, notes, needs and events as timeline entries on the contact (source "lead"). */
    private void carryHistory(Lead lead, long contactId, NeedsAssessment needs) {
        String ref = "lead-" + lead.id();
        timeline.record(new Touchpoint(contactId, Touchpoint.Channel.WEB, lead.createdAt(),
                "Lead captured: " + lead.source() + (lead.campaign() == null ? "" : " · " + lead.campaign()),
                "Score " + lead.score() + (lead.scoreReasons().isEmpty() ? "" : " — " + String.join(", ",
                        lead.scoreReasons().stream().map(r -> r.rule() + " (" + (r.points() > 0 ? "+" : "") + r.points() + ")").toList())),
                Touchpoint.JourneyStage.AWARENESS, null, "lead", ref));
        if (lead.notes() != null) {
            timeline.record(new Touchpoint(contactId, Touchpoint.Channel.NOTE, lead.updatedAt(), "Lead notes", lead.notes(),
                    null, null, "lead", ref + "-notes"));
        }
        if (!needs.isEmpty()) {
            StringBuilder body = new StringBuilder();
            if (needs.pains() != null) body.append("Pains: ").append(needs.pains()).append('\n');
            if (needs.goals() != null) body.append("Goals: ").append(needs.goals()).append('\n');
            if (needs.budget() != null) body.append("Budget: ").append(needs.budget().toPlainString()).append(' ')
                    .append(needs.budgetCurrency() == null ? "" : needs.budgetCurrency()).append('\n');
            if (needs.authority() != null) body.append("Authority: ").append(needs.authority()).append('\n');
            if (needs.decisionTimeline() != null) body.append("Decision timeline: ").append(needs.decisionTimeline());
            timeline.record(new Touchpoint(contactId, Touchpoint.Channel.NOTE, needs.updatedAt(), "Needs assessment",
                    body.toString().strip(), Touchpoint.JourneyStage.CONSIDERATION, null, "lead", ref + "-needs"));
        }
        for (LeadEvent event : leadService.events(lead.id())) {
            timeline.record(new Touchpoint(contactId, event.type().startsWith("email") ? Touchpoint.Channel.EMAIL : Touchpoint.Channel.WEB,
                    event.occurredAt(), "Lead " + event.type().replace('_', ' '), event.url(),
                    Touchpoint.JourneyStage.AWARENESS, null, "lead", ref + "-event-" + event.id()));
        }
    }
}
