package io.rapport.customers.contacts;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.duplicates.DuplicatePairs;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Merging two contacts into one, atomically: the survivor takes the chosen values, other modules re-point their rows
 * (through {@link ContactsMerged}), the other contact is deleted, and everything can be undone for 30 days.
 */
@Service
public class ContactMerges {

    public static final Duration UNDO_WINDOW = Duration.ofDays(30);
    static final Set<String> BODY = Set.of("otherId", "version", "otherVersion", "fields");

    /** A merge as shown in the API and in a contact's merge history. */
    public record Merge(long id, long survivorId, long mergedId, String mergedName, Instant mergedAt, Instant undoUntil,
                        Instant undoneAt, Map<String, Long> moved) {
        public boolean undoable(Instant now) {
            return undoneAt == null && now.isBefore(undoUntil);
        }
    }

    public record MergeResult(Merge merge, Contact survivor) {}

    public record UndoResult(Merge merge, Contact survivor, Contact restored) {}

    private final Contacts contacts;
    private final ContactRepository rows;
    private final MergeRepository merges;
    private final MergeLedger ledger;
    private final CustomFields customFields;
    private final DuplicatePairs pairs;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ContactMerges(Contacts contacts, ContactRepository rows, MergeRepository merges, MergeLedger ledger,
                  CustomFields customFields, DuplicatePairs pairs, AuditLog audit, ApplicationEventPublisher events,
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
        JsonFields in = new JsonFields(body, BODY);
        Long otherId = in.id("otherId");
        if (otherId == null && in.errors().isEmpty()) in.error("otherId", "required");
        Integer version = in.integer("version");
        Integer otherVersion = in.integer("otherVersion");
        MergeChoices choices = MergeChoices.read(in, customFields.of(EntityKind.CONTACT).stream()
                .map(CustomField::key).collect(Collectors.toSet()));
        if (otherId != null && otherId == survivorId) in.error("otherId", "a contact cannot be merged with itself");
        in.throwIfInvalid();
        Contact survivor = contacts.get(user, survivorId);
        Contact other = contacts.get(user, otherId);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, version);
        if (expected.missing() || otherVersion == null) {
            throw Problems.versionRequired();
        }
        expected.requireMatches("Contact", survivorId, survivor.version());
        if (otherVersion != other.version()) throw Problems.staleVersion("Contact", otherId, otherVersion, other.version());

        ContactDraft draft = ContactDraft.of(survivor);
        Long teamId = choices.apply(draft, survivor, other);
        if (draft.accountId != null && !draft.accountId.equals(survivor.accountId()) && !contacts.accountVisible(user, draft.accountId)) {
            // the other contact may sit at an account this user cannot see: taking it over would reveal or move it
            throw Problems.invalid("fields.accountId", "the other contact's account is not visible to you; keep this contact's account");
        }
        String before = merges.rowJson(survivorId);
        String mergedRow = merges.rowJson(otherId);
        if (!rows.update(survivorId, survivor.version(), draft, teamId)) throw expected.lostRace("Contact", survivorId, survivor.version());
        long mergeId = merges.insert(survivorId, otherId, mergedRow, before, merges.rowJson(survivorId), user.id());
        events.publishEvent(new ContactsMerged(mergeId, survivorId, otherId));
        if (!merges.deleteAt(otherId, other.version())) {
            throw Problems.staleVersion("Contact", otherId, otherVersion, other.version() + 1);
        }
        pairs.decide("CONTACT", survivorId, otherId, "MERGED", user.id(), 1);
        Contact merged = contacts.get(user, survivorId);
        audit.record("MERGE", "CONTACT", survivorId, "Merged contact " + other.name() + " (" + otherId + ") into " + merged.name(),
                FieldChange.between(survivor.snapshot(), merged.snapshot()));
        audit.record("MERGE", "CONTACT", otherId, "Merged into contact " + merged.name() + " (" + survivorId + ")",
                FieldChange.of(other.snapshot(), false));
        return new MergeResult(find(mergeId), merged);
    }

    /** Restores the merged-away contact, the survivor's fields the merge changed (unless edited since), and moved rows. */
    @Transactional
    public UndoResult undo(CurrentUser user, long mergeId) {
        RecordVisibility.requireWriter(user);
        Merge merge = merges.find(mergeId).orElseThrow(() -> Problems.notFound("Merge", mergeId));
        Contact survivor = rows.find(user, merge.survivorId()).orElseThrow(() -> Problems.notFound("Merge", mergeId));
        if (merge.undoneAt() != null) throw Problems.conflict("Merge " + mergeId + " was already undone at " + merge.undoneAt());
        if (!merge.undoable(clock.instant())) {
            throw new ApiProblem(HttpStatus.GONE, "undo-expired", "Undo period over",
                    "Merge " + mergeId + " can only be undone until " + merge.undoUntil(), List.of());
        }
        if (!merges.markUndone(mergeId, user.id())) throw Problems.conflict("Merge " + mergeId + " was already undone");
        merges.restoreMerged(mergeId);
        merges.restoreSurvivor(mergeId);
        events.publishEvent(new ContactsMergeUndone(mergeId, merge.survivorId(), merge.mergedId()));
        pairs.forget("CONTACT", merge.survivorId(), merge.mergedId());
        Contact now = contacts.get(user, merge.survivorId());
        // the restored contact keeps its owner, who may not be this user: then it is restored but not shown
        Contact restored = rows.find(user, merge.mergedId()).orElse(null);
        audit.record("UNMERGE", "CONTACT", merge.survivorId(), "Undid merge of " + merge.mergedName() + " (" + merge.mergedId() + ")",
                FieldChange.between(survivor.snapshot(), now.snapshot()));
        audit.record("RESTORE", "CONTACT", merge.mergedId(), "Restored by undoing merge " + mergeId,
                restored == null ? Map.of() : FieldChange.of(restored.snapshot(), true));
        return new UndoResult(find(mergeId), now, restored);
    }

    /** Merges into this contact, newest first (the user must see the contact). */
    public List<Merge> history(CurrentUser user, long contactId) {
        contacts.get(user, contactId);
        return merges.ofSurvivor(contactId).stream().map(m -> withMoves(m)).toList();
    }

    public Instant now() {
        return clock.instant();
    }

    private Merge find(long mergeId) {
        return withMoves(merges.find(mergeId).orElseThrow());
    }

    private Merge withMoves(Merge m) {
        return new Merge(m.id(), m.survivorId(), m.mergedId(), m.mergedName(), m.mergedAt(), m.undoUntil(), m.undoneAt(),
                ledger.counts(m.id()));
    }
}
