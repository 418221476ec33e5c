package io.rapport.customers.accounts;

import io.rapport.customers.merging.MergeSnapshots;
import io.rapport.customers.merging.MergeTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Snapshots of account merges (see {@link MergeSnapshots}). */
@Repository
class AccountMergeRepository extends MergeSnapshots {

    AccountMergeRepository(JdbcClient jdbc) {
        super(jdbc, MergeTables.ACCOUNTS);
    }
}
