package io.rapport.customers.search;

/** One match of the global search: what it is, how to show it and where to open it. */
public record SearchHit(String type, long id, String title, String subtitle, String url, double score) {}
