package io.rapport.service.sla;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.TicketIntake;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Business calendars, SLA policies and escalation rules over HTTP: validation, versions, permissions per role. */
@IntegrationTest
class SlaApiTest {

    private static final List<String> NON_ADMIN = List.of("MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TicketIntake intake;
    Api api;
    ApiFixtures fx;
    SlaFixtures sla;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        sla = new SlaFixtures(api, fx.admin(), jdbc, intake);
    }

    @AfterEach
    void tearDown() {
        sla.dropPolicies();
    }

    private String calendarBody(String name, String zone, String hours, String holidays) {
        return "{\"name\":\"" + name + "\",\"timeZone\":\"" + zone + "\",\"hours\":" + hours
                + (holidays == null ? "" : ",\"holidays\":" + holidays) + "}";
    }

    @Test
    void calendar_round_trip_with_split_days_and_holidays() {
        String name = Api.unique("Office");
        Api.Response r = api.post("/api/v1/business-calendars", fx.admin(), calendarBody(name, "Europe/Berlin",
                "{\"monday\":[[\"13:30\",\"18:00\"],[\"09:00\",\"12:30\"]],\"FRIDAY\":[[\"09:00\",\"16:00\"]]}",
                "[{\"date\":\"2026-12-25\",\"name\":\"Christmas\",\"recurring\":true},{\"date\":\"2026-04-03\"}]"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode c = r.json();
        assertThat(c.get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(c.get("hours").get("MONDAY").toString()).isEqualTo("[[\"09:00\",\"12:30\"],[\"13:30\",\"18:00\"]]");
        assertThat(c.get("hours").get("SUNDAY").size()).isZero();
        assertThat(c.get("holidays").get(1).get("recurring").asBoolean()).isTrue();
        long id = c.get("id").asLong();

        Api.Response noVersion = api.patch("/api/v1/business-calendars/" + id, fx.admin(), "{\"timeZone\":\"Asia/Tokyo\"}");
        assertProblem(noVersion, 428);
        Api.Response stale = api.patch("/api/v1/business-calendars/" + id, fx.admin(), "{\"timeZone\":\"Asia/Tokyo\",\"version\":7}");
        assertProblem(stale, 409);
        Api.Response ok = api.send("PATCH", "/api/v1/business-calendars/" + id, fx.admin(), "{\"timeZone\":\"Asia/Tokyo\"}",
                Map.of("If-Match", "\"0\""));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("timeZone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(ok.json().get("hours").get("FRIDAY").size()).isEqualTo(1);

        // a calendar in use by a policy cannot be deleted
        sla.policy(id, 60, null, null);
        assertProblem(api.delete("/api/v1/business-calendars/" + id, fx.admin()), 409);
        sla.dropPolicies();
        assertThat(api.delete("/api/v1/business-calendars/" + id, fx.admin()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/business-calendars/" + id, fx.admin()), 404);
    }

    @Test
    void bad_calendar_input_names_the_field_and_writes_nothing() {
        String nine = "{\"MONDAY\":[[\"09:00\",\"17:00\"]]}";
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "Mars/Olympus", nine, null)), "timeZone");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "+02:00", nine, null)), "timeZone");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "UTC",
                "{\"MONDAY\":[[\"17:00\",\"09:00\"]]}", null)), "hours.MONDAY[0]");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "UTC",
                "{\"MONDAY\":[[\"25:00\",\"26:00\"]]}", null)), "hours.MONDAY[0]");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "UTC",
                "{\"MONDAY\":[[\"09:00\",\"13:00\"],[\"12:00\",\"18:00\"]]}", null)), "hours.MONDAY");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "UTC",
                "{\"FUNDAY\":[[\"09:00\",\"13:00\"]]}", null)), "hours.FUNDAY");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "UTC", "{}", null)), "hours");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody("x", "UTC", nine,
                "[{\"date\":\"2026-02-30\"}]")), "holidays[0].date");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), "{\"name\":\"x\",\"timeZone\":\"UTC\",\"hours\":"
                + nine + ",\"colour\":\"red\"}"), "colour");
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), "{\"timeZone\":\"UTC\",\"hours\":" + nine + "}"), "name");
        assertProblem(api.post("/api/v1/business-calendars", fx.admin(), "[1]"), 400);
        assertThat(jdbc.sql("select count(*) from business_calendars where name = 'x'").query(Long.class).single()).isZero();
        String taken = Api.unique("Taken");
        assertThat(api.post("/api/v1/business-calendars", fx.admin(), calendarBody(taken, "UTC", nine, null)).status()).isEqualTo(201);
        assertInvalid(api.post("/api/v1/business-calendars", fx.admin(), calendarBody(taken, "UTC", nine, null)), "name");
    }

    @Test
    void policy_round_trip_and_bad_input() {
        long cal = sla.alwaysCalendar();
        Api.Response r = api.post("/api/v1/sla-policies", fx.admin(), "{\"name\":\"" + Api.unique("pol") + "\",\"calendarId\":" + cal
                + ",\"priorities\":[\"urgent\",\"HIGH\"],\"accountTiers\":[\"GOLD\"],\"firstResponseMinutes\":30,\"resolutionMinutes\":480}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("priorities").toString()).isEqualTo("[\"URGENT\",\"HIGH\"]");
        long id = r.json().get("id").asLong();
        Api.Response upd = api.patch("/api/v1/sla-policies/" + id, fx.admin(), "{\"nextResponseMinutes\":120,\"version\":0}");
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        assertThat(upd.json().get("firstResponseMinutes").asInt()).isEqualTo(30);
        assertThat(upd.json().get("nextResponseMinutes").asInt()).isEqualTo(120);

        String base = "{\"name\":\"" + Api.unique("pol") + "\",";
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"firstResponseMinutes\":30}"), "calendarId");
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"calendarId\":999999999,\"firstResponseMinutes\":30}"), "calendarId");
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"calendarId\":" + cal + "}"), "firstResponseMinutes");
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"calendarId\":" + cal + ",\"firstResponseMinutes\":0}"), "firstResponseMinutes");
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"calendarId\":" + cal + ",\"firstResponseMinutes\":\"soon\"}"), "firstResponseMinutes");
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"calendarId\":" + cal
                + ",\"firstResponseMinutes\":5,\"priorities\":[\"CRITICAL\"]}"), "priorities");
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"calendarId\":" + cal
                + ",\"firstResponseMinutes\":5,\"channels\":[\"PIGEON\"]}"), "channels");
        assertInvalid(api.post("/api/v1/sla-policies", fx.admin(), base + "\"calendarId\":" + cal
                + ",\"firstResponseMinutes\":5,\"accountTiers\":[\"BRONZE\"]}"), "accountTiers");
        assertProblem(api.get("/api/v1/sla-policies/999999999", fx.admin()), 404);
    }

    @Test
    void escalation_rule_bad_input() {
        assertInvalid(api.post("/api/v1/sla-escalation-rules", fx.admin(), "{\"name\":\"esc-x\",\"metric\":\"LUNCH\",\"addTag\":\"x\"}"), "metric");
        assertInvalid(api.post("/api/v1/sla-escalation-rules", fx.admin(), "{\"name\":\"esc-x\",\"metric\":\"RESOLUTION\"}"), "actions");
        assertInvalid(api.post("/api/v1/sla-escalation-rules", fx.admin(),
                "{\"name\":\"esc-x\",\"metric\":\"RESOLUTION\",\"reassignTeamId\":999999999}"), "reassignTeamId");
        assertInvalid(api.post("/api/v1/sla-escalation-rules", fx.admin(),
                "{\"name\":\"esc-x\",\"metric\":\"RESOLUTION\",\"raisePriority\":true,\"priorities\":[\"ASAP\"]}"), "priorities");
        Api.Response ok = api.post("/api/v1/sla-escalation-rules", fx.admin(),
                "{\"name\":\"esc-ok\",\"metric\":\"first_response\",\"raisePriority\":true}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("metric").asString()).isEqualTo("FIRST_RESPONSE");
    }

    @Test
    void every_role_reads_calendars_and_policies_only_admins_write() {
        long cal = sla.alwaysCalendar();
        long pol = sla.policy(cal, 60, null, null);
        String calBody = calendarBody(Api.unique("c"), "UTC", SlaFixtures.ALWAYS, null);
        for (String role : NON_ADMIN) {
            String token = fx.user(role, null).token();
            assertThat(api.get("/api/v1/business-calendars", token).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/business-calendars/" + cal, token).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/sla-policies", token).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/sla-policies/" + pol, token).status()).as(role).isEqualTo(200);
            assertProblem(api.post("/api/v1/business-calendars", token, calBody), 403);
            assertProblem(api.patch("/api/v1/business-calendars/" + cal, token, "{\"version\":0}"), 403);
            assertProblem(api.delete("/api/v1/business-calendars/" + cal, token), 403);
            assertProblem(api.post("/api/v1/sla-policies", token, "{\"name\":\"x\"}"), 403);
            assertProblem(api.patch("/api/v1/sla-policies/" + pol, token, "{\"version\":0}"), 403);
            assertProblem(api.delete("/api/v1/sla-policies/" + pol, token), 403);
            assertProblem(api.get("/api/v1/sla-escalation-rules", token), 403);
            assertProblem(api.post("/api/v1/sla-escalation-rules", token, "{}"), 403);
            assertProblem(api.post("/api/v1/sla/sweep", token, null), 403);
        }
        assertThat(api.get("/api/v1/business-calendars", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/sla-escalation-rules", fx.admin()).status()).isEqualTo(200);
        Api.Response sweep = api.post("/api/v1/sla/sweep", fx.admin(), null);
        assertThat(sweep.status()).as(sweep.body()).isEqualTo(200);
        assertThat(sweep.json().has("breached")).isTrue();
    }
}
