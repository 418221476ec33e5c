package io.rapport.commerce.products;

import io.rapport.platform.web.JsonFields;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** A product being created or changed: read from JSON (or a form), checked field by field. */
final class ProductDraft {

    static final Set<String> FIELDS = Set.of("sku", "name", "family", "tier", "description", "active", "prices", "version");

    String sku;
    String name;
    String family;
    Integer tier;
    String description;
    boolean active = true;
    Map<String, BigDecimal> prices = new TreeMap<>();

    static ProductDraft of(Product p) {
        ProductDraft d = new ProductDraft();
        d.sku = p.sku();
        d.name = p.name();
        d.family = p.family();
        d.tier = p.tier();
        d.description = p.description();
        d.active = p.active();
        d.prices = new TreeMap<>(p.prices());
        return d;
    }

    /** Applies the fields present in {@code in} (all required ones when {@code creating}). */
    void apply(JsonFields in, boolean creating) {
        if (creating || in.has("sku")) {
            sku = in.text("sku", 64);
            if (sku == null && !in.errors().stream().anyMatch(e -> e.field().equals("sku"))) in.error("sku", "required");
        }
        if (creating || in.has("name")) {
            name = in.text("name", 300);
            if (name == null && !in.errors().stream().anyMatch(e -> e.field().equals("name"))) in.error("name", "required");
        }
        if (in.has("family")) family = in.text("family", 100);
        if (in.has("tier")) {
            tier = in.integer("tier");
            if (tier != null && (tier < 1 || tier > 100)) {
                in.error("tier", "between 1 (entry) and 100");
                tier = null;
            }
        }
        if (in.has("description")) description = in.text("description", 4000);
        if (in.has("active")) {
            Boolean a = in.bool("active");
            active = a == null || a;
        }
        if (in.has("prices")) prices = prices(in);
        if (tier != null && family == null) in.error("tier", "a tier needs a family: it ranks the products of one family");
    }

    /** {"EUR": 12.50, "USD": "14.00"}; the currency is checked against ISO 4217. */
    private static Map<String, BigDecimal> prices(JsonFields in) {
        Map<String, BigDecimal> prices = new TreeMap<>();
        JsonNode node = in.node("prices");
        if (node == null || node.isNull()) return prices;
        if (!node.isObject()) {
            in.error("prices", "expected an object of currency code to unit price, e.g. {\"EUR\": 12.50}");
            return prices;
        }
        for (String raw : node.propertyNames()) {
            String currency = Money.currency(raw);
            if (currency == null) {
                in.error("prices." + raw, "unknown currency '" + raw + "'; use an ISO 4217 code such as EUR or USD");
                continue;
            }
            BigDecimal price = Money.read(node.get(raw), "prices." + raw, in);
            if (price != null) prices.put(currency, price);
            else if (node.get(raw).isNull()) in.error("prices." + raw, "expected an amount; leave the currency out to remove its price");
        }
        return prices;
    }
}
