package io.rapport.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Pipelines, deals and products for the deal tests, each made fresh so tests never share data. */
final class DealFixtures {

    /** A pipeline with its stage ids in order: Lead 10%, Offer 50%, Commit 80%, Won, Lost. */
    record TestPipeline(long id, List<Long> stages) {
        long lead() { return stages.get(0); }
        long offer() { return stages.get(1); }
        long commit() { return stages.get(2); }
        long won() { return stages.get(3); }
        long lost() { return stages.get(4); }
    }

    private final Api api;
    private final String admin;

    DealFixtures(Api api, String admin) {
        this.api = api;
        this.admin = admin;
    }

    TestPipeline pipeline() {
        String body = Api.JSON.writeValueAsString(Map.of("name", Api.unique("pipe"), "stages", List.of(
                Map.of("name", "Lead", "probability", 10), Map.of("name", "Offer", "probability", 50),
                Map.of("name", "Commit", "probability", 80), Map.of("name", "Won", "probability", 100, "outcome", "WON"),
                Map.of("name", "Lost", "probability", 0, "outcome", "LOST"))));
        Api.Response r = api.post("/api/v1/pipelines", admin, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        List<Long> stages = new ArrayList<>();
        r.json().get("stages").forEach(s -> stages.add(s.get("id").asLong()));
        return new TestPipeline(r.json().get("id").asLong(), stages);
    }

    JsonNode deal(String token, String json) {
        Api.Response r = api.post("/api/v1/deals", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode deal(String token, TestPipeline p, String name, String amount, Long ownerId) {
        return deal(token, "{\"name\":\"" + name + "\",\"pipelineId\":" + p.id() + ",\"amount\":" + amount
                + ",\"currency\":\"EUR\"" + (ownerId == null ? "" : ",\"ownerId\":" + ownerId) + "}");
    }

    Api.Response move(String token, long dealId, long stageId, int version, String lostReason) {
        return api.post("/api/v1/deals/" + dealId + "/stage", token, "{\"stageId\":" + stageId + ",\"version\":" + version
                + (lostReason == null ? "" : ",\"lostReason\":\"" + lostReason + "\"") + "}");
    }

    static long product(JdbcClient jdbc, String price) {
        long id = jdbc.sql("insert into products (sku, name) values (:sku, 'Test product') returning id")
                .param("sku", Api.unique("SKU")).query(Long.class).single();
        if (price != null) {
            jdbc.sql("insert into product_prices (product_id, currency, unit_price) values (:id, 'EUR', cast(:p as numeric))")
                    .param("id", id).param("p", price).update();
        }
        return id;
    }
}
