package io.rapport.commerce.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A product of the catalogue. {@code tier} orders the products of one {@code family} (1 = entry): a product with a
 * higher tier in the same family is an upgrade. {@code prices} maps an ISO 4217 currency code to the unit price.
 */
public record Product(long id, String sku, String name, String family, Integer tier, String description, boolean active,
                      Map<String, BigDecimal> prices, int version, Instant createdAt, Instant updatedAt) {

    /** The fields the audit log compares. */
    Map<String, Object> snapshot() {
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("sku", sku);
        s.put("name", name);
        s.put("family", family);
        s.put("tier", tier);
        s.put("description", description);
        s.put("active", active);
        s.put("prices", prices.toString());
        return s;
    }
}
