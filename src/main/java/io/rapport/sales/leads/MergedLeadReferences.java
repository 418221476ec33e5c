package io.rapport.sales.leads;

import io.rapport.customers.accounts.AccountMergeLedger;
import io.rapport.customers.accounts.AccountsMergeUndone;
import io.rapport.customers.accounts.AccountsMerged;
import io.rapport.customers.contacts.ContactsMergeUndone;
import io.rapport.customers.contacts.ContactsMerged;
import io.rapport.customers.contacts.MergeLedger;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A converted lead keeps pointing at the contact and account it became when those are merged (and back on undo).
 * Synchronous, inside the merge's transaction, like the timeline's listeners.
 */
@Component
class MergedLeadReferences {

    private final MergeLedger contactLedger;
    private final AccountMergeLedger accountLedger;

    MergedLeadReferences(MergeLedger contactLedger, AccountMergeLedger accountLedger) {
        this.contactLedger = contactLedger;
        this.accountLedger = accountLedger;
    }

    @EventListener
    void on(ContactsMerged event) {
        contactLedger.move(event.mergeId(), "leads", "converted_contact_id", "", event.survivorId(), event.mergedId());
    }

    @EventListener
    void on(ContactsMergeUndone event) {
        contactLedger.moveBack(event.mergeId(), "leads", "converted_contact_id", "", event.survivorId(), event.mergedId());
    }

    @EventListener
    void on(AccountsMerged event) {
        accountLedger.move(event.mergeId(), "leads", "converted_account_id", "", event.survivorId(), event.mergedId());
    }

    @EventListener
    void on(AccountsMergeUndone event) {
        accountLedger.moveBack(event.mergeId(), "leads", "converted_account_id", "", event.survivorId(), event.mergedId());
    }
}
