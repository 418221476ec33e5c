package io.rapport.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import tools.jackson.databind.JsonNode;

/** Products and orders for the commerce tests, each with unique SKUs and numbers. */
final class CommerceFixtures {

    private final Api api;
    private final String admin;

    CommerceFixtures(Api api, String admin) {
        this.api = api;
        this.admin = admin;
    }

    /** A product with an EUR price (and a USD one when {@code usd} is not null). */
    JsonNode product(String name, String family, Integer tier, String eur, String usd) {
        String sku = Api.unique("SKU");
        String prices = "\"EUR\":" + eur + (usd == null ? "" : ",\"USD\":" + usd);
        String body = "{\"sku\":\"%s\",\"name\":\"%s\",\"family\":%s,\"tier\":%s,\"prices\":{%s}}".formatted(sku, name,
                family == null ? "null" : "\"" + family + "\"", tier == null ? "null" : tier, prices);
        Api.Response r = api.post("/api/v1/products", admin, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode product(String name) {
        return product(name, null, null, "10.00", null);
    }

    Api.Response order(String token, long contactId, String currency, String lines) {
        return api.post("/api/v1/orders", token, """
                {"number":"%s","contactId":%d,"orderedAt":"2026-03-01T10:00:00Z","status":"PAID","channel":"WEB",
                 "currency":"%s","lines":[%s]}""".formatted(Api.unique("SO"), contactId, currency, lines));
    }

    JsonNode order(long contactId, long productId, int quantity) {
        Api.Response r = order(admin, contactId, "EUR", "{\"productId\":%d,\"quantity\":%d}".formatted(productId, quantity));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }
}
