package io.rapport.activities;

import io.rapport.customers.contacts.ContactsMergeUndone;
import io.rapport.customers.contacts.ContactsMerged;
import io.rapport.customers.contacts.MergeLedger;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Timeline entries and tasks follow a merged contact to its survivor, and back on undo. A plain (synchronous)
 * listener: it runs inside the merge's transaction, so a merge never leaves rows behind half-moved.
 */
@Component
class MergedContactsListener {

    private final MergeLedger ledger;

    MergedContactsListener(MergeLedger ledger) {
        this.ledger = ledger;
    }

    @EventListener
    void on(ContactsMerged event) {
        MovedTables.each((table, alsoSet) ->
                ledger.move(event.mergeId(), table, "contact_id", alsoSet, event.survivorId(), event.mergedId()));
    }

    @EventListener
    void on(ContactsMergeUndone event) {
        MovedTables.each((table, alsoSet) ->
                ledger.moveBack(event.mergeId(), table, "contact_id", alsoSet, event.survivorId(), event.mergedId()));
    }
}
