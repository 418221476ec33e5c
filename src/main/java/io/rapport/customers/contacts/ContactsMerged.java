package io.rapport.customers.contacts;

/**
 * Contact {@code mergedId} was merged into {@code survivorId}. Published inside the merge's transaction, before the
 * merged-away row is deleted: a module that references contacts re-points its rows to the survivor in a synchronous
 * {@code @EventListener} and lists them with {@link MergeLedger#recordMoved} so an undo can move them back.
 */
public record ContactsMerged(long mergeId, long survivorId, long mergedId) {}
