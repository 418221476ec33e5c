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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every lead endpoint for every role: SALES and AGENT see their own and their team's leads (others are 404), READ_ONLY only reads. */
@IntegrationTest
class LeadPermissionTest {

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    LeadFixtures leads;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        leads = new LeadFixtures(api, admin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"})
    void everyEndpointForRole(String role) {
        long team = fx.team();
        ApiFixtures.User me = fx.user(role, team);
        ApiFixtures.User mate = fx.user("SALES", team);
        ApiFixtures.User stranger = fx.user("SALES", fx.team());
        String campaign = Api.unique("perm");
        long matesLead = leads.lead(admin, Map.of("lastName", "Mates", "ownerId", mate.id(), "campaign", campaign)).get("id").asLong();
        long strangersLead = leads.lead(admin, Map.of("lastName", "Strangers", "ownerId", stranger.id(), "campaign", campaign)).get("id").asLong();
        boolean ownBook = role.equals("SALES") || role.equals("AGENT");
        boolean writer = !role.equals("READ_ONLY");
        String t = me.token();

        // list: own book only for SALES/AGENT
        List<Long> listed = fx.allIds("/api/v1/leads?campaign=" + campaign, t);
        if (ownBook) assertThat(listed).containsExactly(matesLead);
        else assertThat(listed).containsExactlyInAnyOrder(matesLead, strangersLead);

        // a stranger's lead: invisible (404 everywhere) to SALES/AGENT, readable by the others
        String s = "/api/v1/leads/" + strangersLead;
        if (ownBook) {
            assertProblem(api.get(s, t), 404);
            assertProblem(api.patch(s, t, "{\"status\":\"WORKING\",\"version\":0}"), 404);
            assertProblem(api.delete(s, t), 404);
            assertProblem(api.post(s + "/events", t, "{\"type\":\"page_visit\"}"), 404);
            assertProblem(api.get(s + "/events", t), 404);
            assertProblem(api.get(s + "/needs-assessment", t), 404);
            assertProblem(api.send("PUT", s + "/needs-assessment", t, "{\"pains\":\"x\"}", Map.of()), 404);
            assertProblem(api.get(s + "/convert", t), 404);
            assertProblem(api.post(s + "/convert", t, "{}"), 404);
        } else {
            assertThat(api.get(s, t).status()).isEqualTo(200);
            assertThat(api.get(s + "/events", t).status()).isEqualTo(200);
            assertThat(api.get(s + "/needs-assessment", t).status()).isEqualTo(200);
            assertThat(api.get(s + "/convert", t).status()).isEqualTo(200);
        }

        // a team-mate's lead: every role reads it; writers change it
        String m = "/api/v1/leads/" + matesLead;
        assertThat(api.get(m, t).status()).isEqualTo(200);
        if (writer) {
            assertThat(api.patch(m, t, "{\"status\":\"WORKING\",\"version\":0}").status()).isEqualTo(200);
            assertThat(api.post(m + "/events", t, "{\"type\":\"email_open\"}").status()).isEqualTo(201);
            assertThat(api.send("PUT", m + "/needs-assessment", t, "{\"pains\":\"x\"}", Map.of()).status()).isEqualTo(200);
            Api.Response created = api.post("/api/v1/leads", t, "{\"lastName\":\"Own\",\"campaign\":\"" + campaign + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long own = created.json().get("id").asLong();
            if (ownBook) {
                // without a rule their new lead stays theirs, so they can see it
                assertThat(created.json().get("ownerId").asLong()).isEqualTo(me.id());
                assertInvalid(api.post("/api/v1/leads", t, "{\"lastName\":\"Gift\",\"ownerId\":" + stranger.id() + "}"), "ownerId");
            }
            Api.Response converted = api.post("/api/v1/leads/" + own + "/convert", t, "{}");
            assertThat(converted.status()).as(converted.body()).isEqualTo(200);
            assertThat(api.delete(m, t).status()).isEqualTo(204);
        } else {
            assertProblem(api.post("/api/v1/leads", t, "{\"lastName\":\"Nope\"}"), 403);
            assertProblem(api.patch(m, t, "{\"status\":\"WORKING\",\"version\":0}"), 403);
            assertProblem(api.delete(m, t), 403);
            assertProblem(api.post(m + "/events", t, "{\"type\":\"email_open\"}"), 403);
            assertProblem(api.send("PUT", m + "/needs-assessment", t, "{\"pains\":\"x\"}", Map.of()), 403);
            assertProblem(api.post(m + "/convert", t, "{}"), 403);
            assertThat(api.get(m, admin).json().get("status").asString()).isEqualTo("NEW");
        }

        // admin-only configuration
        int expected = role.equals("ADMIN") ? 200 : 403;
        assertThat(api.get("/api/v1/web-forms", t).status()).isEqualTo(expected);
        assertThat(api.get("/api/v1/lead-scoring-rules", t).status()).isEqualTo(expected);
        assertThat(api.get("/api/v1/lead-assignment-rules", t).status()).isEqualTo(expected);
        // no token at all
        assertProblem(api.get("/api/v1/leads", null), 401);
    }
}
