package io.rapport.sales.leads;

/** What converting a lead would do: reuse these visible records (ids non-null) or create new ones. */
public record ConversionPreview(Long contactId, String contactName, Long accountId, String accountName,
                                String newAccountName, String accountDomain) {}
