package io.rapport.commerce.orders;

import io.rapport.customers.accounts.AccountMergeLedger;
import io.rapport.customers.accounts.AccountsMergeUndone;
import io.rapport.customers.accounts.AccountsMerged;
import io.rapport.customers.contacts.ContactsMergeUndone;
import io.rapport.customers.contacts.ContactsMerged;
import io.rapport.customers.contacts.MergeLedger;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Orders (and customer references of order sources) follow a merged contact or account to the survivor, and back
 * on undo. Synchronous, inside the merge's transaction: the merged-away row's orders would otherwise lose their
 * customer ({@code on delete set null}).
 */
@Component
class OrdersFollowMerges {

    private final MergeLedger contactLedger;
    private final AccountMergeLedger accountLedger;

    OrdersFollowMerges(MergeLedger contactLedger, AccountMergeLedger accountLedger) {
        this.contactLedger = contactLedger;
        this.accountLedger = accountLedger;
    }

    private static final String ORDERS_ALSO_SET = ", version = version + 1, updated_at = now()";

    @EventListener
    void on(ContactsMerged e) {
        contactLedger.move(e.mergeId(), "orders", "contact_id", ORDERS_ALSO_SET, e.survivorId(), e.mergedId());
        contactLedger.move(e.mergeId(), "customer_refs", "contact_id", "", e.survivorId(), e.mergedId());
    }

    @EventListener
    void on(ContactsMergeUndone e) {
        contactLedger.moveBack(e.mergeId(), "orders", "contact_id", ORDERS_ALSO_SET, e.survivorId(), e.mergedId());
        contactLedger.moveBack(e.mergeId(), "customer_refs", "contact_id", "", e.survivorId(), e.mergedId());
    }

    @EventListener
    void on(AccountsMerged e) {
        accountLedger.move(e.mergeId(), "orders", "account_id", ORDERS_ALSO_SET, e.survivorId(), e.mergedId());
    }

    @EventListener
    void on(AccountsMergeUndone e) {
        accountLedger.moveBack(e.mergeId(), "orders", "account_id", ORDERS_ALSO_SET, e.survivorId(), e.mergedId());
    }
}
