package io.rapport.customers.contacts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.duplicates.DuplicatePairs;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Merging two contacts into one, atomically: the survivor takes the chosen values, other modules re-point their rows
 * (through {@link ContactsMerged}), the other contact is deleted, and everything can be undone for 30 days.
 */
@Service
public class ContactMerges {

    public record MergeResult(Merge merge, Contact survivor) {}

    public record UndoResult(Merge merge, Contact survivor, Contact restored) {}

    private final Contacts contacts;
    private final ContactRepository rows;
    private final MergeRepository merges;
    private final MergeLedger ledger;
    private final CustomFields customFields;
    private final DuplicatePairs pairs;
    private final MergeAudit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ContactMerges(Contacts contacts, ContactRepository rows, MergeRepository merges, MergeLedger ledger,
                  CustomFields customFields, DuplicatePairs pairs, MergeAudit audit, ApplicationEventPublisher events,
                  ObjectProvider<Clock> clock) {
        this.contacts = contacts;
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
        MergeRequest request = MergeRequest.read(body, survivorId, "contact");
        MergeChoices choices = MergeChoices.read(request.in(), customFields.keys(EntityKind.CONTACT));
        request.in().throwIfInvalid();
        long otherId = request.otherId();
        Contact survivor = contacts.get(user, survivorId);
        Contact other = contacts.get(user, otherId);
        ExpectedVersion expected = request.requireVersions(ifMatch, "Contact", survivorId, survivor.version(), other.version());

        ContactDraft draft = ContactDraft.of(survivor);
        Long teamId = choices.apply(draft, survivor, other);
        if (draft.accountId != null && !draft.accountId.equals(survivor.accountId()) && !contacts.accountVisible(user, draft.accountId)) {
            // the other contact may sit at an account this user cannot see: taking it over would reveal or move it
            throw Problems.invalid("fields.accountId", "the other contact's account is not visible to you; keep this contact's account");
        }
        long mergeId = merges.merge("Contact", survivorId, otherId, other.version(), user.id(),
                () -> rows.update(survivorId, survivor.version(), draft, teamId),
                () -> expected.lostRace("Contact", survivorId, survivor.version()),
                id -> events.publishEvent(new ContactsMerged(id, survivorId, otherId)));
        pairs.decide("CONTACT", survivorId, otherId, "MERGED", user.id(), 1);
        Contact merged = contacts.get(user, survivorId);
        audit.merged("CONTACT", "contact", side(survivor), side(merged), side(other));
        return new MergeResult(find(mergeId), merged);
    }

    /** Restores the merged-away contact, the survivor's fields the merge changed (unless edited since), and moved rows. */
    @Transactional
    public UndoResult undo(CurrentUser user, long mergeId) {
        RecordVisibility.requireWriter(user);
        var undone = merges.undo(mergeId, user.id(), clock.instant(), id -> rows.find(user, id));
        Merge merge = undone.merge();
        Contact survivor = undone.survivorBefore();
        events.publishEvent(new ContactsMergeUndone(mergeId, merge.survivorId(), merge.mergedId()));
        pairs.forget("CONTACT", merge.survivorId(), merge.mergedId());
        Contact now = contacts.get(user, merge.survivorId());
        // the restored contact keeps its owner, who may not be this user: then it is restored but not shown
        Contact restored = rows.find(user, merge.mergedId()).orElse(null);
        audit.undone("CONTACT", merge, side(survivor), side(now), restored == null ? null : side(restored));
        return new UndoResult(find(mergeId), now, restored);
    }

    /** Merges into this contact, newest first (the user must see the contact). */
    public List<Merge> history(CurrentUser user, long contactId) {
        contacts.get(user, contactId);
        return merges.ofSurvivor(contactId).stream().map(m -> m.withMoved(ledger.counts(m.id()))).toList();
    }

    public Instant now() {
        return clock.instant();
    }

    private static MergeAudit.Side side(Contact r) {
        return new MergeAudit.Side(r.id(), r.name(), r.snapshot());
    }

    private Merge find(long mergeId) {
        Merge merge = merges.find(mergeId).orElseThrow();
        return merge.withMoved(ledger.counts(mergeId));
    }
}
