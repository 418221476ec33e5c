package io.rapport.activities;

import io.rapport.customers.accounts.AccountMergeLedger;
import io.rapport.customers.accounts.AccountsMergeUndone;
import io.rapport.customers.accounts.AccountsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Timeline entries and tasks of a merged account follow it to the survivor, and back on undo. Synchronous, inside
 * the merge's transaction: the account's rows would otherwise be deleted with it ({@code on delete cascade}).
 */
@Component
class MergedAccountsListener {

    private final AccountMergeLedger ledger;

    MergedAccountsListener(AccountMergeLedger ledger) {
        this.ledger = ledger;
    }

    @EventListener
    void on(AccountsMerged event) {
        MovedTables.each((table, alsoSet) ->
                ledger.move(event.mergeId(), table, "account_id", alsoSet, event.survivorId(), event.mergedId()));
    }

    @EventListener
    void on(AccountsMergeUndone event) {
        MovedTables.each((table, alsoSet) ->
                ledger.moveBack(event.mergeId(), table, "account_id", alsoSet, event.survivorId(), event.mergedId()));
    }
}
