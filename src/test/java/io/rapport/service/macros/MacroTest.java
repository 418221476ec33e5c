package io.rapport.service.macros;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.service.DeskFixtures;
import io.rapport.service.TicketIntake;
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

/** Macros and response guidelines over real HTTP and PostgreSQL. */
@IntegrationTest
class MacroTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TicketIntake intake;
    @Autowired
    Macros macros;
    Api api;
    ApiFixtures fx;
    DeskFixtures desk;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        desk = new DeskFixtures(fx, intake, jdbc);
    }

    private JsonNode create(String token, String json) {
        Api.Response r = api.post("/api/v1/macros", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void placeholdersAreFilledFromTheTicketWithValuesHtmlEscaped() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        DeskFixtures.Customer c = desk.customer("<b>Ann</b>", null);
        long ticket = desk.ticket(c, "Where is my parcel?", "It has not arrived");
        long macro = create(agent.token(), """
                {"name":"Parcel","body":"Hi {{contact.first_name}} {{ contact.last_name }}, about {{ticket.subject}} ({{ticket.number}}) — {{agent.name}} at {{account.name}}, {{contact.email}}"}""")
                .get("id").asLong();
        Api.Response r = api.post("/api/v1/tickets/" + ticket + "/macros/" + macro + "/preview", agent.token(), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String number = desk.field(ticket, "number");
        assertThat(r.json().get("text").asString())
                .startsWith("Hi &lt;b&gt;Ann&lt;/b&gt; Tester, about Where is my parcel? (#" + number + ") — Test AGENT at Acme-")
                .endsWith(c.email());
        assertThat(r.json().get("plainText").asString()).startsWith("Hi <b>Ann</b> Tester");

        assertProblem(api.post("/api/v1/tickets/99999999/macros/" + macro + "/preview", agent.token(), null), 404);
        assertProblem(api.post("/api/v1/tickets/" + ticket + "/macros/99999999/preview", agent.token(), null), 404);
    }

    @Test
    void anUnknownPlaceholderIsRejectedNamingIt() {
        Api.Response r = api.post("/api/v1/macros", fx.admin(), "{\"name\":\"Bad\",\"body\":\"Hi {{contact.shoe_size}} and {{ticket.number}}\"}");
        JsonNode p = assertInvalid(r, "body");
        assertThat(p.get("detail").asString()).contains("{{contact.shoe_size}}").doesNotContain("{{ticket.number}} ");
        assertInvalid(api.post("/api/v1/macros", fx.admin(), "{\"name\":\"\",\"body\":\"x\"}"), "name");
        assertInvalid(api.post("/api/v1/macros", fx.admin(), "{\"name\":\"x\",\"body\":\"x\",\"changes\":{\"status\":\"DONE\"}}"), "changes.status");
        assertInvalid(api.post("/api/v1/macros", fx.admin(), "{\"name\":\"x\",\"body\":\"x\",\"changes\":{\"assigneeId\":99999999}}"), "changes.assigneeId");
        assertInvalid(api.post("/api/v1/macros", fx.admin(), "{\"name\":\"x\",\"body\":\"x\",\"colour\":\"red\"}"), "colour");
        // and the same on update
        long id = create(fx.admin(), "{\"name\":\"Ok\",\"body\":\"Hi\"}").get("id").asLong();
        assertInvalid(api.patch("/api/v1/macros/" + id, fx.admin(), "{\"body\":\"{{nope}}\",\"version\":0}"), "body");
    }

    @Test
    void applyingAMacroSetsFieldsWithHistoryAndVersion() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        long team = fx.team();
        long ticket = desk.ticket(desk.customer("Bo", null), "Refund please", "I want my money back");
        long macro = create(fx.admin(), """
                {"name":"Refund","body":"Refund on its way","shared":true,
                 "changes":{"status":"PENDING","priority":"HIGH","type":"COMPLAINT","addTags":["refund","billing"],"teamId":%d,"assigneeId":%d}}"""
                .formatted(team, agent.id())).get("id").asLong();
        int version = Integer.parseInt(desk.field(ticket, "version"));
        Api.Response r = api.post("/api/v1/tickets/" + ticket + "/macros/" + macro + "/apply", agent.token(), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(desk.field(ticket, "status")).isEqualTo("PENDING");
        assertThat(desk.field(ticket, "priority")).isEqualTo("HIGH");
        assertThat(desk.field(ticket, "type")).isEqualTo("COMPLAINT");
        assertThat(desk.field(ticket, "tags")).isEqualTo("{billing,refund}");
        assertThat(desk.field(ticket, "team_id")).isEqualTo(String.valueOf(team));
        assertThat(desk.field(ticket, "assignee_id")).isEqualTo(String.valueOf(agent.id()));
        assertThat(Integer.parseInt(desk.field(ticket, "version"))).isEqualTo(version + 1);
        assertThat(jdbc.sql("select count(*) from ticket_status_history where ticket_id = :t and from_status = 'NEW' and to_status = 'PENDING' and changed_by = :u")
                .param("t", ticket).param("u", agent.id()).query(Long.class).single()).isEqualTo(1);
        // the public Java door does the same and a second apply changes nothing
        TicketChanges.Outcome again = macros.apply(ticket, macro, new CurrentUser(agent.id(), agent.email(), "A", Role.AGENT, null));
        assertThat(again.any()).isFalse();
    }

    @Test
    void rolesSharedForManagersPersonalForAgentsNothingForSalesAndMarketing() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        ApiFixtures.User other = fx.user("AGENT", null);
        ApiFixtures.User manager = fx.user("MANAGER", null);
        ApiFixtures.User readOnly = fx.user("READ_ONLY", null);
        long ticket = desk.ticket(desk.customer("Cy", null), "Hello", "Hi");
        assertProblem(api.post("/api/v1/macros", agent.token(), "{\"name\":\"x\",\"body\":\"y\",\"shared\":true}"), 403);
        long personal = create(agent.token(), "{\"name\":\"Mine\",\"body\":\"y\"}").get("id").asLong();
        long shared = create(manager.token(), "{\"name\":\"Ours\",\"body\":\"z\",\"shared\":true}").get("id").asLong();

        assertThat(ApiFixtures.ids(api.get("/api/v1/macros", agent.token()))).contains(personal, shared);
        assertThat(ApiFixtures.ids(api.get("/api/v1/macros", other.token()))).contains(shared).doesNotContain(personal);
        assertProblem(api.get("/api/v1/macros/" + personal, other.token()), 404);
        assertProblem(api.patch("/api/v1/macros/" + personal, other.token(), "{\"name\":\"x\",\"version\":0}"), 404);
        assertProblem(api.delete("/api/v1/macros/" + personal, other.token()), 404);
        assertProblem(api.post("/api/v1/tickets/" + ticket + "/macros/" + personal + "/preview", other.token(), null), 404);
        assertProblem(api.patch("/api/v1/macros/" + shared, agent.token(), "{\"name\":\"x\",\"version\":0}"), 403);
        assertProblem(api.delete("/api/v1/macros/" + shared, agent.token()), 403);
        assertThat(api.patch("/api/v1/macros/" + personal, agent.token(), "{\"name\":\"Mine 2\",\"version\":0}").status()).isEqualTo(200);
        assertProblem(api.patch("/api/v1/macros/" + personal, agent.token(), "{\"name\":\"Mine 3\",\"version\":0}"), 409);
        assertProblem(api.patch("/api/v1/macros/" + personal, agent.token(), "{\"name\":\"Mine 3\"}"), 428);

        assertThat(api.get("/api/v1/macros", readOnly.token()).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/tickets/" + ticket + "/macros/" + shared + "/preview", readOnly.token(), null).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/macros", readOnly.token(), "{\"name\":\"x\",\"body\":\"y\"}"), 403);
        assertProblem(api.post("/api/v1/tickets/" + ticket + "/macros/" + shared + "/apply", readOnly.token(), null), 403);
        for (String role : new String[] {"SALES", "MARKETING"}) {
            String token = fx.user(role, null).token();
            assertProblem(api.get("/api/v1/macros", token), 403);
            assertProblem(api.post("/api/v1/macros", token, "{\"name\":\"x\",\"body\":\"y\"}"), 403);
            assertProblem(api.post("/api/v1/tickets/" + ticket + "/macros/" + shared + "/preview", token, null), 403);
            assertProblem(api.get("/api/v1/response-guidelines", token), 403);
        }
        assertThat(api.delete("/api/v1/macros/" + shared, manager.token()).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/macros/" + personal, agent.token()).status()).isEqualTo(204);
    }

    @Test
    void guidelinesPerTypeAreShownBesideTheEditor() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        String text = "Complaint: acknowledge, apologise <sincerely>, say what happens next. " + Api.unique("g");
        Api.Response put = api.send("PUT", "/api/v1/response-guidelines/COMPLAINT", fx.admin(), "{\"body\":\"" + text + "\"}", Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertProblem(api.send("PUT", "/api/v1/response-guidelines/COMPLAINT", agent.token(), "{\"body\":\"x\"}", Map.of()), 403);
        assertInvalid(api.send("PUT", "/api/v1/response-guidelines/GRUMBLE", fx.admin(), "{\"body\":\"x\"}", Map.of()), "type");
        assertThat(api.get("/api/v1/response-guidelines", agent.token()).body()).contains(Api.JSON.writeValueAsString(text));

        long ticket = desk.ticket(desk.customer("Di", null), "Broken", "It broke");
        jdbc.sql("update tickets set type = 'COMPLAINT' where id = :id").param("id", ticket).update();
        PageSession page = PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD);
        String fragment = page.get("/tickets/" + ticket + "/guidelines").body();
        assertThat(fragment).contains("apologise &lt;sincerely&gt;");
        jdbc.sql("update tickets set type = 'REQUEST' where id = :id").param("id", ticket).update();
        api.send("PUT", "/api/v1/response-guidelines/REQUEST", fx.admin(), "{\"body\":\"\"}", Map.of());
        assertThat(page.get("/tickets/" + ticket + "/guidelines").body()).contains("No guideline for this ticket type");
    }

    @Test
    void pagesListMacrosAndThePickerFillsTheReplyBox() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        long ticket = desk.ticket(desk.customer("Ed", null), "Login fails", "Cannot sign in");
        PageSession page = PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD);
        assertThat(page.post("/macros", Map.of("name", "Bad one", "body", "{{contact.nickname}}")).body())
                .contains("unknown placeholder {{contact.nickname}}");
        assertThat(page.post("/macros", Map.of("name", "Reset", "body", "Hi {{contact.first_name}}, reset your password", "addTags", "login"))
                .statusCode()).isIn(200, 302, 303);
        assertThat(page.get("/macros").body()).contains("Reset").contains("personal");
        long resetId = macros.visible(new CurrentUser(agent.id(), agent.email(), "A", Role.AGENT, null)).stream()
                .filter(m -> m.name().equals("Reset")).findFirst().orElseThrow().id();
        assertThat(page.get("/macros/" + resetId).body()).contains("Edit macro").contains("value=\"login\"");
        assertThat(page.post("/macros/" + resetId, Map.of("version", "0", "name", "Reset", "body", "{{oops}}")).body())
                .contains("unknown placeholder {{oops}}");
        assertThat(page.post("/macros/" + resetId, Map.of("version", "0", "name", "Reset", "body", "Hi {{contact.first_name}}, reset your password",
                "addTags", "login")).statusCode()).isEqualTo(302);
        assertThat(page.post("/macros/" + resetId, Map.of("version", "0", "name", "Reset", "body", "stale")).body()).contains("version");
        String picker = page.get("/tickets/" + ticket + "/macros").body();
        assertThat(picker).contains("data-text=\"Hi Ed, reset your password\"").contains(">Reset</button>");
        long macroId = macros.visible(new CurrentUser(agent.id(), agent.email(), "A", Role.AGENT, null)).stream()
                .filter(m -> m.name().equals("Reset")).findFirst().orElseThrow().id();
        assertThat(page.post("/tickets/" + ticket + "/macros/" + macroId + "/apply", Map.of(), Map.of("HX-Request", "true")).body())
                .contains("Macro fields applied.");
        assertThat(desk.field(ticket, "tags")).isEqualTo("{login}");
        ApiFixtures.User marketing = fx.user("MARKETING", null);
        assertThat(PageSession.signIn(api.base(), marketing.email(), ApiFixtures.PASSWORD).get("/tickets/" + ticket + "/macros").statusCode())
                .isEqualTo(403);
        ApiFixtures.User readOnly = fx.user("READ_ONLY", null);
        PageSession reader = PageSession.signIn(api.base(), readOnly.email(), ApiFixtures.PASSWORD);
        assertThat(reader.get("/macros").body()).doesNotContain("id=\"macro-form\"");
        assertThat(reader.post("/macros", Map.of("name", "x", "body", "y")).statusCode()).isEqualTo(403);
    }
}
