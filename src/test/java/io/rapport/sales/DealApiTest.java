package io.rapport.sales;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Deals through the API: create/read/update/delete, validation, versions, visibility and every role. */
@IntegrationTest
class DealApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    DealFixtures deals;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        deals = new DealFixtures(api, fx.admin());
    }

    @Test
    void createsReadsUpdatesAndDeletesADealWithAccountContactsAndLineItems() {
        var p = deals.pipeline();
        long account = fx.account(Api.unique("Acme"), "deals", null).get("id").asLong();
        long contact = fx.contact(Api.unique("Buyer"), "deals", null).get("id").asLong();
        long product = DealFixtures.product(jdbc, "120.00");
        JsonNode d = deals.deal(fx.admin(), """
                {"name":"Big deal","pipelineId":%d,"currency":"eur","closeDate":"2027-03-31","accountId":%d,
                 "contactIds":[%d],"lines":[{"productId":%d,"quantity":3,"discount":10},{"productId":%d,"unitPrice":"50.5"}]}"""
                .formatted(p.id(), account, contact, product, product));
        assertThat(d.get("amount").decimalValue()).isEqualByComparingTo("374.50");  // 3 × 120 − 10% + 50.50
        assertThat(d.get("currency").asString()).isEqualTo("EUR");
        assertThat(d.get("stageId").asLong()).isEqualTo(p.lead());
        assertThat(d.get("status").asString()).isEqualTo("OPEN");
        assertThat(d.get("lines")).hasSize(2);
        assertThat(d.get("contactIds").get(0).asLong()).isEqualTo(contact);
        long id = d.get("id").asLong();

        Api.Response get = api.get("/api/v1/deals/" + id, fx.admin());
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers().firstValue("ETag")).contains("\"0\"");
        assertThat(get.json().get("accountName").asString()).startsWith("Acme");

        Api.Response patched = api.patch("/api/v1/deals/" + id, fx.admin(), "{\"amount\":1000,\"version\":0,\"lines\":[]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("amount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(patched.json().get("lines")).isEmpty();
        assertThat(patched.json().get("version").asInt()).isEqualTo(1);

        List<Long> listed = ApiFixtures.ids(api.get("/api/v1/deals?pipeline=" + p.id(), fx.admin()));
        assertThat(listed).containsExactly(id);
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'DEAL' and entity_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(2);

        assertThat(api.delete("/api/v1/deals/" + id, fx.admin()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/deals/" + id, fx.admin()), 404);
    }

    @Test
    void rejectsNegativeAmountsUnknownCurrenciesUnknownProductsAndStagesOfAnotherPipeline() {
        var p = deals.pipeline();
        var other = deals.pipeline();
        long before = jdbc.sql("select count(*) from deals").query(Long.class).single();
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"amount\":-1,\"currency\":\"EUR\"}"), "amount");
        JsonNode p1 = assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"amount\":1,\"currency\":\"XYZ\"}"), "currency");
        assertThat(p1.get("detail").asString()).contains("XYZ");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"amount\":1,\"currency\":\"euro\"}"), "currency");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"amount\":1}"), "currency");
        JsonNode p2 = assertInvalid(api.post("/api/v1/deals", fx.admin(),
                "{\"name\":\"x\",\"currency\":\"EUR\",\"lines\":[{\"productId\":987654321,\"quantity\":1,\"unitPrice\":5}]}"),
                "lines[0].productId");
        assertThat(p2.get("detail").asString()).contains("987654321");
        long product = DealFixtures.product(jdbc, null);
        assertInvalid(api.post("/api/v1/deals", fx.admin(),
                "{\"name\":\"x\",\"currency\":\"EUR\",\"lines\":[{\"productId\":" + product + ",\"unitPrice\":-3}]}"), "lines[0].unitPrice");
        assertInvalid(api.post("/api/v1/deals", fx.admin(),
                "{\"name\":\"x\",\"currency\":\"EUR\",\"lines\":[{\"productId\":" + product + "}]}"), "lines[0].unitPrice");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"currency\":\"EUR\",\"pipelineId\":" + p.id()
                + ",\"stageId\":" + other.offer() + "}"), "stageId");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"currency\":\"EUR\",\"pipelineId\":" + p.id()
                + ",\"stageId\":" + p.lost() + "}"), "lostReason");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"\",\"currency\":\"EUR\",\"bogus\":1}"), "name", "bogus");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"currency\":\"EUR\",\"closeDate\":\"31/12/2026\"}"), "closeDate");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"currency\":\"EUR\",\"accountId\":987654321}"), "accountId");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"currency\":\"EUR\",\"contactIds\":[987654321]}"), "contactIds[0]");
        assertInvalid(api.post("/api/v1/deals", fx.admin(), "{\"name\":\"x\",\"currency\":\"EUR\",\"amount\":1.234}"), "amount");
        assertProblem(api.post("/api/v1/deals", fx.admin(), "[1,2]"), 400);
        assertThat(jdbc.sql("select count(*) from deals").query(Long.class).single()).as("nothing half-written").isEqualTo(before);

        long id = deals.deal(fx.admin(), p, "Fine", "10", null).get("id").asLong();
        assertInvalid(api.patch("/api/v1/deals/" + id, fx.admin(), "{\"amount\":-5,\"version\":0}"), "amount");
        assertInvalid(api.patch("/api/v1/deals/" + id, fx.admin(), "{\"currency\":\"ABC\",\"version\":0}"), "currency");
        assertInvalid(api.patch("/api/v1/deals/" + id, fx.admin(), "{\"stageId\":" + p.offer() + ",\"version\":0}"), "stageId");
        assertThat(api.get("/api/v1/deals/" + id, fx.admin()).json().get("version").asInt()).isZero();
    }

    @Test
    void updatesNeedTheCurrentVersion() {
        var p = deals.pipeline();
        long id = deals.deal(fx.admin(), p, "Versioned", "10", null).get("id").asLong();
        assertProblem(api.patch("/api/v1/deals/" + id, fx.admin(), "{\"amount\":20}"), 428);
        assertThat(api.patch("/api/v1/deals/" + id, fx.admin(), "{\"amount\":20,\"version\":0}").status()).isEqualTo(200);
        assertProblem(api.patch("/api/v1/deals/" + id, fx.admin(), "{\"amount\":30,\"version\":0}"), 409);
        assertProblem(api.send("PATCH", "/api/v1/deals/" + id, fx.admin(), "{\"amount\":30}", Map.of("If-Match", "\"0\"")), 412);
        assertThat(api.send("PATCH", "/api/v1/deals/" + id, fx.admin(), "{\"amount\":30}", Map.of("If-Match", "\"1\"")).status())
                .isEqualTo(200);
    }

    @Test
    void salesSeeOwnAndTeamDealsOthersSeeAllAndReadOnlyCannotWrite() {
        var p = deals.pipeline();
        long team = fx.team();
        var seller = fx.user("SALES", team);
        var mate = fx.user("SALES", team);
        var stranger = fx.user("SALES", fx.team());
        long mine = deals.deal(seller.token(), p, "Mine", "100", null).get("id").asLong();
        long mates = deals.deal(mate.token(), p, "Mate's", "100", null).get("id").asLong();
        long strangers = deals.deal(stranger.token(), p, "Stranger's", "100", null).get("id").asLong();

        assertThat(ApiFixtures.ids(api.get("/api/v1/deals?pipeline=" + p.id(), seller.token()))).containsExactlyInAnyOrder(mine, mates);
        assertProblem(api.get("/api/v1/deals/" + strangers, seller.token()), 404);
        assertProblem(api.patch("/api/v1/deals/" + strangers, seller.token(), "{\"amount\":1,\"version\":0}"), 404);
        assertProblem(deals.move(seller.token(), strangers, p.offer(), 0, null), 404);
        assertProblem(api.delete("/api/v1/deals/" + strangers, seller.token()), 404);
        assertInvalid(api.post("/api/v1/deals", seller.token(), "{\"name\":\"x\",\"currency\":\"EUR\",\"ownerId\":"
                + stranger.id() + "}"), "ownerId");

        for (String role : List.of("ADMIN", "MANAGER", "MARKETING", "READ_ONLY")) {
            var u = fx.user(role, null);
            assertThat(ApiFixtures.ids(api.get("/api/v1/deals?pipeline=" + p.id(), u.token())))
                    .as(role).containsExactlyInAnyOrder(mine, mates, strangers);
            assertThat(api.get("/api/v1/deals/" + strangers, u.token()).status()).as(role).isEqualTo(200);
        }
        var agent = fx.user("AGENT", null);
        assertThat(ApiFixtures.ids(api.get("/api/v1/deals?pipeline=" + p.id(), agent.token()))).isEmpty();
        assertProblem(api.get("/api/v1/deals/" + mine, agent.token()), 404);
        assertThat(deals.deal(agent.token(), p, "Agent's", "1", null).get("ownerId").asLong()).isEqualTo(agent.id());

        var readOnly = fx.user("READ_ONLY", null);
        assertProblem(api.post("/api/v1/deals", readOnly.token(), "{\"name\":\"x\",\"currency\":\"EUR\"}"), 403);
        assertProblem(api.patch("/api/v1/deals/" + mine, readOnly.token(), "{\"amount\":1,\"version\":0}"), 403);
        assertProblem(deals.move(readOnly.token(), mine, p.offer(), 0, null), 403);
        assertProblem(api.delete("/api/v1/deals/" + mine, readOnly.token()), 403);
        assertProblem(api.send("PUT", "/api/v1/deals/" + mine + "/needs", readOnly.token(), "{\"pains\":\"x\"}", Map.of()), 403);

        var marketing = fx.user("MARKETING", null);
        assertThat(deals.move(marketing.token(), mine, p.offer(), 0, null).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/deals", null), 401);
    }

    @Test
    void everyDealEndpointForEveryRole() {
        var p = deals.pipeline();
        for (String role : List.of("ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            var u = fx.user(role, null);
            long others = deals.deal(fx.admin(), p, "Admin's " + role, "10", null).get("id").asLong();
            boolean ownBook = role.equals("SALES") || role.equals("AGENT");
            boolean writer = !role.equals("READ_ONLY");
            int read = ownBook ? 404 : 200;
            assertThat(api.get("/api/v1/deals?pipeline=" + p.id(), u.token()).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/deals/" + others, u.token()).status()).as(role).isEqualTo(read);
            assertThat(api.get("/api/v1/deals/" + others + "/history", u.token()).status()).as(role).isEqualTo(read);
            assertThat(api.get("/api/v1/deals/" + others + "/needs", u.token()).status()).as(role).isEqualTo(read);
            assertThat(api.get("/api/v1/deals/export.csv?pipeline=" + p.id(), u.token()).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/forecast", u.token()).status()).as(role).isEqualTo(200);

            Api.Response created = api.post("/api/v1/deals", u.token(), "{\"name\":\"By " + role + "\",\"pipelineId\":" + p.id()
                    + ",\"currency\":\"EUR\"}");
            assertThat(created.status()).as(role + " " + created.body()).isEqualTo(writer ? 201 : 403);
            long target = writer ? created.json().get("id").asLong() : others;
            int write = writer ? 200 : 403;
            assertThat(api.patch("/api/v1/deals/" + target, u.token(), "{\"amount\":5,\"version\":0}").status()).as(role).isEqualTo(write);
            assertThat(deals.move(u.token(), target, p.offer(), writer ? 1 : 0, null).status()).as(role).isEqualTo(write);
            assertThat(api.send("PUT", "/api/v1/deals/" + target + "/needs", u.token(), "{\"goals\":\"g\"}", Map.of()).status())
                    .as(role).isEqualTo(write);
            assertThat(api.delete("/api/v1/deals/" + target, u.token()).status()).as(role).isEqualTo(writer ? 204 : 403);
            if (ownBook) {
                assertThat(api.patch("/api/v1/deals/" + others, u.token(), "{\"amount\":5,\"version\":0}").status()).as(role).isEqualTo(404);
                assertThat(api.delete("/api/v1/deals/" + others, u.token()).status()).as(role).isEqualTo(404);
            }
        }
    }

    @Test
    void needsAssessmentIsReadAndWrittenOnTheDeal() {
        var p = deals.pipeline();
        long id = deals.deal(fx.admin(), p, "Needs", "10", null).get("id").asLong();
        assertThat(api.get("/api/v1/deals/" + id + "/needs", fx.admin()).json().get("pains").isNull()).isTrue();
        Api.Response saved = api.send("PUT", "/api/v1/deals/" + id + "/needs", fx.admin(),
                "{\"pains\":\"Manual reporting\",\"goals\":\"One view\",\"budget\":25000,\"authority\":\"CFO\",\"decisionTimeline\":\"Q2\"}", Map.of());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("budgetCurrency").asString()).isEqualTo("EUR");
        assertThat(api.get("/api/v1/deals/" + id + "/needs", fx.admin()).json().get("authority").asString()).isEqualTo("CFO");
        assertInvalid(api.send("PUT", "/api/v1/deals/" + id + "/needs", fx.admin(), "{\"budget\":-1}", Map.of()), "budget");
        assertInvalid(api.send("PUT", "/api/v1/deals/" + id + "/needs", fx.admin(), "{\"budgetCurrency\":\"QQQ\"}", Map.of()), "budgetCurrency");
    }

    @Test
    void filtersSortsPagesAndExportsTheList() {
        var p = deals.pipeline();
        for (int i = 1; i <= 5; i++) deals.deal(fx.admin(), p, "Filter " + i, String.valueOf(i * 100), null);
        Api.Response big = api.get("/api/v1/deals?pipeline=" + p.id() + "&minAmount=300&sort=-amount", fx.admin());
        assertThat(big.json().get("items")).hasSize(3);
        assertThat(big.json().get("items").get(0).get("name").asString()).isEqualTo("Filter 5");
        assertThat(fx.allIds("/api/v1/deals?pipeline=" + p.id() + "&limit=2&sort=amount", fx.admin())).hasSize(5);
        assertInvalid(api.get("/api/v1/deals?status=MAYBE", fx.admin()), "status");
        assertInvalid(api.get("/api/v1/deals?closeFrom=tomorrow", fx.admin()), "closeFrom");
        assertInvalid(api.get("/api/v1/deals?sort=color", fx.admin()), "sort");

        Api.Response csv = api.get("/api/v1/deals/export.csv?pipeline=" + p.id() + "&sort=amount&columns=name,amount,stage", fx.admin());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().toList()).hasSize(6);
        assertThat(csv.body()).contains("Deal,Amount,Stage").contains("Filter 1,100.00,Lead");
        assertInvalid(api.get("/api/v1/deals/export.csv?columns=nope", fx.admin()), "columns");
    }
}
