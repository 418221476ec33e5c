package io.rapport.activities;

import io.rapport.customers.contacts.ContactsMergeUndone;
import io.rapport.customers.contacts.ContactsMerged;
import io.rapport.customers.contacts.MergeLedger;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Timeline entries and tasks follow a merged contact to its survivor, and back on undo. A plain (synchronous)
 * listener: it runs inside the merge's transaction, so a merge never leaves rows behind half-moved.
 */
@Component
class MergedContactsListener {

    /** The tables of this module that reference contacts, and what else a change of contact updates there. */
    private static final java.util.Map<String, String> TABLES = java.util.Map.of(
            "activities", "", "tasks", ", version = version + 1, updated_at = now()");

    private final JdbcClient jdbc;
    private final MergeLedger ledger;

    MergedContactsListener(JdbcClient jdbc, MergeLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    @EventListener
    void on(ContactsMerged event) {
        for (String table : TABLES.keySet()) {
            List<Long> moved = jdbc.sql("update " + table + " set contact_id = :survivor" + TABLES.get(table) + " where contact_id = :merged returning id")
                    .param("survivor", event.survivorId()).param("merged", event.mergedId()).query(Long.class).list();
            ledger.recordMoved(event.mergeId(), table, moved);
        }
    }

    @EventListener
    void on(ContactsMergeUndone event) {
        for (String table : TABLES.keySet()) {
            List<Long> ids = ledger.moved(event.mergeId(), table);
            if (ids.isEmpty()) continue;
            // rows deleted since stay deleted; rows re-pointed elsewhere since stay where they are
            jdbc.sql("update " + table + " set contact_id = :merged" + TABLES.get(table)
                            + " where id = any(cast(:ids as bigint[])) and contact_id = :survivor")
                    .param("merged", event.mergedId()).param("survivor", event.survivorId())
                    .param("ids", ids.toArray(Long[]::new)).update();
        }
    }
}
