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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** /api/v1/pipelines: everyone reads, only admins change; stages keep order; a stage holding deals is not lost. */
@IntegrationTest
class PipelineApiTest {

    @LocalServerPort
    int port;
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
    void everyRoleReadsPipelinesOnlyAdminsChangeThem() {
        var p = deals.pipeline();
        for (String role : List.of("ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            var u = fx.user(role, null);
            Api.Response list = api.get("/api/v1/pipelines", u.token());
            assertThat(list.status()).as(role).isEqualTo(200);
            assertThat(list.body()).contains("\"id\":" + p.id());
            assertThat(api.get("/api/v1/pipelines/" + p.id(), u.token()).json().get("stages")).hasSize(5);
            assertThat(api.get("/api/v1/pipelines/stale-rule", u.token()).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/pipelines/" + p.id() + "/board", u.token()).status()).isEqualTo(200);
            if (role.equals("ADMIN")) continue;
            assertProblem(api.post("/api/v1/pipelines", u.token(), "{\"name\":\"" + Api.unique("x") + "\"}"), 403);
            assertProblem(api.patch("/api/v1/pipelines/" + p.id(), u.token(), "{\"name\":\"y\",\"version\":0}"), 403);
            assertProblem(api.post("/api/v1/pipelines/" + p.id() + "/stages", u.token(), "{\"name\":\"z\",\"probability\":5}"), 403);
            assertProblem(api.patch("/api/v1/pipelines/" + p.id() + "/stages/" + p.lead(), u.token(), "{\"probability\":5}"), 403);
            assertProblem(api.send("PUT", "/api/v1/pipelines/" + p.id() + "/stages/order", u.token(),
                    "{\"stageIds\":" + p.stages() + "}", Map.of()), 403);
            assertProblem(api.delete("/api/v1/pipelines/" + p.id() + "/stages/" + p.commit(), u.token()), 403);
            assertProblem(api.send("PUT", "/api/v1/pipelines/stale-rule", u.token(), "{\"staleDays\":9}", Map.of()), 403);
        }
        assertProblem(api.get("/api/v1/pipelines", null), 401);
    }

    @Test
    void adminsRenameAddReorderAndEditStages() {
        var p = deals.pipeline();
        Api.Response renamed = api.patch("/api/v1/pipelines/" + p.id(), fx.admin(), "{\"name\":\"" + Api.unique("Renamed") + "\",\"staleDays\":14,\"version\":0}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("staleDays").asInt()).isEqualTo(14);
        assertProblem(api.patch("/api/v1/pipelines/" + p.id(), fx.admin(), "{\"name\":\"again\",\"version\":0}"), 409);
        assertProblem(api.patch("/api/v1/pipelines/" + p.id(), fx.admin(), "{\"name\":\"again\"}"), 428);

        Api.Response added = api.post("/api/v1/pipelines/" + p.id() + "/stages", fx.admin(), "{\"name\":\"Demo\",\"probability\":30,\"position\":1}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("stages").get(1).get("name").asString()).isEqualTo("Demo");

        List<Long> ids = new ArrayList<>();
        added.json().get("stages").forEach(s -> ids.add(s.get("id").asLong()));
        List<Long> reversed = new ArrayList<>(ids.reversed());
        Api.Response reordered = api.send("PUT", "/api/v1/pipelines/" + p.id() + "/stages/order", fx.admin(),
                "{\"stageIds\":" + reversed + "}", Map.of());
        assertThat(reordered.status()).as(reordered.body()).isEqualTo(200);
        List<Long> now = new ArrayList<>();
        reordered.json().get("stages").forEach(s -> now.add(s.get("id").asLong()));
        assertThat(now).isEqualTo(reversed);
        assertInvalid(api.send("PUT", "/api/v1/pipelines/" + p.id() + "/stages/order", fx.admin(),
                "{\"stageIds\":[" + ids.get(0) + "]}", Map.of()), "stageIds");

        JsonNode edited = api.patch("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer(), fx.admin(),
                "{\"name\":\"Quote\",\"probability\":60}").json();
        assertThat(edited.toString()).contains("\"Quote\"");
        assertInvalid(api.patch("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer(), fx.admin(), "{\"probability\":101}"), "probability");
        assertInvalid(api.patch("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer(), fx.admin(), "{\"outcome\":\"MAYBE\"}"), "outcome");
        assertInvalid(api.patch("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer(), fx.admin(), "{\"name\":\"Lead\"}"), "name");
        assertProblem(api.patch("/api/v1/pipelines/" + p.id() + "/stages/987654321", fx.admin(), "{\"probability\":5}"), 404);
    }

    @Test
    void creatingRejectsBadStagesAndDuplicateNames() {
        assertInvalid(api.post("/api/v1/pipelines", fx.admin(), "{\"stages\":[]}"), "name");
        assertInvalid(api.post("/api/v1/pipelines", fx.admin(), "{\"name\":\"" + Api.unique("p")
                + "\",\"stages\":[{\"name\":\"A\",\"probability\":-1},{\"probability\":5,\"outcome\":\"SOLD\"}]}"),
                "stages[0].probability", "stages[1].name", "stages[1].outcome");
        String name = Api.unique("Dup");
        assertThat(api.post("/api/v1/pipelines", fx.admin(), "{\"name\":\"" + name + "\"}").status()).isEqualTo(201);
        assertInvalid(api.post("/api/v1/pipelines", fx.admin(), "{\"name\":\"" + name + "\"}"), "name");
        assertInvalid(api.send("PUT", "/api/v1/pipelines/stale-rule", fx.admin(), "{\"staleDays\":0}", Map.of()), "staleDays");
    }

    @Test
    void aStageHoldingDealsIsDeletedOnlyByMovingThemToAStageOfTheSamePipelineAndOutcome() {
        var p = deals.pipeline();
        var other = deals.pipeline();
        long id = deals.deal(fx.admin(), p, "Holder", "5", null).get("id").asLong();
        deals.move(fx.admin(), id, p.offer(), 0, null);

        assertProblem(api.delete("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer(), fx.admin()), 409);
        assertInvalid(api.delete("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer() + "?moveTo=" + other.lead(), fx.admin()), "moveTo");
        assertInvalid(api.delete("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer() + "?moveTo=" + p.won(), fx.admin()), "moveTo");
        assertInvalid(api.patch("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer(), fx.admin(), "{\"outcome\":\"WON\"}"), "outcome");
        assertThat(api.get("/api/v1/deals/" + id, fx.admin()).json().get("stageId").asLong()).isEqualTo(p.offer());

        Api.Response deleted = api.delete("/api/v1/pipelines/" + p.id() + "/stages/" + p.offer() + "?moveTo=" + p.commit(), fx.admin());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("stages")).hasSize(4);
        JsonNode deal = api.get("/api/v1/deals/" + id, fx.admin()).json();
        assertThat(deal.get("stageId").asLong()).isEqualTo(p.commit());
        assertThat(api.get("/api/v1/deals/" + id + "/history", fx.admin()).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/pipelines/" + p.id() + "/stages/" + p.lead(), fx.admin()).status()).isEqualTo(200);
    }

    @Test
    void theBoardCountsSumsAndPagesEachColumn() {
        var p = deals.pipeline();
        for (int i = 1; i <= 5; i++) deals.deal(fx.admin(), p, "Card " + i, String.valueOf(i * 10), null);
        JsonNode board = api.get("/api/v1/pipelines/" + p.id() + "/board?perStage=2", fx.admin()).json();
        JsonNode lead = board.get("columns").get(0);
        assertThat(lead.get("count").asLong()).isEqualTo(5);
        assertThat(lead.get("sums").get("EUR").decimalValue()).isEqualByComparingTo("150");
        assertThat(lead.get("cards")).hasSize(2);
        assertThat(lead.get("cards").get(0).get("name").asString()).isEqualTo("Card 5");
        assertThat(lead.get("after").asString()).isNotBlank();
        assertInvalid(api.get("/api/v1/pipelines/" + p.id() + "/board?perStage=0", fx.admin()), "perStage");
        assertProblem(api.get("/api/v1/pipelines/987654321/board", fx.admin()), 404);
    }
}
