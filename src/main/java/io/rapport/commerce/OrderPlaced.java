package io.rapport.commerce;

import java.time.Instant;

/**
 * An order was created one at a time (API or UI; imports and the demo data do not publish it), in the transaction
 * that created it. The feedback module sends its after-order survey on it.
 */
public record OrderPlaced(long orderId, Long contactId, Long accountId, Instant orderedAt) {}
