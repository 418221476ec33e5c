package io.rapport.commerce;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.rapport.platform.audit.AuditLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ProductApiTest {

    @LocalServerPort
    int port;
    @Autowired
    AuditLog audit;
    Api api;
    ApiFixtures fx;
    CommerceFixtures shop;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        shop = new CommerceFixtures(api, admin);
    }

    @Test
    void createsReadsUpdatesWithVersionsAndDeletesAProduct() {
        String sku = Api.unique("RC");
        Api.Response created = api.post("/api/v1/products", admin, """
                {"sku":"%s","name":"Rapport Cloud Pro","family":"Cloud %s","tier":2,"description":"For teams",
                 "prices":{"eur":49,"USD":"55.50"}}""".formatted(sku, sku));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode p = created.json();
        long id = p.get("id").asLong();
        assertThat(p.get("prices").get("EUR").decimalValue()).isEqualByComparingTo("49.00");
        assertThat(p.get("prices").get("USD").decimalValue()).isEqualByComparingTo("55.50");
        assertThat(p.get("active").asBoolean()).isTrue();
        assertThat(created.headers().firstValue("ETag")).contains("\"0\"");

        assertThat(api.get("/api/v1/products/" + id, admin).json().get("sku").asString()).isEqualTo(sku);
        assertThat(ApiFixtures.ids(api.get("/api/v1/products?q=" + sku, admin))).containsExactly(id);

        // no version → 428; stale version → 409; stale If-Match → 412
        assertProblem(api.patch("/api/v1/products/" + id, admin, "{\"name\":\"X\"}"), 428);
        assertProblem(api.patch("/api/v1/products/" + id, admin, "{\"name\":\"X\",\"version\":5}"), 409);
        assertProblem(api.send("PATCH", "/api/v1/products/" + id, admin, "{\"name\":\"X\"}", Map.of("If-Match", "\"7\"")), 412);
        Api.Response updated = api.patch("/api/v1/products/" + id, admin, "{\"name\":\"Rapport Cloud Pro+\",\"prices\":{\"EUR\":59},\"version\":0}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(1);
        assertThat(updated.json().get("prices").has("USD")).isFalse();

        assertThat(audit.find(new AuditLog.Filter("PRODUCT", id, null, null, null, null), null, 10))
                .extracting(AuditLog.Entry::summary).anyMatch(s -> s.startsWith("Created product")).anyMatch(s -> s.startsWith("Updated product"));

        assertThat(api.delete("/api/v1/products/" + id, admin).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/products/" + id, admin), 404);
    }

    @Test
    void duplicateSkuIsAConflictNamingIt() {
        JsonNode p = shop.product("Widget");
        String sku = p.get("sku").asString();
        JsonNode problem = assertProblem(api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"Other\"}".formatted(sku)), 409);
        assertThat(problem.get("detail").asString()).contains(sku);
        JsonNode other = shop.product("Other widget");
        JsonNode onUpdate = assertProblem(api.patch("/api/v1/products/" + other.get("id").asLong(), admin,
                "{\"sku\":\"%s\",\"version\":0}".formatted(sku)), 409);
        assertThat(onUpdate.get("detail").asString()).contains(sku);
    }

    @Test
    void badInputNamesTheField() {
        assertInvalid(api.post("/api/v1/products", admin, "{\"name\":\"No sku\"}"), "sku");
        assertInvalid(api.post("/api/v1/products", admin, "{\"sku\":\"%s\"}".formatted(Api.unique("S"))), "name");
        assertInvalid(api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"x\",\"prices\":{\"XYZ\":1}}".formatted(Api.unique("S"))), "prices.XYZ");
        assertInvalid(api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"x\",\"prices\":{\"EUR\":-1}}".formatted(Api.unique("S"))), "prices.EUR");
        assertInvalid(api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"x\",\"prices\":{\"EUR\":1.234}}".formatted(Api.unique("S"))), "prices.EUR");
        assertInvalid(api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"x\",\"family\":\"F\",\"tier\":0}".formatted(Api.unique("S"))), "tier");
        assertInvalid(api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"x\",\"tier\":2}".formatted(Api.unique("S"))), "tier");
        assertInvalid(api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"x\",\"colour\":\"red\"}".formatted(Api.unique("S"))), "colour");
    }

    @Test
    void upgradesAreHigherTiersOfTheSameFamily() {
        String family = Api.unique("Family");
        long starter = shop.product("Starter", family, 1, "10", "12").get("id").asLong();
        long pro = shop.product("Pro", family, 2, "20", null).get("id").asLong();
        long enterprise = shop.product("Enterprise", family, 3, "30", null).get("id").asLong();
        shop.product("Unrelated", Api.unique("Family"), 2, "5", null);
        JsonNode upgrades = api.get("/api/v1/products/" + starter + "/upgrades", admin).json();
        assertThat(upgrades.findValuesAsString("name")).containsExactly("Pro", "Enterprise");
        assertThat(api.get("/api/v1/products/" + enterprise + "/upgrades", admin).json().size()).isZero();
        assertThat(api.get("/api/v1/products?family=" + ApiFixtures.enc(family), admin).json().get("items").size()).isEqualTo(3);
        assertThat(pro).isPositive();
    }

    @Test
    void everyoneReadsOnlyAdminsAndManagersWrite() {
        long id = shop.product("Readable").get("id").asLong();
        for (String role : new String[] {"ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"}) {
            String token = role.equals("ADMIN") ? admin : api.userToken(admin, role, null);
            assertThat(api.get("/api/v1/products/" + id, token).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/products", token).status()).as(role).isEqualTo(200);
            Api.Response create = api.post("/api/v1/products", token, "{\"sku\":\"%s\",\"name\":\"By %s\"}".formatted(Api.unique("R"), role));
            Api.Response update = api.patch("/api/v1/products/" + id, token, "{\"description\":\"by %s\"}".formatted(role));
            boolean writer = role.equals("ADMIN") || role.equals("MANAGER");
            assertThat(create.status()).as(role + " " + create.body()).isEqualTo(writer ? 201 : 403);
            assertThat(update.status()).as(role + " " + update.body()).isEqualTo(writer ? 428 : 403);
            if (!writer) assertProblem(api.delete("/api/v1/products/" + id, token), 403);
        }
        assertThat(api.get("/api/v1/products/" + id, null).status()).isEqualTo(401);
    }

    @Test
    void aProductOnOrdersCannotBeDeleted() {
        long product = shop.product("Sold").get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Buyer\"}").get("id").asLong();
        shop.order(contact, product, 1);
        JsonNode problem = assertProblem(api.delete("/api/v1/products/" + product, admin), 409);
        assertThat(problem.get("detail").asString()).contains("deactivate");
    }
}
