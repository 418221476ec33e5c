package io.rapport.service;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class QaReviewTest {

    @LocalServerPort
    int port;
    @Autowired
    TicketIntake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;
    Api api;
    ApiFixtures fx;
    ServiceFixtures sf;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        sf = new ServiceFixtures(api, fx, intake, jdbc, events, tx);
    }

    List<Long> activeCriteria() {
        List<Long> ids = new ArrayList<>();
        for (JsonNode c : api.get("/api/v1/qa-criteria", fx.admin()).json()) if (c.get("active").asBoolean()) ids.add(c.get("id").asLong());
        return ids;
    }

    String body(int score) {
        StringBuilder b = new StringBuilder("{\"comment\":\"Solid work\",\"scores\":[");
        List<Long> ids = activeCriteria();
        for (int i = 0; i < ids.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"criterionId\":").append(ids.get(i)).append(",\"score\":").append(i == 0 ? score : 4)
                    .append(",\"comment\":\"c").append(i).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void aManagerReviewsASolvedTicketAndTheAgentSeesIt() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        ApiFixtures.User manager = fx.user("MANAGER", null);
        long ticket = sf.ticket("QUESTION", NewTicket.Channel.API, null, agent.id(), null);
        String path = "/api/v1/tickets/" + ticket + "/reviews";
        assertProblem(api.post(path, manager.token(), body(5)), 409);
        sf.status(ticket, "SOLVED", agent.id());

        Api.Response created = api.post(path, manager.token(), body(2));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        int n = activeCriteria().size();
        double expected = Math.round((2 + 4.0 * (n - 1)) / n * 100) / 100.0;
        assertThat(created.json().get("score").asDouble()).isEqualTo(expected);
        assertThat(created.json().get("agentId").asLong()).isEqualTo(agent.id());
        assertThat(created.json().get("scores").size()).isEqualTo(n);

        JsonNode list = api.get(path, agent.token()).json();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("comment").asString()).isEqualTo("Solid work");
        JsonNode mine = api.get("/api/v1/service/my-reviews", agent.token()).json();
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).get("ticketId").asLong()).isEqualTo(ticket);

        PageSession page = PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/my-reviews").body()).contains("Solid work");
        var card = page.get("/tickets/" + ticket + "/qa");
        assertThat(card.body()).contains("Solid work").doesNotContain("Review this ticket");
        PageSession mgr = PageSession.signIn(api.base(), manager.email(), ApiFixtures.PASSWORD);
        assertThat(mgr.get("/tickets/" + ticket + "/qa").body()).contains("Review this ticket");
        Map<String, String> form = new HashMap<>();
        for (Long id : activeCriteria()) form.put("score_" + id, "5");
        form.put("comment", "Second look");
        assertThat(mgr.post("/tickets/" + ticket + "/qa", form).body()).contains("Second look").contains("5.00 / 5");
        form.put("score_" + activeCriteria().getFirst(), "");
        assertThat(mgr.post("/tickets/" + ticket + "/qa", form).body()).contains("must be 1 to 5");
    }

    @Test
    void badReviewsAre400() {
        ApiFixtures.User admin = fx.user("ADMIN", null);
        long ticket = sf.ticket("QUESTION", NewTicket.Channel.API, null, null, null);
        sf.status(ticket, "SOLVED", null);
        String path = "/api/v1/tickets/" + ticket + "/reviews";
        long first = activeCriteria().getFirst();
        assertInvalid(api.post(path, admin.token(), "{}"), "scores");
        assertInvalid(api.post(path, admin.token(), "{\"scores\":[{\"criterionId\":" + first + ",\"score\":6}]}"), "scores[0].score");
        assertInvalid(api.post(path, admin.token(), "{\"scores\":[{\"criterionId\":99999999,\"score\":3}]}"), "scores[0].criterionId");
        assertInvalid(api.post(path, admin.token(), "{\"scores\":[{\"criterionId\":" + first + ",\"score\":3}]}"), "scores");
        assertInvalid(api.post(path, admin.token(), "{\"scores\":\"all fives\"}"), "scores");
        assertThat(jdbc.sql("select count(*) from qa_reviews where ticket_id = :t").param("t", ticket).query(Long.class).single()).isZero();
    }

    @Test
    void rolesOnReviewsAndCriteria() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long ticket = sf.ticket("QUESTION", NewTicket.Channel.API, sf.contact(Api.unique("q") + "@example.com", seller.id()), null, null);
        sf.status(ticket, "SOLVED", null);
        String path = "/api/v1/tickets/" + ticket + "/reviews";
        for (String role : new String[] {"AGENT", "READ_ONLY", "SALES"}) {
            ApiFixtures.User u = role.equals("SALES") ? seller : fx.user(role, null);
            assertProblem(api.post(path, u.token(), body(3)), 403);
            assertThat(api.get(path, u.token()).status()).as(role).isEqualTo(200);
        }
        assertProblem(api.get(path, fx.user("SALES", null).token()), 404);
        assertProblem(api.get(path, fx.user("MARKETING", null).token()), 403);
        assertProblem(api.post(path, fx.user("MARKETING", null).token(), body(3)), 403);
        assertThat(api.post(path, fx.admin(), body(3)).status()).isEqualTo(201);

        assertProblem(api.post("/api/v1/qa-criteria", fx.user("MANAGER", null).token(), "{\"name\":\"Speed\"}"), 403);
        assertProblem(api.get("/api/v1/qa-criteria", fx.user("MARKETING", null).token()), 403);
        assertInvalid(api.post("/api/v1/qa-criteria", fx.admin(), "{\"name\":\"Empathy\"}"), "name");
        assertInvalid(api.post("/api/v1/qa-criteria", fx.admin(), "{\"name\":\"X\",\"weight\":0}"), "weight");
        assertInvalid(api.post("/api/v1/qa-criteria", fx.admin(), "{}"), "name");
        Api.Response added = api.post("/api/v1/qa-criteria", fx.admin(), "{\"name\":\"" + Api.unique("Clarity") + "\",\"weight\":2}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        long id = added.json().get("id").asLong();
        try {
            assertThat(activeCriteria()).contains(id);
        } finally {
            Api.Response off = api.patch("/api/v1/qa-criteria/" + id, fx.admin(), "{\"active\":false}");
            assertThat(off.status()).as(off.body()).isEqualTo(200);
        }
        assertThat(activeCriteria()).doesNotContain(id);
        assertProblem(api.patch("/api/v1/qa-criteria/99999999", fx.admin(), "{\"weight\":2}"), 404);
        PageSession admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(admin.get("/admin/qa-criteria").body()).contains("Empathy");
        assertThat(admin.get("/admin/surveys").body()).contains("Survey on solve");
    }
}
