package io.rapport.sales.deals;

import io.rapport.customers.accounts.AccountMergeLedger;
import io.rapport.customers.accounts.AccountsMergeUndone;
import io.rapport.customers.accounts.AccountsMerged;
import io.rapport.customers.contacts.ContactsMergeUndone;
import io.rapport.customers.contacts.ContactsMerged;
import io.rapport.customers.contacts.MergeLedger;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deals follow merged accounts and contacts to the survivor, and back on undo. Synchronous, inside the merge's
 * transaction. A deal that already lists the survivor loses its link to the merged contact (it would be a duplicate);
 * the ledger remembers those deals under {@value #DROPPED} so the undo puts the link back.
 */
@Component
class DealsFollowMerges {

    static final String DROPPED = "deal_contacts:dropped";
    private static final String BUMP = ", version = version + 1, updated_at = now()";

    private final MergeLedger contactLedger;
    private final AccountMergeLedger accountLedger;
    private final JdbcClient jdbc;

    DealsFollowMerges(MergeLedger contactLedger, AccountMergeLedger accountLedger, JdbcClient jdbc) {
        this.contactLedger = contactLedger;
        this.accountLedger = accountLedger;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AccountsMerged event) {
        accountLedger.move(event.mergeId(), "deals", "account_id", BUMP, event.survivorId(), event.mergedId());
    }

    @EventListener
    void on(AccountsMergeUndone event) {
        accountLedger.moveBack(event.mergeId(), "deals", "account_id", BUMP, event.survivorId(), event.mergedId());
    }

    @EventListener
    void on(ContactsMerged event) {
        List<Long> both = jdbc.sql("""
                        delete from deal_contacts m where m.contact_id = :merged
                           and exists (select 1 from deal_contacts s where s.deal_id = m.deal_id and s.contact_id = :survivor)
                        returning m.deal_id""")
                .param("merged", event.mergedId()).param("survivor", event.survivorId()).query(Long.class).list();
        contactLedger.recordMoved(event.mergeId(), DROPPED, both);
        contactLedger.move(event.mergeId(), "deal_contacts", "contact_id", "", event.survivorId(), event.mergedId());
    }

    @EventListener
    void on(ContactsMergeUndone event) {
        contactLedger.moveBack(event.mergeId(), "deal_contacts", "contact_id", "", event.survivorId(), event.mergedId());
        for (Long dealId : contactLedger.moved(event.mergeId(), DROPPED)) {
            jdbc.sql("insert into deal_contacts (deal_id, contact_id) select :deal, :merged where exists "
                            + "(select 1 from deals where id = :deal) on conflict do nothing")
                    .param("deal", dealId).param("merged", event.mergedId()).update();
        }
    }
}
