package io.rapport.sales;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/deals/{id}/stage: moves with history and status, bad targets, lost reasons, versions and races. */
@IntegrationTest
class DealStageTest {

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
    void movingWritesHistoryStatusAndATouchpointOnThePrimaryContact() {
        var p = deals.pipeline();
        long contact = fx.contact(Api.unique("Primary"), "deals", null).get("id").asLong();
        long id = deals.deal(fx.admin(), "{\"name\":\"Mover\",\"pipelineId\":" + p.id() + ",\"currency\":\"EUR\",\"amount\":5,"
                + "\"contactIds\":[" + contact + "]}").get("id").asLong();

        Api.Response offer = deals.move(fx.admin(), id, p.offer(), 0, null);
        assertThat(offer.status()).as(offer.body()).isEqualTo(200);
        assertThat(offer.headers().firstValue("ETag")).contains("\"1\"");
        Api.Response won = api.send("POST", "/api/v1/deals/" + id + "/stage", fx.admin(), "{\"stageId\":" + p.won() + "}",
                Map.of("If-Match", "\"1\""));
        assertThat(won.status()).as(won.body()).isEqualTo(200);
        assertThat(won.json().get("status").asString()).isEqualTo("WON");
        assertThat(won.json().get("closedAt").isNull()).isFalse();

        Api.Response lost = deals.move(fx.admin(), id, p.lost(), 2, "Budget cut");
        assertThat(lost.json().get("status").asString()).isEqualTo("LOST");
        assertThat(lost.json().get("lostReason").asString()).isEqualTo("Budget cut");
        Api.Response reopened = deals.move(fx.admin(), id, p.lead(), 3, null);
        assertThat(reopened.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.json().get("closedAt").isNull()).isTrue();
        assertThat(reopened.json().get("lostReason").isNull()).isTrue();

        JsonNode history = api.get("/api/v1/deals/" + id + "/history", fx.admin()).json().get("items");
        List<Long> stages = new ArrayList<>();
        history.forEach(h -> stages.add(h.get("toStageId").asLong()));
        assertThat(stages).containsExactly(p.lead(), p.offer(), p.won(), p.lost(), p.lead());
        assertThat(history.get(4).get("current").asBoolean()).isTrue();
        assertThat(history.get(0).get("secondsInStage").asLong()).isGreaterThanOrEqualTo(0);

        assertThat(jdbc.sql("select count(*) from activities where contact_id = :c and source = 'deal-stage'")
                .param("c", contact).query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'DEAL' and entity_id = :id and action = 'STAGE'")
                .param("id", id).query(Long.class).single()).isEqualTo(4);
    }

    @Test
    void aStageOfAnotherPipelineAMissingLostReasonAndStaleVersionsAreRefusedWithoutChangingAnything() {
        var p = deals.pipeline();
        var other = deals.pipeline();
        long id = deals.deal(fx.admin(), p, "Refused", "5", null).get("id").asLong();

        JsonNode problem = assertInvalid(deals.move(fx.admin(), id, other.offer(), 0, null), "stageId");
        assertThat(problem.get("detail").asString()).contains(String.valueOf(other.offer()));
        assertInvalid(deals.move(fx.admin(), id, 987654321L, 0, null), "stageId");
        assertInvalid(deals.move(fx.admin(), id, p.lost(), 0, null), "lostReason");
        assertInvalid(deals.move(fx.admin(), id, p.lost(), 0, " "), "lostReason");
        assertInvalid(api.post("/api/v1/deals/" + id + "/stage", fx.admin(), "{\"version\":0}"), "stageId");
        assertInvalid(api.post("/api/v1/deals/" + id + "/stage", fx.admin(), "{\"stageId\":\"two\",\"version\":0}"), "stageId");
        assertInvalid(api.post("/api/v1/deals/" + id + "/stage", fx.admin(), "{\"stageId\":" + p.offer() + ",\"color\":1,\"version\":0}"), "color");
        assertProblem(api.post("/api/v1/deals/" + id + "/stage", fx.admin(), "{\"stageId\":" + p.offer() + "}"), 428);
        assertProblem(deals.move(fx.admin(), id, p.offer(), 7, null), 409);
        assertProblem(api.send("POST", "/api/v1/deals/" + id + "/stage", fx.admin(), "{\"stageId\":" + p.offer() + "}",
                Map.of("If-Match", "\"7\"")), 412);
        assertProblem(deals.move(fx.admin(), 987654321L, p.offer(), 0, null), 404);

        JsonNode unchanged = api.get("/api/v1/deals/" + id, fx.admin()).json();
        assertThat(unchanged.get("stageId").asLong()).isEqualTo(p.lead());
        assertThat(unchanged.get("version").asInt()).isZero();
        assertThat(jdbc.sql("select count(*) from deal_stage_history where deal_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void ofTwoConcurrentMovesFromOneVersionOneWinsAndTheOtherGets409() throws Exception {
        var p = deals.pipeline();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                long id = deals.deal(fx.admin(), p, "Race " + round, "5", null).get("id").asLong();
                CountDownLatch start = new CountDownLatch(1);
                var first = CompletableFuture.supplyAsync(() -> await(start, () -> deals.move(fx.admin(), id, p.offer(), 0, null)), pool);
                var second = CompletableFuture.supplyAsync(() -> await(start, () -> deals.move(fx.admin(), id, p.commit(), 0, null)), pool);
                start.countDown();
                List<Integer> statuses = List.of(first.get().status(), second.get().status());
                assertThat(statuses).as("round " + round + ": " + first.get().body() + " / " + second.get().body())
                        .containsExactlyInAnyOrder(200, 409);
                Api.Response loser = first.get().status() == 409 ? first.get() : second.get();
                assertProblem(loser, 409);
                Api.Response winner = first.get().status() == 200 ? first.get() : second.get();
                JsonNode stored = api.get("/api/v1/deals/" + id, fx.admin()).json();
                assertThat(stored.get("stageId").asLong()).isEqualTo(winner.json().get("stageId").asLong());
                assertThat(stored.get("version").asInt()).isEqualTo(1);
                assertThat(jdbc.sql("select count(*) from deal_stage_history where deal_id = :id").param("id", id)
                        .query(Long.class).single()).as("one move recorded").isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Api.Response await(CountDownLatch start, java.util.function.Supplier<Api.Response> call) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return call.get();
    }
}
