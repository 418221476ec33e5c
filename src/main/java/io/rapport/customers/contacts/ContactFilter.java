package io.rapport.customers.contacts;

import java.util.Map;

/** What a contact list asks for: filters (any field, custom ones as {@code cf.<key>}), sort and page position. */
public record ContactFilter(String q, String owner, String stage, String tag, String account, String updatedSince,
                            String source, String channel, String country, Boolean emailConsent,
                            Map<String, String> custom, String sort, String cursor, int limit) {}
