package io.rapport.customers.accounts;

/**
 * An account merge was undone: account {@code mergedId} exists again. Published inside the undo's transaction;
 * modules move the rows they listed in {@link AccountMergeLedger} for {@code mergeId} back from the survivor.
 */
public record AccountsMergeUndone(long mergeId, long survivorId, long mergedId) {}
