package io.rapport.customers.contacts;

import io.rapport.customers.listing.ListParams;
import java.util.Map;
import org.springframework.util.MultiValueMap;

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

    /**
     * The filters and sort of a list request's query parameters, read alike by the API list and the exports (pages pass
     * their form through {@link ListParams#pageForm} first).
     */
    public static ContactFilter of(MultiValueMap<String, String> params, String cursor, int limit) {
        Map<String, String> p = params.toSingleValueMap();
        return new ContactFilter(p.get("q"), p.get("owner"), p.get("stage"), p.get("tag"), p.get("account"),
                p.get("updatedSince"), p.get("source"), p.get("channel"), p.get("country"),
                ListParams.bool(p, "emailConsent"), ListParams.customFilters(params), p.get("sort"),
                cursor, limit, new More(p.get("jobTitle"), p.get("city"), p.get("language"), p.get("emailDomain"),
                        p.get("createdSince"), p.get("createdBefore"), p.get("missing"),
                        ListParams.integer(p, "completenessBelow")));
    }

    public ContactFilter(String q, String owner, String stage, String tag, String account, String updatedSince, String source,
                         String channel, String country, Boolean emailConsent, Map<String, String> custom, String sort,
                         String cursor, int limit) {
        this(q, owner, stage, tag, account, updatedSince, source, channel, country, emailConsent, custom, sort, cursor, limit,
                More.NONE);
    }
}
