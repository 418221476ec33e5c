package io.rapport.customers.accounts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.listing.ListQuery;
import io.rapport.customers.listing.RowStream;
import io.rapport.customers.listing.ListQuery.SortKey;
import io.rapport.customers.listing.ListQuery.Sorting;
import io.rapport.customers.ownership.OwnerCheck;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Accounts: the companies contacts work for, with a parent hierarchy. */
@Service
public class Accounts {

    static final List<SortKey> SORTS = List.of(
            new SortKey("name", "lower(a.name)", "text"),
            new SortKey("createdAt", "a.created_at", "timestamptz"),
            new SortKey("updatedAt", "a.updated_at", "timestamptz"));

    private final AccountRepository accounts;
    private final CustomFields customFields;
    private final OwnerCheck owners;
    private final AuditLog audit;

    Accounts(AccountRepository accounts, CustomFields customFields, OwnerCheck owners, AuditLog audit) {
        this.accounts = accounts;
        this.customFields = customFields;
        this.owners = owners;
        this.audit = audit;
    }

    public Account get(CurrentUser user, long id) {
        return accounts.find(user, id).orElseThrow(() -> Problems.notFound("Account", id));
    }

    /**
     * An account the user can see with this web domain or, failing that, exactly this name (case-insensitive), for
     * matching instead of duplicating (lead conversion).
     */
    public java.util.Optional<Account> findByDomainOrName(CurrentUser user, String domain, String name) {
        if ((domain == null || domain.isBlank()) && (name == null || name.isBlank())) return java.util.Optional.empty();
        return accounts.findIdByDomainOrName(user, blankToNull(domain), blankToNull(name)).flatMap(id -> accounts.find(user, id));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public boolean isVisible(CurrentUser user, long id) {
        return accounts.isVisible(user, id);
    }

    @Transactional
    public Account create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, AccountDraft.FIELDS);
        AccountDraft draft = new AccountDraft();
        draft.ownerId = user.id();
        draft.apply(in, customFields, true);
        Long teamId = checkReferences(user, null, draft, in);
        in.throwIfInvalid();
        long id = accounts.insert(draft, teamId);
        Account created = get(user, id);
        audit.record("CREATE", "ACCOUNT", id, "Created account " + created.name(), FieldChange.of(created.snapshot(), true));
        return created;
    }

    @Transactional
    public Account update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Account current = get(user, id);
        JsonFields in = new JsonFields(body, AccountDraft.FIELDS);
        AccountDraft draft = AccountDraft.of(current);
        draft.apply(in, customFields, false);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, draft.version);
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        Long teamId = checkReferences(user, id, draft, in);
        in.throwIfInvalid();
        expected.requireMatches("Account", id, current.version());
        if (!accounts.update(id, current.version(), draft, teamId)) throw expected.lostRace("Account", id, current.version());
        Account updated = get(user, id);
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), updated.snapshot());
        if (!changes.isEmpty()) audit.record("UPDATE", "ACCOUNT", id, "Updated account " + updated.name(), changes);
        return updated;
    }

    /** Contacts stay, without an account; child accounts lose their parent. */
    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireWriter(user);
        Account current = get(user, id);
        accounts.delete(id);
        audit.record("DELETE", "ACCOUNT", id, "Deleted account " + current.name(), FieldChange.of(current.snapshot(), false));
    }

    public PageResult<Account> list(CurrentUser user, AccountFilter f) {
        Sorting sorting = Sorting.parse(f.sort(), SORTS, SORTS.getFirst());
        List<AccountRepository.Row> rows = accounts.page(user, query(user, f), sorting, f.cursor(), f.limit());
        return ListQuery.toPage(rows, f.limit(), AccountRepository.Row::account, AccountRepository.Row::sortValue, Account::id);
    }

    /**
     * Every account of a list view in its order, for exports. The filter is checked now (a bad one is a 400 before
     * anything is written); the rows are read through a database cursor when the stream is consumed.
     */
    public RowStream<Account> rows(CurrentUser user, AccountFilter f) {
        Sorting sorting = Sorting.parse(f.sort(), SORTS, SORTS.getFirst());
        ListQuery query = query(user, f);
        return each -> accounts.forEach(user, query, sorting, each);
    }

    public long count(CurrentUser user, AccountFilter f) {
        return accounts.count(query(user, f));
    }

    public List<String> industries() {
        return accounts.industries();
    }

    private ListQuery query(CurrentUser user, AccountFilter f) {
        ListQuery q = new ListQuery("a", user).owner(f.owner(), user).tag(f.tag()).updatedSince(f.updatedSince()).text(f.q());
        if (f.industry() != null && !f.industry().isBlank()) q.and("lower(a.industry) = lower(?)", f.industry().trim());
        if (f.tier() != null && !f.tier().isBlank()) q.and("a.tier = ?", f.tier().trim().toUpperCase(Locale.ROOT));
        if (f.size() != null && !f.size().isBlank()) q.and("a.size = ?", f.size().trim());
        if (f.parent() != null && !f.parent().isBlank()) q.and("a.parent_id = ?", ListQuery.parseId("parent", f.parent()));
        Account.KEY_FIELDS.filter(q, f.missing(), f.completenessBelow());
        if (f.custom() != null && !f.custom().isEmpty()) {
            q.customFields(f.custom(), customFields.of(EntityKind.ACCOUNT), "account");
        }
        return q;
    }

    private Long checkReferences(CurrentUser user, Long selfId, AccountDraft draft, JsonFields in) {
        Long teamId = owners.teamOf(user, draft.ownerId, in);
        if (draft.parentId != null) {
            if (!accounts.isVisible(user, draft.parentId)) in.error("parentId", "no account " + draft.parentId);
            else if (selfId != null && (draft.parentId.equals(selfId) || accounts.wouldCycle(selfId, draft.parentId))) {
                in.error("parentId", "an account cannot be its own ancestor");
            }
        }
        return teamId;
    }
}
