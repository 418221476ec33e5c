package io.rapport.customers.merging;

/**
 * Where merges of one kind of record live: the records' table, the merge snapshots, the ledger of moved rows, and
 * the SQL expression (over {@code merged_row}) that names the merged-away record.
 */
public record MergeTables(String records, String merges, String moves, String mergedName) {

    public static final MergeTables CONTACTS = new MergeTables("contacts", "contact_merges", "contact_merge_moves",
            "trim((merged_row ->> 'first_name') || ' ' || (merged_row ->> 'last_name'))");
    public static final MergeTables ACCOUNTS = new MergeTables("accounts", "account_merges", "account_merge_moves",
            "merged_row ->> 'name'");
}
