package io.rapport.customers.contacts;

import io.rapport.customers.merging.MergeSnapshots;
import io.rapport.customers.merging.MergeTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Snapshots of contact merges (see {@link MergeSnapshots}). */
@Repository
class MergeRepository extends MergeSnapshots {

    MergeRepository(JdbcClient jdbc) {
        super(jdbc, MergeTables.CONTACTS);
    }
}
