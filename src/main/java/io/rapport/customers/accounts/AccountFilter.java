package io.rapport.customers.accounts;

import java.util.Map;

/** What an account list asks for. */
public record AccountFilter(String q, String owner, String industry, String tier, String size, String tag, String parent,
                            String updatedSince, Map<String, String> custom, String sort, String cursor, int limit) {}
