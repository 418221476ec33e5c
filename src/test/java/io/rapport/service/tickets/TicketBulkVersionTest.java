package io.rapport.service.tickets;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Bulk changes carry the versions the agent loaded: a ticket changed since is reported (409), the others change. */
@IntegrationTest
class TicketBulkVersionTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    TicketFixtures tf;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        tf = new TicketFixtures(api, fx);
    }

    @Test
    void aTicketChangedSinceTheListWasLoadedIsAConflictTheRestIsApplied() {
        JsonNode a = tf.ticket("");
        JsonNode b = tf.ticket("");
        JsonNode c = tf.ticket("");
        // someone else raises b to URGENT after the agent loaded the list
        Api.Response other = api.patch("/api/v1/tickets/" + b.get("id").asLong(), fx.admin(), "{\"priority\":\"URGENT\",\"version\":"
                + b.get("version").asInt() + "}");
        assertThat(other.status()).isEqualTo(200);
        Api.Response r = api.post("/api/v1/tickets/bulk", fx.admin(), "{\"action\":\"priority\",\"value\":\"LOW\",\"tickets\":["
                + pair(a) + "," + pair(b) + "," + pair(c) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("changed").asInt()).isEqualTo(2);
        assertThat(problem.get("conflicts")).hasSize(1);
        assertThat(problem.get("conflicts").get(0).get("id").asLong()).isEqualTo(b.get("id").asLong());
        assertThat(problem.get("conflicts").get(0).get("expected").asInt()).isEqualTo(b.get("version").asInt());
        assertThat(problem.get("conflicts").get(0).get("actual").asInt()).isEqualTo(other.json().get("version").asInt());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("tickets." + b.get("id").asLong() + ".version");
        assertThat(tf.get(a.get("id").asLong()).get("priority").asString()).isEqualTo("LOW");
        assertThat(tf.get(c.get("id").asLong()).get("priority").asString()).isEqualTo("LOW");
        assertThat(tf.get(b.get("id").asLong()).get("priority").asString()).as("not overwritten").isEqualTo("URGENT");

        // fresh versions: all change, 200
        Api.Response ok = api.post("/api/v1/tickets/bulk", fx.admin(), "{\"action\":\"tag\",\"value\":\"bulk\",\"tickets\":["
                + pair(tf.get(a.get("id").asLong())) + "," + pair(tf.get(b.get("id").asLong())) + "]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("changed").asInt()).isEqualTo(2);
        assertThat(ok.json().get("conflicts")).isEmpty();

        // bad input names the field and changes nothing
        assertInvalid(api.post("/api/v1/tickets/bulk", fx.admin(), "{\"action\":\"priority\",\"value\":\"LOW\",\"tickets\":[{\"id\":"
                + a.get("id").asLong() + "}]}"), "tickets[0].version");
        assertInvalid(api.post("/api/v1/tickets/bulk", fx.admin(), "{\"action\":\"priority\",\"value\":\"HIGH\",\"tickets\":["
                + pair(tf.get(a.get("id").asLong())) + ",{\"id\":999999999,\"version\":0}]}"), "ids");
        assertThat(tf.get(a.get("id").asLong()).get("priority").asString()).as("all or nothing on bad input").isEqualTo("LOW");
    }

    @Test
    void theQueuePageSendsTheLoadedVersionsAndSaysWhichTicketsWereLeftAlone() {
        JsonNode a = tf.ticket("");
        JsonNode b = tf.ticket("");
        api.patch("/api/v1/tickets/" + b.get("id").asLong(), fx.admin(), "{\"priority\":\"URGENT\",\"version\":" + b.get("version").asInt() + "}");
        PageSession s = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(s.get("/tickets?view=all").body()).contains("name=\"version-" + a.get("id").asLong() + "\"");
        String body = "ids=" + a.get("id").asLong() + "&ids=" + b.get("id").asLong() + "&version-" + a.get("id").asLong() + "="
                + a.get("version").asInt() + "&version-" + b.get("id").asLong() + "=" + b.get("version").asInt()
                + "&action=priority&value-priority=LOW";
        var r = s.post("/tickets/bulk?" + body, Map.of());
        assertThat(r.statusCode()).isEqualTo(302);
        String after = s.get(r.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body();
        assertThat(after).contains("1 ticket updated.").contains("#" + b.get("number").asLong());
        assertThat(tf.get(a.get("id").asLong()).get("priority").asString()).isEqualTo("LOW");
        assertThat(tf.get(b.get("id").asLong()).get("priority").asString()).isEqualTo("URGENT");
    }

    private static String pair(JsonNode t) {
        return "{\"id\":" + t.get("id").asLong() + ",\"version\":" + t.get("version").asInt() + "}";
    }
}
