package io.rapport.customers.accounts;

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
