package io.rapport.service.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The agent's pages, the public support form and collision warnings, through real HTTP with sessions. */
@IntegrationTest
class TicketPagesTest {

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

    private PageSession as(ApiFixtures.User u) {
        return PageSession.signIn(api.base(), u.email(), ApiFixtures.PASSWORD);
    }

    @Test
    void queueTicketPageReplyNoteAndEscaping() {
        long team = fx.team();
        var agent = fx.user("AGENT", team);
        long id = tf.ticket(fx.admin(), "{\"subject\":\"<script>alert(1)</script>\",\"body\":\"<b>bold?</b>\",\"requesterEmail\":\""
                + Api.unique("p") + "@example.com\",\"teamId\":" + team + "}").get("id").asLong();
        PageSession s = as(agent);
        var list = s.get("/tickets?view=unassigned&team=" + team);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("ticket-list").contains("&lt;script&gt;").doesNotContain("<script>alert(1)");
        var page = s.get("/tickets/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;b&gt;bold?&lt;/b&gt;").contains("reply-form").contains("requester-card")
                // the cards of the other service parts load into the page: SLA clocks, sentiment, survey, macros,
                // guidelines, automation log — and each answers the agent
                .contains("/tickets/" + id + "/sla").contains("/tickets/" + id + "/sentiment").contains("/tickets/" + id + "/survey")
                .contains("/tickets/" + id + "/macros").contains("/tickets/" + id + "/guidelines")
                .contains("/tickets/" + id + "/automation-log");
        for (String card : java.util.List.of("sla", "sentiment", "survey", "macros?target=%23reply-body", "guidelines", "automation-log")) {
            assertThat(s.get("/tickets/" + id + "/" + card).statusCode()).as(card).isEqualTo(200);
        }
        var reply = s.post("/tickets/" + id + "/reply", Map.of("kind", "PUBLIC", "body", "Hello there", "status", ""));
        assertThat(reply.statusCode()).isEqualTo(302);
        s.post("/tickets/" + id + "/reply", Map.of("kind", "NOTE", "body", "internal only", "status", ""));
        var after = s.get("/tickets/" + id);
        assertThat(after.body()).contains("Hello there").contains("msg note").contains("Internal note");
        assertThat(tf.get(id).get("status").asString()).isEqualTo("OPEN");
        var save = s.post("/tickets/" + id, Map.of("status", "PENDING", "priority", "HIGH", "type", "INCIDENT", "assigneeId", String.valueOf(agent.id()),
                "teamId", String.valueOf(team), "tags", "a, b", "version", String.valueOf(tf.get(id).get("version").asInt())));
        assertThat(save.statusCode()).isEqualTo(302);
        assertThat(tf.get(id).get("priority").asString()).isEqualTo("HIGH");
        assertThat(s.get("/tickets?view=mine").body()).contains("/tickets/" + id);
    }

    @Test
    void bulkFromTheQueue() {
        long team = fx.team();
        var agent = fx.user("AGENT", team);
        long a = tf.ticket("\"teamId\":" + team + ",").get("id").asLong();
        long b = tf.ticket("\"teamId\":" + team + ",").get("id").asLong();
        PageSession s = as(agent);
        s.get("/tickets?view=team");
        String body = "ids=" + a + "&ids=" + b + "&action=assign&value-assign=" + agent.id();
        var r = s.post("/tickets/bulk?" + body, Map.of());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(tf.get(a).get("assigneeId").asLong()).isEqualTo(agent.id());
        assertThat(tf.get(b).get("assigneeId").asLong()).isEqualTo(agent.id());
    }

    @Test
    void phoneCallIsLoggedWithTheAgentAsAuthor() {
        long team = fx.team();
        var agent = fx.user("AGENT", team);
        PageSession s = as(agent);
        assertThat(s.get("/tickets/new").body()).contains("ticket-new-form");
        String email = Api.unique("caller") + "@example.com";
        var bad = s.post("/tickets/new", Map.of("subject", "", "body", "", "requesterEmail", email));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("subject");
        var r = s.post("/tickets/new", Map.of("subject", "Called about invoice", "body", "Customer says invoice is wrong",
                "requesterName", "Carl Caller", "requesterEmail", email, "teamId", String.valueOf(team), "assigneeId", "me", "priority", "NORMAL", "type", "QUESTION"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        long id = Long.parseLong(r.headers().firstValue("Location").orElseThrow().replaceAll(".*/tickets/(\\d+).*", "$1"));
        var t = tf.get(id);
        assertThat(t.get("channel").asString()).isEqualTo("PHONE");
        assertThat(t.get("assigneeId").asLong()).isEqualTo(agent.id());
        assertThat(api.get("/api/v1/tickets/" + id + "/messages", fx.admin()).json().get("items").get(0).get("authorUserId").asLong()).isEqualTo(agent.id());
        assertThat(s.get("/tickets/requesters?requesterQuery=" + ApiFixtures.enc(email)).body()).contains("Carl Caller");
    }

    @Test
    void collisionWarningShowsTheOtherAgent() {
        long team = fx.team();
        var one = fx.user("AGENT", team);
        var two = fx.user("MANAGER", team);
        long id = tf.ticket("\"teamId\":" + team + ",").get("id").asLong();
        PageSession a = as(one);
        PageSession b = as(two);
        a.get("/tickets/" + id);
        assertThat(b.get("/tickets/" + id).body()).contains("Test AGENT").contains("is also viewing");
        b.get("/tickets/" + id);
        var beat = a.post("/tickets/" + id + "/presence", Map.of("replying", "true"), Map.of("HX-Request", "true"));
        assertThat(beat.body()).contains("Test MANAGER");
        var beatB = b.post("/tickets/" + id + "/presence", Map.of("replying", "false"), Map.of("HX-Request", "true"));
        assertThat(beatB.body()).contains("Test AGENT").contains("is also replying");
        // a heartbeat older than 30 s is ignored
        jdbc.sql("update ticket_presence set seen_at = now() - interval '31 seconds' where ticket_id = :t").param("t", id).update();
        assertThat(b.post("/tickets/" + id + "/presence", Map.of(), Map.of("HX-Request", "true")).body()).doesNotContain("Test AGENT");
    }

    @Test
    void marketingHasNoTicketPagesAndCardsStayQuiet() {
        var marketing = fx.user("MARKETING", null);
        long id = tf.ticket("").get("id").asLong();
        PageSession s = as(marketing);
        assertThat(s.get("/tickets").statusCode()).isEqualTo(403);
        assertThat(s.get("/tickets/" + id).statusCode()).isEqualTo(403);
        long contact = tf.get(id).get("requesterId").asLong();
        assertThat(s.get("/contacts/" + contact + "/tickets").body()).doesNotContain("#");
        var readOnly = fx.user("READ_ONLY", null);
        PageSession r = as(readOnly);
        assertThat(r.get("/tickets/" + id).body()).doesNotContain("id=\"reply-form\"");
        assertThat(r.post("/tickets/" + id + "/reply", Map.of("body", "x")).statusCode()).isEqualTo(403);
    }

    @Test
    void ticketsCardOnContactAndAccount() {
        var account = fx.account(Api.unique("Co"), "t", null);
        long contact = fx.contact(fx.admin(), "{\"lastName\":\"Card\",\"accountId\":" + account.get("id").asLong() + "}").get("id").asLong();
        tf.ticket(fx.admin(), "{\"subject\":\"Card ticket\",\"body\":\"x\",\"requesterId\":" + contact + "}");
        var admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(admin.get("/contacts/" + contact).body()).contains("/contacts/" + contact + "/tickets");
        assertThat(admin.get("/contacts/" + contact + "/tickets").body()).contains("Card ticket").contains("1 open");
        assertThat(admin.get("/accounts/" + account.get("id").asLong() + "/tickets").body()).contains("Card ticket");
    }

    @Test
    void publicSupportFormCreatesAWebTicketWithHoneypotAndRateLimit() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        jdbc.sql("delete from support_form_posts").update();  // this test's own window (all test posts come from 127.0.0.1)
        String email = Api.unique("web") + "@example.com";
        String address = "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        assertThat(send(http, "GET", null, address).statusCode()).isEqualTo(200);
        var invalid = send(http, "POST", "name=&email=nope&subject=&message=", address);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("not an e-mail address");
        var ok = send(http, "POST", "name=Wendy+Web&email=" + ApiFixtures.enc(email) + "&subject=Broken&message=It+broke", address);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("Thank you");
        var t = api.get("/api/v1/tickets?view=all&q=Broken&channel=WEB&limit=100", fx.admin()).json().get("items");
        long contact = jdbc.sql("select id from contacts where :e = any(emails)").param("e", email).query(Long.class).single();
        assertThat(t.findValues("requesterId").stream().anyMatch(n -> n.asLong() == contact)).isTrue();
        var bot = send(http, "POST", "name=Bot&email=bot%40x.io&subject=spam&message=spam&contact_me_by_fax=1", address);
        assertThat(bot.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from contacts where 'bot@x.io' = any(emails)").query(Long.class).single()).isZero();
        int status = 200;
        for (int i = 0; i < 6 && status != 429; i++) status = send(http, "POST", "name=A&email=a%40x.io&subject=s&message=m", address).statusCode();
        assertThat(status).isEqualTo(429);
    }

    private HttpResponse<String> send(HttpClient http, String method, String form, String address) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/support")).header("X-Forwarded-For", address);
        if (form == null) b.GET();
        else b.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
