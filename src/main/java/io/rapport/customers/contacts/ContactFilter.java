package io.rapport.customers.contacts;

import java.util.Map;

/** What a contact list asks for: filters (any field, custom ones as {@code cf.<key>}), sort and page position. */
public record ContactFilter(String q, String owner, String stage, String tag, String account, String updatedSince,
                            String source, String channel, String country, Boolean emailConsent,
                            Map<String, String> custom, String sort, String cursor, int limit, More more) {

    /**
     * The less common filters: job title (contains), city, language, e-mail domain, creation date range, and data
     * quality — key fields missing (comma-separated: email, phone, jobTitle, account, owner, country) and
     * completeness below a percentage.
     */
    public record More(String jobTitle, String city, String language, String emailDomain, String createdSince,
                       String createdBefore, String missing, Integer completenessBelow) {
        public static final More NONE = new More(null, null, null, null, null, null, null, null);
    }

    public ContactFilter(String q, String owner, String stage, String tag, String account, String updatedSince, String source,
                         String channel, String country, Boolean emailConsent, Map<String, String> custom, String sort,
                         String cursor, int limit) {
        this(q, owner, stage, tag, account, updatedSince, source, channel, country, emailConsent, custom, sort, cursor, limit,
                More.NONE);
    }
}
