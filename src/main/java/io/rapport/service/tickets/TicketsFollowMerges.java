package io.rapport.service.tickets;

import io.rapport.customers.accounts.AccountMergeLedger;
import io.rapport.customers.accounts.AccountsMergeUndone;
import io.rapport.customers.accounts.AccountsMerged;
import io.rapport.customers.contacts.ContactsMergeUndone;
import io.rapport.customers.contacts.ContactsMerged;
import io.rapport.customers.contacts.MergeLedger;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tickets (requester, account) and the authors of customer messages follow merged contacts and accounts to the
 * survivor, and back on undo. Synchronous, inside the merge's transaction.
 */
@Component
class TicketsFollowMerges {

    private static final String BUMP = ", version = version + 1, updated_at = now()";

    private final MergeLedger contactLedger;
    private final AccountMergeLedger accountLedger;

    TicketsFollowMerges(MergeLedger contactLedger, AccountMergeLedger accountLedger) {
        this.contactLedger = contactLedger;
        this.accountLedger = accountLedger;
    }

    @EventListener
    void on(ContactsMerged e) {
        contactLedger.move(e.mergeId(), "tickets", "requester_id", BUMP, e.survivorId(), e.mergedId());
        contactLedger.move(e.mergeId(), "ticket_messages", "author_contact_id", "", e.survivorId(), e.mergedId());
    }

    @EventListener
    void on(ContactsMergeUndone e) {
        contactLedger.moveBack(e.mergeId(), "tickets", "requester_id", BUMP, e.survivorId(), e.mergedId());
        contactLedger.moveBack(e.mergeId(), "ticket_messages", "author_contact_id", "", e.survivorId(), e.mergedId());
    }

    @EventListener
    void on(AccountsMerged e) {
        accountLedger.move(e.mergeId(), "tickets", "account_id", BUMP, e.survivorId(), e.mergedId());
    }

    @EventListener
    void on(AccountsMergeUndone e) {
        accountLedger.moveBack(e.mergeId(), "tickets", "account_id", BUMP, e.survivorId(), e.mergedId());
    }
}
