package io.rapport.sales.leads;

/** The list's filters, as the API and the list page take them. */
public record LeadFilter(String q, String status, String owner, String source, String campaign, String country,
                         Integer minScore, String createdSince, String sort, String cursor, int limit) {}
