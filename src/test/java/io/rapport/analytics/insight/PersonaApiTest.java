package io.rapport.analytics.insight;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class PersonaApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    InsightFixtures in;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        in = new InsightFixtures(fx, jdbc);
        jdbc.sql("delete from personas").update(); // personas are business-wide; each test starts from none
    }

    /** Six big, frequent buyers and six contacts who bought once, a little, long ago and complained. */
    private List<Long> twoKinds(String tag, Long owner) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long c = in.contact(tag, owner, InsightFixtures.daysAgo(400));
            for (int o = 0; o < 8; o++) in.order(c, InsightFixtures.daysAgo(5 + o * 20 + i), 900 + 10 * i);
            in.answer(c, "NPS", 9 + (i % 2), InsightFixtures.daysAgo(3));
            ids.add(c);
        }
        for (int i = 0; i < 6; i++) {
            long c = in.contact(tag, owner, InsightFixtures.daysAgo(400));
            in.order(c, InsightFixtures.daysAgo(300 + i), 20 + i);
            in.ticket(c, "COMPLAINT", "EMAIL", InsightFixtures.daysAgo(290), null, -0.8);
            in.answer(c, "NPS", 2 + (i % 3), InsightFixtures.daysAgo(280));
            ids.add(c);
        }
        return ids;
    }

    @Test
    void proposalsSeparateTheTwoKindsAndANamedPersonaIsAssignedAndShown() {
        String tag = Api.unique("pers");
        List<Long> ids = twoKinds(tag, null);
        ApiFixtures.User marketer = fx.user("MARKETING", null);
        Api.Response r = api.post("/api/v1/analytics/personas/proposals", marketer.token(), "{\"segment\":\"tag:" + tag + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode run = r.json();
        assertThat(run.get("chosenBy").asString()).isEqualTo("SILHOUETTE");
        assertThat(run.get("k").asInt()).isEqualTo(2);
        assertThat(run.get("contacts").asInt()).isEqualTo(12);
        assertThat(run.get("silhouette").asDouble()).isGreaterThan(0.5);
        JsonNode clusters = run.get("clusters");
        assertThat(clusters.size()).isEqualTo(2);
        assertThat(clusters.get(0).get("size").asInt() + clusters.get(1).get("size").asInt()).isEqualTo(12);
        JsonNode big = clusters.get(0).get("means").get("revenue").asDouble() > clusters.get(1).get("means").get("revenue").asDouble()
                ? clusters.get(0) : clusters.get(1);
        assertThat(big.get("size").asInt()).isEqualTo(6);
        assertThat(big.get("means").get("orders").asDouble()).isEqualTo(8.0);
        assertThat(big.get("zScores").get("revenue").asDouble()).isGreaterThan(0.5);
        assertThat(big.get("label").asString()).isNotBlank();
        assertThat(run.toString()).doesNotContain("NaN");

        Api.Response saved = api.post("/api/v1/analytics/personas", marketer.token(), Api.JSON.writeValueAsString(Map.of(
                "runId", run.get("id").asLong(), "cluster", big.get("cluster").asInt(), "name", "Loyal big spenders " + tag,
                "description", "Buy every few weeks, spend a lot")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        assertThat(saved.json().get("assignment").get("kind").asString()).isEqualTo("PERSONA_ASSIGN");
        assigned(saved);
        long persona = saved.json().get("id").asLong();
        // with one persona every contact is nearest to it; a second persona splits them
        JsonNode mine = api.get("/api/v1/contacts/" + ids.get(0) + "/persona", fx.admin()).json();
        assertThat(mine.get("persona").get("personaId").asLong()).isEqualTo(persona);
        JsonNode small = big == clusters.get(0) ? clusters.get(1) : clusters.get(0);
        Api.Response second = api.post("/api/v1/analytics/personas", fx.admin(), Api.JSON.writeValueAsString(Map.of(
                "runId", run.get("id").asLong(), "cluster", small.get("cluster").asInt(), "name", "Unhappy one-timers " + tag)));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assigned(second);
        long unhappy = second.json().get("id").asLong();
        for (int i = 0; i < 12; i++) {
            JsonNode p = api.get("/api/v1/contacts/" + ids.get(i) + "/persona", fx.admin()).json().get("persona");
            assertThat(p.get("personaId").asLong()).as("contact " + i).isEqualTo(i < 6 ? persona : unhappy);
        }
        List<Long> members = fx.allIds("/api/v1/analytics/personas/" + persona + "/contacts?limit=2", fx.admin());
        assertThat(members).containsAll(ids.subList(0, 6)).doesNotContainAnyElementsOf(ids.subList(6, 12));
        // the persona is a segment for journeys
        assertThat(api.get("/api/v1/analytics/journeys?segment=persona:" + unhappy, fx.admin()).json().get("contacts").asLong())
                .isGreaterThanOrEqualTo(6);

        // a new contact like the big spenders gets that persona on the next proposal run
        long late = in.contact(tag, null, InsightFixtures.daysAgo(100));
        for (int o = 0; o < 8; o++) in.order(late, InsightFixtures.daysAgo(4 + o * 20), 950);
        assertThat(api.get("/api/v1/contacts/" + late + "/persona", fx.admin()).json().get("persona").isNull()).isTrue();
        JsonNode rerun = api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"k\":2,\"segment\":\"tag:" + tag + "\"}").json();
        assertThat(rerun.get("chosenBy").asString()).isEqualTo("USER");
        assertThat(rerun.get("newlyAssigned").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/api/v1/contacts/" + late + "/persona", fx.admin()).json().get("persona").get("personaId").asLong()).isEqualTo(persona);

        // rename with the version; stale version and duplicate names are refused
        Api.Response renamed = api.send("PUT", "/api/v1/analytics/personas/" + persona, fx.admin(),
                "{\"name\":\"Champions " + tag + "\",\"version\":0}", Map.of());
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("version").asInt()).isEqualTo(1);
        assertProblem(api.send("PUT", "/api/v1/analytics/personas/" + persona, fx.admin(), "{\"name\":\"x\",\"version\":0}", Map.of()), 409);
        assertInvalid(api.send("PUT", "/api/v1/analytics/personas/" + persona, fx.admin(),
                "{\"name\":\"unhappy ONE-timers " + tag + "\",\"version\":1}", Map.of()), "name");

        // the contact page's card and the personas page
        PageSession page = PageSession.signIn(api.base(), fx.user("MANAGER", null).email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/contacts/" + ids.get(0) + "/persona").body()).contains("Champions " + tag);
        assertThat(page.get("/contacts/" + ids.get(0)).body()).contains("/contacts/" + ids.get(0) + "/persona");
        String html = page.get("/analytics/personas").body();
        assertThat(html).contains("Champions " + tag).contains("Proposed clusters").doesNotContain("NaN");

        // deleting a persona moves its contacts to the remaining one
        Api.Response deleted = api.delete("/api/v1/analytics/personas/" + persona, fx.admin());
        assertThat(deleted.status()).isEqualTo(202);
        assigned(deleted);
        assertThat(api.get("/api/v1/contacts/" + ids.get(0) + "/persona", fx.admin()).json().get("persona").get("personaId").asLong())
                .isEqualTo(unhappy);
    }

    /** Waits for the background assignment job of a save or delete response. */
    private void assigned(Api.Response r) {
        JsonNode job = r.json().has("assignment") ? r.json().get("assignment") : r.json();
        long id = job.get("id").asLong();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                api.get("/api/v1/analytics/jobs/" + id, fx.admin()).json().get("status").asString().matches("DONE|FAILED"));
        assertThat(api.get("/api/v1/analytics/jobs/" + id, fx.admin()).json().get("status").asString()).isEqualTo("DONE");
    }

    @Test
    void badInputIsRefusedAndWritesNothing() {
        String tag = Api.unique("few");
        in.contact(tag, null, InsightFixtures.daysAgo(10));
        in.contact(tag, null, InsightFixtures.daysAgo(20));
        in.contact(tag, null, InsightFixtures.daysAgo(30));
        long runs = jdbc.sql("select count(*) from persona_runs").query(Long.class).single();
        assertInvalid(api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"k\":9}"), "k");
        assertInvalid(api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"k\":1}"), "k");
        assertInvalid(api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"k\":\"many\"}"), "k");
        JsonNode tooMany = assertInvalid(api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"k\":5,\"segment\":\"tag:" + tag + "\"}"), "k");
        assertThat(tooMany.get("detail").asString()).contains("at most 3");
        assertInvalid(api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"segment\":\"tag:" + Api.unique("nobody") + "\"}"), "segment");
        assertInvalid(api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"segment\":\"planet:mars\"}"), "segment");
        assertThat(jdbc.sql("select count(*) from persona_runs").query(Long.class).single()).isEqualTo(runs);

        // three identical contacts (no orders, no tickets): k = 3 still gives clear, finite figures
        JsonNode run = api.post("/api/v1/analytics/personas/proposals", fx.admin(), "{\"k\":3,\"segment\":\"tag:" + tag + "\"}").json();
        assertThat(run.toString()).doesNotContain("NaN").doesNotContain("Infinity");
        long id = run.get("id").asLong();
        assertInvalid(api.post("/api/v1/analytics/personas", fx.admin(), "{\"runId\":" + id + ",\"cluster\":0}"), "name");
        assertInvalid(api.post("/api/v1/analytics/personas", fx.admin(), "{\"runId\":" + id + ",\"cluster\":77,\"name\":\"X\"}"), "cluster");
        assertInvalid(api.post("/api/v1/analytics/personas", fx.admin(), "{\"name\":\"X\"}"), "runId", "cluster");
        assertInvalid(api.post("/api/v1/analytics/personas", fx.admin(), "{\"runId\":" + id + ",\"cluster\":0,\"name\":\"" + "n".repeat(81) + "\"}"), "name");
        assertProblem(api.post("/api/v1/analytics/personas", fx.admin(), "[1]"), 400);
        assertThat(jdbc.sql("select count(*) from personas").query(Long.class).single()).isZero();
        assertProblem(api.get("/api/v1/analytics/personas/99999999", fx.admin()), 404);
    }

    @Test
    void everyRoleGetsWhatItMay() {
        ApiFixtures.User seller = fx.user("SALES", null);
        String tag = Api.unique("role");
        List<Long> ids = twoKinds(tag, null);
        long own = in.contact(tag, seller.id(), InsightFixtures.daysAgo(50));
        for (String role : new String[] {"SALES", "AGENT", "READ_ONLY"}) {
            ApiFixtures.User u = role.equals("SALES") ? seller : fx.user(role, null);
            assertProblem(api.post("/api/v1/analytics/personas/proposals", u.token(), "{\"segment\":\"tag:" + tag + "\"}"), 403);
            assertThat(api.get("/api/v1/analytics/personas", u.token()).status()).isEqualTo(200);
        }
        JsonNode run = api.post("/api/v1/analytics/personas/proposals", fx.user("MANAGER", null).token(), "{\"k\":2,\"segment\":\"tag:" + tag + "\"}").json();
        String body = "{\"runId\":" + run.get("id").asLong() + ",\"cluster\":0,\"name\":\"Role test " + tag + "\"}";
        assertProblem(api.post("/api/v1/analytics/personas", seller.token(), body), 403);
        Api.Response created = api.post("/api/v1/analytics/personas", fx.admin(), body);
        long persona = created.json().get("id").asLong();
        assigned(created);
        // the assignment job is the starter's (and ADMIN's and MANAGER's) to follow
        long job = created.json().get("assignment").get("id").asLong();
        assertThat(api.get("/api/v1/analytics/jobs/" + job, fx.user("MANAGER", null).token()).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/analytics/jobs/" + job, seller.token()), 404);
        assertProblem(api.send("PUT", "/api/v1/analytics/personas/" + persona, fx.user("READ_ONLY", null).token(), "{\"name\":\"x\",\"version\":0}", Map.of()), 403);
        assertProblem(api.delete("/api/v1/analytics/personas/" + persona, seller.token()), 403);
        // a seller sees the persona of their own contacts only; others' contacts are 404 and not listed
        assertThat(api.get("/api/v1/contacts/" + own + "/persona", seller.token()).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/contacts/" + ids.get(0) + "/persona", seller.token()), 404);
        assertThat(fx.allIds("/api/v1/analytics/personas/" + persona + "/contacts", seller.token())).doesNotContainAnyElementsOf(ids);
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/analytics/personas").body()).doesNotContain("Propose clusters");
    }
}
