package io.rapport.customers.accounts;

import io.rapport.customers.listing.KeyFields;
import io.rapport.customers.listing.KeyFields.KeyField;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A company or organisation we deal with. */
public record Account(long id, String name, String domain, String industry, String size, String tier, Long ownerId,
                      String ownerName, Long teamId, Long parentId, String parentName, List<String> tags,
                      Map<String, Object> customFields, long contactCount, Instant createdAt, Instant updatedAt, int version) {

    public static final List<String> SIZES = List.of("1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+");
    public static final List<String> TIERS = List.of("STANDARD", "SILVER", "GOLD", "PLATINUM");

    /** Domain, industry, size, tier and owner make up the completeness score (and the stored column). */
    static final KeyFields<Account> KEY_FIELDS = new KeyFields<>("a.completeness", List.of(
            new KeyField<>("domain", "a.domain is null", a -> a.domain() != null),
            new KeyField<>("industry", "a.industry is null", a -> a.industry() != null),
            new KeyField<>("size", "a.size is null", a -> a.size() != null),
            new KeyField<>("tier", "a.tier is null", a -> a.tier() != null),
            new KeyField<>("owner", "a.owner_id is null", a -> a.ownerId() != null)));

    /** The key fields (as named in the API) that are empty; they make up {@link #getCompleteness()}. */
    public List<String> getMissing() {
        return KEY_FIELDS.missing(this);
    }

    /** Percentage of the five key fields that are filled (the same formula as the database column). */
    public int getCompleteness() {
        return KEY_FIELDS.percent(this);
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("domain", domain);
        m.put("industry", industry);
        m.put("size", size);
        m.put("tier", tier);
        m.put("ownerId", ownerId);
        m.put("parentId", parentId);
        m.put("tags", tags);
        customFields.forEach((k, v) -> m.put("customFields." + k, v));
        return m;
    }
}
