package io.rapport.customers.accounts;

import io.rapport.customers.listing.ListParams;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * What an account list asks for. Data quality: {@code missing} names key fields that must be empty (comma-separated:
 * domain, industry, size, tier, owner), {@code completenessBelow} a percentage.
 */
public record AccountFilter(String q, String owner, String industry, String tier, String size, String tag, String parent,
                            String updatedSince, Map<String, String> custom, String sort, String cursor, int limit,
                            String missing, Integer completenessBelow) {

    public AccountFilter(String q, String owner, String industry, String tier, String size, String tag, String parent,
                         String updatedSince, Map<String, String> custom, String sort, String cursor, int limit) {
        this(q, owner, industry, tier, size, tag, parent, updatedSince, custom, sort, cursor, limit, null, null);
    }

    /**
     * The filters and sort of a list request's query parameters, read alike by the API list and the exports (pages pass
     * their form through {@link ListParams#pageForm} first).
     */
    public static AccountFilter of(MultiValueMap<String, String> params, String cursor, int limit) {
        Map<String, String> p = params.toSingleValueMap();
        return new AccountFilter(p.get("q"), p.get("owner"), p.get("industry"), p.get("tier"), p.get("size"), p.get("tag"),
                p.get("parent"), p.get("updatedSince"), ListParams.customFilters(params), p.get("sort"), cursor, limit,
                p.get("missing"), ListParams.integer(p, "completenessBelow"));
    }
}
