package io.rapport.sales.leads;

/** The records a conversion created or matched. */
public record ConversionResult(long leadId, long contactId, boolean contactMatched, Long accountId, boolean accountMatched,
                               Long dealId) {}
