package io.rapport.customers.imports;

/** What an import does with a row that matches an existing record. */
public enum DuplicatePolicy {
    /** leave the existing record alone; the row counts as skipped */
    SKIP,
    /** fill the existing record with the row's non-empty values */
    UPDATE,
    /** create a new record anyway */
    CREATE
}
