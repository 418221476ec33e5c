package io.rapport.sales.deals;

import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.commerce.products.Catalog;
import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.Contact;
import io.rapport.customers.contacts.Contacts;
import io.rapport.customers.listing.ListQuery;
import io.rapport.customers.listing.ListQuery.SortKey;
import io.rapport.customers.listing.ListQuery.Sorting;
import io.rapport.customers.listing.RowStream;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.rapport.sales.pipelines.Pipeline;
import io.rapport.sales.pipelines.Pipelines;
import io.rapport.sales.pipelines.Stage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Deals: validated writes with optimistic versions and an audit trail, stage moves with history, scoped reads. */
@Service
public class Deals {

    static final List<SortKey> SORTS = List.of(
            new SortKey("updatedAt", "d.updated_at", "timestamptz"),
            new SortKey("name", "lower(d.name)", "text"),
            new SortKey("amount", "d.amount", "numeric"),
            new SortKey("closeDate", "coalesce(d.close_date, date '9999-12-31')", "date"),
            new SortKey("createdAt", "d.created_at", "timestamptz"));

    private final DealRepository deals;
    private final DealOpening opening;
    private final Pipelines pipelines;
    private final Accounts accounts;
    private final Contacts contacts;
    private final Catalog catalog;
    private final UserDirectory users;
    private final Timeline timeline;
    private final AuditLog audit;

    Deals(DealRepository deals, DealOpening opening, Pipelines pipelines, Accounts accounts, Contacts contacts,
          Catalog catalog, UserDirectory users, Timeline timeline, AuditLog audit) {
        this.deals = deals;
        this.opening = opening;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.contacts = contacts;
        this.catalog = catalog;
        this.users = users;
        this.timeline = timeline;
        this.audit = audit;
    }

    public Deal get(CurrentUser user, long id) {
        return deals.find(user, id).orElseThrow(() -> Problems.notFound("Deal", id));
    }

    /** The contact id if it is set and the user may see it, else null. */
    public Long visibleContact(CurrentUser user, Long contactId) {
        if (contactId == null) return null;
        try {
            contacts.get(user, contactId);
            return contactId;
        } catch (ApiProblem notVisible) {
            return null;
        }
    }

    public Long visibleAccount(CurrentUser user, Long accountId) {
        return accountId != null && accounts.isVisible(user, accountId) ? accountId : null;
    }

    /** Names of the deal's contacts the user may see; a contact they may not see keeps only its id. */
    public Map<Long, String> contactNames(CurrentUser user, Deal deal) {
        Map<Long, String> names = new java.util.HashMap<>();
        for (long id : deal.contactIds()) {
            try {
                Contact c = contacts.get(user, id);
                names.put(id, (c.firstName() + " " + c.lastName()).strip());
            } catch (ApiProblem notVisible) {
                // shown as "Contact #id"
            }
        }
        return names;
    }

    public List<StageChange> history(CurrentUser user, long id) {
        get(user, id);
        return deals.history(id);
    }

    @Transactional
    public Deal create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, DealDraft.FIELDS);
        DealDraft draft = new DealDraft();
        draft.ownerId = user.id();
        draft.apply(in, true);
        Pipeline pipeline = null;
        if (draft.pipelineId != null) {
            pipeline = pipelines.find(draft.pipelineId).filter(p -> !p.archived()).orElse(null);
            if (pipeline == null) in.error("pipelineId", "no open pipeline " + draft.pipelineId);
        } else if (draft.stageId != null) {
            // a stage names its pipeline
            pipeline = pipelines.all(false).stream().filter(p -> p.stage(draft.stageId) != null).findFirst().orElse(null);
            if (pipeline == null) in.error("stageId", "no stage " + draft.stageId + " in an open pipeline");
        } else {
            pipeline = pipelines.defaultPipeline().orElse(null);
            if (pipeline == null) in.error("pipelineId", "no pipeline exists yet; an admin creates one first");
        }
        Stage stage = null;
        if (pipeline != null) {
            if (draft.stageId != null) {
                stage = pipeline.stage(draft.stageId);
                if (stage == null) in.error("stageId", "stage " + draft.stageId + " is not a stage of pipeline "
                        + pipeline.id() + " (" + pipeline.name() + ")");
            } else if (pipeline.stages().isEmpty()) {
                in.error("pipelineId", "pipeline " + pipeline.id() + " has no stages");
            } else {
                stage = pipeline.stages().getFirst();
            }
        }
        if (stage != null && "LOST".equals(stage.outcome()) && draft.lostReason == null) {
            in.error("lostReason", "required for a deal in a lost stage");
        }
        Long teamId = checkReferences(user, draft, in);
        in.throwIfInvalid();
        long id = opening.open(new NewDeal(draft.name, pipeline.id(), stage.id(), draft.amount, draft.currency,
                draft.closeDate, draft.ownerId, teamId, draft.accountId, draft.contactIds, null), user.id());
        if (draft.lines != null) deals.replaceLines(id, draft.lines);
        if ("LOST".equals(stage.outcome())) deals.setLostReason(id, draft.lostReason);
        Deal created = get(user, id);
        audit.record("CREATE", "DEAL", id, "Created deal " + created.name(), FieldChange.of(created.snapshot(), true));
        return created;
    }

    @Transactional
    public Deal update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Deal current = get(user, id);
        JsonFields in = new JsonFields(body, DealDraft.FIELDS);
        DealDraft draft = DealDraft.of(current);
        draft.apply(in, false);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, draft.version);
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        Long teamId = checkReferences(user, draft, in);
        in.throwIfInvalid();
        expected.requireMatches("Deal", id, current.version());
        if (!deals.update(id, current.version(), draft, teamId)) throw expected.lostRace("Deal", id, current.version());
        if (body.has("contactIds")) deals.replaceContacts(id, draft.contactIds);
        if (draft.lines != null) deals.replaceLines(id, draft.lines);
        Deal updated = deals.find(user, id).orElse(null);
        if (updated == null) updated = deals.findAny(id).orElseThrow();  // handed to someone outside the writer's book
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), updated.snapshot());
        if (!changes.isEmpty()) audit.record("UPDATE", "DEAL", id, "Updated deal " + updated.name(), changes);
        return updated;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireWriter(user);
        Deal current = get(user, id);
        deals.delete(id);
        audit.record("DELETE", "DEAL", id, "Deleted deal " + current.name(), FieldChange.of(current.snapshot(), false));
    }

    /**
     * Moves a deal to another stage of its pipeline. The version the mover saw must still be current: of two
     * concurrent moves based on one version, one wins and the other gets 409 (412 with If-Match).
     */
    @Transactional
    public Deal moveStage(CurrentUser user, long id, Long stageId, String lostReason, Integer version, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Deal current = get(user, id);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, version);
        if (stageId == null) throw Problems.invalid("stageId", "required");
        Pipeline pipeline = pipelines.get(current.pipelineId());
        Stage target = pipeline.stage(stageId);
        if (target == null) {
            throw Problems.invalid("stageId", "stage " + stageId + " is not a stage of this deal's pipeline "
                    + pipeline.id() + " (" + pipeline.name() + ")");
        }
        String reason = lostReason == null || lostReason.isBlank() ? null : lostReason.trim();
        if ("LOST".equals(target.outcome()) && reason == null) {
            throw Problems.invalid("lostReason", "required when moving a deal to the lost stage '" + target.name() + "'");
        }
        if (reason != null && reason.length() > 500) throw Problems.invalid("lostReason", "at most 500 characters");
        if (expected.missing()) throw Problems.versionRequired();
        expected.requireMatches("Deal", id, current.version());
        if (target.id() == current.stageId() && Objects.equals(reason, current.lostReason())) return current;
        if (!deals.move(id, current.version(), target.id(), target.outcome(), reason)) {
            throw expected.lostRace("Deal", id, current.version());
        }
        long historyId = deals.recordStage(id, current.stageId(), target.id(), user.id());
        Deal moved = get(user, id);
        audit.record("STAGE", "DEAL", id, "Moved deal " + moved.name() + " from " + current.stageName() + " to " + target.name(),
                FieldChange.between(current.snapshot(), moved.snapshot()));
        if (moved.primaryContactId() != null) {
            timeline.record(new Touchpoint(moved.primaryContactId(), Touchpoint.Channel.OTHER, Instant.now(),
                    "Deal " + moved.name() + " moved to " + target.name(),
                    current.stageName() + " → " + target.name() + (reason == null ? "" : " (" + reason + ")"),
                    "WON".equals(target.outcome()) ? Touchpoint.JourneyStage.PURCHASE : Touchpoint.JourneyStage.CONSIDERATION,
                    null, "deal-stage", String.valueOf(historyId)));
        }
        return moved;
    }

    public PageResult<Deal> list(CurrentUser user, DealFilter f) {
        Sorting sorting = Sorting.parse(f.sort(), SORTS, SORTS.getFirst());
        List<DealRepository.Row> rows = deals.page(f.query(user), sorting, f.cursor(), f.limit());
        return ListQuery.toPage(rows, f.limit(), DealRepository.Row::deal, DealRepository.Row::sortValue, Deal::id);
    }

    public RowStream<Deal> rows(CurrentUser user, DealFilter f) {
        Sorting sorting = Sorting.parse(f.sort(), SORTS, SORTS.getFirst());
        ListQuery query = f.query(user);
        return each -> deals.forEach(query, sorting, each);
    }

    public long count(CurrentUser user, DealFilter f) {
        return deals.count(f.query(user));
    }

    /** Owner, account, contacts and products must exist and be visible; fills line prices and the amount. */
    private Long checkReferences(CurrentUser user, DealDraft draft, JsonFields in) {
        Long teamId = ownerTeam(user, draft.ownerId, in);
        if (draft.accountId != null && !accounts.isVisible(user, draft.accountId)) {
            in.error("accountId", "no account " + draft.accountId);
        }
        for (int i = 0; i < draft.contactIds.size(); i++) {
            long contactId = draft.contactIds.get(i);
            try {
                contacts.get(user, contactId);
            } catch (ApiProblem notVisible) {
                in.error("contactIds[" + i + "]", "no contact " + contactId);
            }
        }
        if (draft.lines != null && !draft.lines.isEmpty()) {
            List<DealDraft.LineInput> priced = new ArrayList<>();
            for (int i = 0; i < draft.lines.size(); i++) {
                DealDraft.LineInput l = draft.lines.get(i);
                if (l.productId() == null || catalog.find(l.productId()).isEmpty()) {
                    in.error("lines[" + i + "].productId", "no product " + l.productId() + " exists");
                    continue;
                }
                BigDecimal price = l.unitPrice() != null ? l.unitPrice()
                        : draft.currency == null ? null : catalog.priceOf(l.productId(), draft.currency).orElse(null);
                if (price == null) {
                    in.error("lines[" + i + "].unitPrice", "required: product " + l.productId() + " has no price in "
                            + draft.currency);
                    continue;
                }
                priced.add(new DealDraft.LineInput(l.productId(), l.quantity(), price, l.discount()));
            }
            draft.lines = priced;
            if (!draft.amountGiven && in.errors().isEmpty()) {
                draft.amount = priced.stream().map(l -> new DealLine(0, l.productId(), null, null, l.quantity(),
                        l.unitPrice(), l.discount()).total()).reduce(BigDecimal.ZERO, BigDecimal::add);
            }
        }
        return teamId;
    }

    /** An active owner; SALES and AGENT writers give deals only to themselves or a team-mate. */
    private Long ownerTeam(CurrentUser writer, Long ownerId, JsonFields in) {
        if (ownerId == null) {
            if (writer.role().seesOnlyOwnBook()) in.error("ownerId", "you can assign deals only to yourself or your team");
            return null;
        }
        UserAccount owner = users.find(ownerId).filter(UserAccount::active).orElse(null);
        if (owner == null) {
            in.error("ownerId", "no active user " + ownerId);
            return null;
        }
        if (writer.role().seesOnlyOwnBook() && owner.id() != writer.id()
                && (writer.teamId() == null || !Objects.equals(owner.teamId(), writer.teamId()))) {
            in.error("ownerId", "you can assign deals only to yourself or your team");
            return null;
        }
        return owner.teamId();
    }
}
