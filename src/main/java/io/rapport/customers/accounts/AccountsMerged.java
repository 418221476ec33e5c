package io.rapport.customers.accounts;

/**
 * Account {@code mergedId} was merged into {@code survivorId}. Published inside the merge's transaction, before the
 * merged-away row is deleted: a module that references accounts re-points its rows to the survivor in a synchronous
 * {@code @EventListener} and lists them with {@link AccountMergeLedger#recordMoved} so an undo can move them back.
 */
public record AccountsMerged(long mergeId, long survivorId, long mergedId) {}
