package io.rapport.service.tickets;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Routing rules on new tickets: round robin, load balance, skills/language; tickets follow contact/account merges. */
@IntegrationTest
class TicketRoutingTest {

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

    /** A rule matching only tickets with a tag unique to this test, so other tests' tickets never hit it. */
    private String rule(long team, String strategy, String tag, String extra) {
        Api.Response r = api.post("/api/v1/ticket-routing/rules", fx.admin(), "{\"name\":\"" + tag + "\",\"position\":-1,\"tag\":\""
                + tag + "\",\"teamId\":" + team + ",\"strategy\":\"" + strategy + "\"" + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return tag;
    }

    @Test
    void roundRobinGivesEachMemberATurn() {
        long team = fx.team();
        var a = fx.user("AGENT", team);
        var b = fx.user("AGENT", team);
        fx.user("MARKETING", team);  // cannot work tickets: never picked
        String tag = rule(team, "ROUND_ROBIN", Api.unique("rr").toLowerCase(), "");
        Set<Long> assignees = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            JsonNode t = tf.ticket("\"tags\":[\"" + tag + "\"],");
            assertThat(t.get("teamId").asLong()).isEqualTo(team);
            assignees.add(t.get("assigneeId").asLong());
        }
        assertThat(assignees).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void loadBalancedPicksTheMemberWithFewestOpenTickets() {
        long team = fx.team();
        var busy = fx.user("AGENT", team);
        var idle = fx.user("AGENT", team);
        tf.ticket("\"assigneeId\":" + busy.id() + ",");
        String tag = rule(team, "LOAD_BALANCED", Api.unique("lb").toLowerCase(), "");
        assertThat(tf.ticket("\"tags\":[\"" + tag + "\"],").get("assigneeId").asLong()).isEqualTo(idle.id());
    }

    @Test
    void skillAndLanguageNarrowTheCandidates() {
        long team = fx.team();
        fx.user("AGENT", team);
        var german = fx.user("AGENT", team);
        var billing = fx.user("AGENT", team);
        assertThat(api.post("/api/v1/ticket-routing/skills", fx.admin(), "{\"userId\":" + german.id() + ",\"kind\":\"LANGUAGE\",\"value\":\"DE\"}").status()).isEqualTo(201);
        assertThat(api.post("/api/v1/ticket-routing/skills", fx.admin(), "{\"userId\":" + billing.id() + ",\"kind\":\"SKILL\",\"value\":\"billing\"}").status()).isEqualTo(201);
        String tag = rule(team, "ROUND_ROBIN", Api.unique("lang").toLowerCase(), "");
        for (int i = 0; i < 3; i++) {
            assertThat(tf.ticket("\"language\":\"de-AT\",\"tags\":[\"" + tag + "\"],").get("assigneeId").asLong()).isEqualTo(german.id());
        }
        String skillTag = rule(team, "LOAD_BALANCED", Api.unique("skill").toLowerCase(), ",\"requiredSkill\":\"billing\"");
        assertThat(tf.ticket("\"tags\":[\"" + skillTag + "\"],").get("assigneeId").asLong()).isEqualTo(billing.id());
        String teamOnly = rule(team, "TEAM_ONLY", Api.unique("queue").toLowerCase(), "");
        JsonNode queued = tf.ticket("\"tags\":[\"" + teamOnly + "\"],");
        assertThat(queued.get("assigneeId").isNull()).isTrue();
        assertThat(queued.get("teamId").asLong()).isEqualTo(team);
        // an explicit assignee is never re-routed
        assertThat(tf.ticket("\"assigneeId\":" + german.id() + ",\"tags\":[\"" + skillTag + "\"],").get("assigneeId").asLong()).isEqualTo(german.id());
    }

    @Test
    void badRulesAndSkillsAreProblems() {
        assertInvalid(api.post("/api/v1/ticket-routing/rules", fx.admin(), "{\"strategy\":\"RANDOM\",\"type\":\"X\"}"), "name", "teamId", "strategy", "type");
        assertInvalid(api.post("/api/v1/ticket-routing/rules", fx.admin(), "{\"name\":\"x\",\"teamId\":999999999}"), "teamId");
        assertInvalid(api.post("/api/v1/ticket-routing/skills", fx.admin(), "{\"kind\":\"HOBBY\"}"), "userId", "kind");
        ApiFixtures.assertProblem(api.delete("/api/v1/ticket-routing/rules/999999999", fx.admin()), 404);
    }

    @Test
    void ticketsFollowMergedContactsAndAccountsAndComeBackOnUndo() {
        JsonNode survivor = fx.contact(Api.unique("Keep"), "merge", null);
        JsonNode merged = fx.contact(Api.unique("Gone"), "merge", null);
        long s = survivor.get("id").asLong();
        long m = merged.get("id").asLong();
        long ticket = tf.ticket(fx.admin(), "{\"subject\":\"x\",\"body\":\"y\",\"requesterId\":" + m + "}").get("id").asLong();
        Api.Response merge = api.post("/api/v1/contacts/" + s + "/merge", fx.admin(),
                "{\"otherId\":" + m + ",\"version\":" + survivor.get("version").asInt() + ",\"otherVersion\":" + merged.get("version").asInt() + "}");
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        assertThat(tf.get(ticket).get("requesterId").asLong()).isEqualTo(s);
        assertThat(api.get("/api/v1/tickets/" + ticket + "/messages", fx.admin()).json().get("items").get(0).get("authorContactId").asLong()).isEqualTo(s);
        api.post("/api/v1/contacts/merges/" + merge.json().get("merge").get("id").asLong() + "/undo", fx.admin(), null);
        assertThat(tf.get(ticket).get("requesterId").asLong()).isEqualTo(m);

        JsonNode keep = fx.account(Api.unique("KeepCo"), "merge", null);
        JsonNode gone = fx.account(Api.unique("GoneCo"), "merge", null);
        long onAccount = tf.ticket(fx.admin(), "{\"subject\":\"x\",\"body\":\"y\",\"requesterId\":" + s + ",\"accountId\":"
                + gone.get("id").asLong() + "}").get("id").asLong();
        Api.Response am = api.post("/api/v1/accounts/" + keep.get("id").asLong() + "/merge", fx.admin(), "{\"otherId\":"
                + gone.get("id").asLong() + ",\"version\":" + keep.get("version").asInt() + ",\"otherVersion\":" + gone.get("version").asInt() + "}");
        assertThat(am.status()).as(am.body()).isEqualTo(200);
        assertThat(tf.get(onAccount).get("accountId").asLong()).isEqualTo(keep.get("id").asLong());
        api.post("/api/v1/accounts/merges/" + am.json().get("merge").get("id").asLong() + "/undo", fx.admin(), null);
        assertThat(tf.get(onAccount).get("accountId").asLong()).isEqualTo(gone.get("id").asLong());
    }

    @Test
    void bulkChangesAllOrNothing() {
        long a = tf.ticket("").get("id").asLong();
        long b = tf.ticket("").get("id").asLong();
        Api.Response ok = api.post("/api/v1/tickets/bulk", fx.admin(), "{\"ids\":[" + a + "," + b + "],\"action\":\"priority\",\"value\":\"HIGH\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(tf.get(a).get("priority").asString()).isEqualTo("HIGH");
        assertThat(api.post("/api/v1/tickets/bulk", fx.admin(), "{\"ids\":[" + a + "],\"action\":\"tag\",\"value\":\"vip\"}").status()).isEqualTo(200);
        assertThat(tf.get(a).get("tags").toString()).contains("vip");
        assertInvalid(api.post("/api/v1/tickets/bulk", fx.admin(), "{\"ids\":[" + a + "," + b + "],\"action\":\"status\",\"value\":\"LATER\"}"), "status");
        assertThat(tf.get(a).get("status").asString()).isEqualTo("NEW");
        assertInvalid(api.post("/api/v1/tickets/bulk", fx.admin(), "{\"ids\":[],\"action\":\"status\",\"value\":\"OPEN\"}"), "ids");
        assertInvalid(api.post("/api/v1/tickets/bulk", fx.admin(), "{\"ids\":[" + a + ",999999999],\"action\":\"status\",\"value\":\"OPEN\"}"), "ids");
        assertThat(tf.get(a).get("status").asString()).as("all or nothing").isEqualTo("NEW");
        var ro = fx.user("READ_ONLY", null);
        ApiFixtures.assertProblem(api.post("/api/v1/tickets/bulk", ro.token(), "{\"ids\":[" + a + "],\"action\":\"status\",\"value\":\"OPEN\"}"), 403);
        List<Long> none = List.of();
        assertThat(none).isEmpty();
    }
}
