package io.rapport.customers.contacts;

/**
 * A merge was undone: contact {@code mergedId} exists again. Published inside the undo's transaction; modules move
 * the rows they listed in {@link MergeLedger} for {@code mergeId} back from the survivor.
 */
public record ContactsMergeUndone(long mergeId, long survivorId, long mergedId) {}
