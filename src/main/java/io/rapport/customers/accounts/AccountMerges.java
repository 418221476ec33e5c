package io.rapport.customers.accounts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.duplicates.DuplicatePairs;
import io.rapport.customers.merging.FieldChoices;
import io.rapport.customers.merging.Merge;
import io.rapport.customers.merging.MergeAudit;
import io.rapport.customers.merging.MergeRequest;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Merging two accounts into one, atomically: the survivor takes the chosen values; the other account's contacts and
 * child accounts move to it here, other modules re-point their rows (through {@link AccountsMerged}); the other
 * account is deleted. Undoable for 30 days. Contacts move even when the user cannot see them: they are the
 * account's data, and leaving them behind would detach them.
 */
@Service
public class AccountMerges {

    static final List<String> FIELDS = List.of("name", "domain", "industry", "size", "tier", "ownerId", "parentId");
    /** Rows of this module that point at an account, and what else moving one of them updates. */
    private static final Map<String, String> REFERENCES = Map.of("contacts", "account_id", "accounts", "parent_id");
    private static final String BUMP = ", version = version + 1, updated_at = now()";

    public record MergeResult(Merge merge, Account survivor) {}

    public record UndoResult(Merge merge, Account survivor, Account restored) {}

    private final Accounts accounts;
    private final AccountRepository rows;
    private final AccountMergeRepository merges;
    private final AccountMergeLedger ledger;
    private final CustomFields customFields;
    private final DuplicatePairs pairs;
    private final MergeAudit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AccountMerges(Accounts accounts, AccountRepository rows, AccountMergeRepository merges, AccountMergeLedger ledger,
                  CustomFields customFields, DuplicatePairs pairs, MergeAudit audit, ApplicationEventPublisher events,
                  ObjectProvider<Clock> clock) {
        this.accounts = accounts;
        this.rows = rows;
        this.merges = merges;
        this.ledger = ledger;
        this.customFields = customFields;
        this.pairs = pairs;
        this.audit = audit;
        this.events = events;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Merges {@code otherId} into {@code survivorId}; both versions must be current. */
    @Transactional
    public MergeResult merge(CurrentUser user, long survivorId, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        MergeRequest request = MergeRequest.read(body, survivorId, "account");
        FieldChoices choices = FieldChoices.read(request.in(), FIELDS, Set.of(), customFields.keys(EntityKind.ACCOUNT));
        request.in().throwIfInvalid();
        long otherId = request.otherId();
        Account survivor = accounts.get(user, survivorId);
        Account other = accounts.get(user, otherId);
        ExpectedVersion expected = request.requireVersions(ifMatch, "Account", survivorId, survivor.version(), other.version());

        AccountDraft draft = AccountDraft.of(survivor);
        Long teamId = apply(choices, draft, survivor, other);
        checkParent(user, draft.parentId, survivor, other);
        long mergeId = merges.merge("Account", survivorId, otherId, other.version(), user.id(),
                () -> rows.update(survivorId, survivor.version(), draft, teamId),
                () -> expected.lostRace("Account", survivorId, survivor.version()),
                id -> {
                    REFERENCES.forEach((table, column) -> ledger.move(id, table, column, BUMP, survivorId, otherId));
                    events.publishEvent(new AccountsMerged(id, survivorId, otherId));
                });
        pairs.decide("ACCOUNT", survivorId, otherId, "MERGED", user.id(), 1);
        Account merged = accounts.get(user, survivorId);
        audit.merged("ACCOUNT", "account", side(survivor), side(merged), side(other));
        return new MergeResult(find(mergeId), merged);
    }

    /** Restores the merged-away account, the survivor's fields the merge changed (unless edited since), and moved rows. */
    @Transactional
    public UndoResult undo(CurrentUser user, long mergeId) {
        RecordVisibility.requireWriter(user);
        var undone = merges.undo(mergeId, user.id(), clock.instant(), id -> rows.find(user, id));
        Merge merge = undone.merge();
        Account survivor = undone.survivorBefore();
        REFERENCES.forEach((table, column) -> ledger.moveBack(mergeId, table, column, BUMP, merge.survivorId(), merge.mergedId()));
        events.publishEvent(new AccountsMergeUndone(mergeId, merge.survivorId(), merge.mergedId()));
        pairs.forget("ACCOUNT", merge.survivorId(), merge.mergedId());
        Account now = accounts.get(user, merge.survivorId());
        // the restored account keeps its owner, who may not be this user: then it is restored but not shown
        Account restored = rows.find(user, merge.mergedId()).orElse(null);
        audit.undone("ACCOUNT", merge, side(survivor), side(now), restored == null ? null : side(restored));
        return new UndoResult(find(mergeId), now, restored);
    }

    /** Merges into this account, newest first (the user must see the account). */
    public List<Merge> history(CurrentUser user, long accountId) {
        accounts.get(user, accountId);
        return merges.ofSurvivor(accountId).stream().map(m -> m.withMoved(ledger.counts(m.id()))).toList();
    }

    public Instant now() {
        return clock.instant();
    }

    private static Long apply(FieldChoices chosen, AccountDraft draft, Account survivor, Account other) {
        draft.name = chosen.pick("name", survivor.name(), other.name());
        draft.domain = chosen.pick("domain", survivor.domain(), other.domain());
        draft.industry = chosen.pick("industry", survivor.industry(), other.industry());
        draft.size = chosen.pick("size", survivor.size(), other.size());
        draft.tier = chosen.pick("tier", survivor.tier(), other.tier());
        draft.parentId = chosen.pick("parentId", survivor.parentId(), other.parentId());
        draft.tags = FieldChoices.union(survivor.tags(), other.tags());
        draft.custom = chosen.custom(survivor.customFields(), other.customFields());
        boolean otherOwner = chosen.takesOther("ownerId", survivor.ownerId() == null);
        draft.ownerId = otherOwner ? other.ownerId() : survivor.ownerId();
        return otherOwner ? other.teamId() : survivor.teamId();
    }

    /**
     * The merged account's parent must be neither of the two (the other's children, possibly the survivor, become
     * the survivor's) nor below either of them, and one this user can see.
     */
    private void checkParent(CurrentUser user, Long parentId, Account survivor, Account other) {
        if (parentId == null) return;
        if (parentId == survivor.id() || parentId == other.id() || rows.wouldCycle(survivor.id(), parentId) || rows.wouldCycle(other.id(), parentId)) {
            throw Problems.invalid("fields.parentId", "the merged account would be its own parent or ancestor; choose the other parent or detach one account first");
        }
        if (!parentId.equals(survivor.parentId()) && !rows.isVisible(user, parentId)) {
            throw Problems.invalid("fields.parentId", "the other account's parent is not visible to you; keep this account's parent");
        }
    }

    private static MergeAudit.Side side(Account r) {
        return new MergeAudit.Side(r.id(), r.name(), r.snapshot());
    }

    private Merge find(long mergeId) {
        return merges.find(mergeId).orElseThrow().withMoved(ledger.counts(mergeId));
    }
}
