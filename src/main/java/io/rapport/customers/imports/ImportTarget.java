package io.rapport.customers.imports;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What can be imported: contacts and accounts here, activities from the activities module. The engine reads
 * the file and maps columns; a target checks each row and writes whole batches.
 */
public interface ImportTarget {

    /** CONTACT, ACCOUNT or ACTIVITY. */
    String entity();

    /** The fields a column can be mapped to (custom fields included), in the order the mapping page offers them. */
    List<ImportField> fields();

    /** Prepares one run of an import (look-up caches live as long as the run). */
    RowWriter open(ImportRun run);

    /** Duplicate policies this target supports. */
    default List<DuplicatePolicy> policies() {
        return List.of(DuplicatePolicy.values());
    }

    /** Settings of a run beyond the column mapping (e.g. "create missing products"), shown under the mapping. */
    default List<ImportOption> options() {
        return List.of();
    }

    /** Problems with a mapping beyond unknown or missing required fields (e.g. "one of these two is needed"). */
    default List<String> mappingProblems(java.util.Set<String> mappedFields) {
        return List.of();
    }

    interface RowWriter {
        /** The row as a line for COPY into the target's staging table, or null if it was rejected (errors on the row). */
        Staged stage(ImportRow row);

        /** Writes a batch of staged rows in the caller's transaction; {@code connection} is that transaction's. */
        Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy) throws SQLException;
    }

    /** A checked row: its COPY line, and the keys that identify a duplicate (e-mails, phones, domain, ...). */
    record Staged(long rowNo, String copyLine, List<String> keys) {}

    record Counts(long created, long updated, long skipped) {}
}
