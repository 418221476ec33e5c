package io.rapport.service.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.TicketIntake;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The three admin pages: render, create through their forms, report bad input, closed to non-admins. */
@IntegrationTest
class SlaAdminPagesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TicketIntake intake;
    Api api;
    ApiFixtures fx;
    SlaFixtures sla;
    PageSession admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        sla = new SlaFixtures(api, fx.admin(), jdbc, intake);
        admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
    }

    @AfterEach
    void tearDown() {
        sla.dropPolicies();
    }

    @Test
    void business_hours_form_creates_a_calendar_with_split_days_and_holidays() {
        assertThat(admin.get("/admin/business-hours").statusCode()).isEqualTo(200);
        String name = Api.unique("Support desk");
        Map<String, String> form = new HashMap<>(Map.of("name", name, "timeZone", "America/New_York",
                "hours_MONDAY", "9:00-12:30, 13:30-18:00", "hours_SATURDAY", "10:00 - 14:00",
                "holidays", "2026-12-25 yearly Christmas\n2026-11-26 Thanksgiving"));
        assertThat(admin.post("/admin/business-hours", form).statusCode()).isEqualTo(302);
        var page = admin.get("/admin/business-hours");
        assertThat(page.body()).contains(name).contains("09:00-12:30, 13:30-18:00").contains("2026-12-25 yearly Christmas");
        var view = jdbc.sql("select hours::text from business_calendars where name = :n").param("n", name).query(String.class).single();
        assertThat(view).contains("\"SATURDAY\": [[\"10:00\", \"14:00\"]]");

        form.put("name", Api.unique("Bad"));
        form.put("hours_MONDAY", "18:00-09:00");
        admin.post("/admin/business-hours", form);
        assertThat(admin.get("/admin/business-hours").body()).contains("must end after it starts");
    }

    @Test
    void policy_and_escalation_forms() {
        long cal = sla.alwaysCalendar();
        assertThat(admin.get("/admin/sla-policies").body()).contains("New policy");
        String name = "pol-" + Api.unique("page");
        // the form sends repeated checkbox values; PageSession posts a map, so one of each here
        admin.post("/admin/sla-policies", Map.of("name", name, "calendarId", String.valueOf(cal), "priorities", "URGENT",
                "firstResponseMinutes", "15", "active", "true"));
        assertThat(jdbc.sql("select first_response_minutes from sla_policies where name = :n").param("n", name)
                .query(Integer.class).single()).isEqualTo(15);
        assertThat(admin.get("/admin/sla-policies").body()).contains(name);
        admin.post("/admin/sla-policies", Map.of("name", "pol-" + Api.unique("x"), "calendarId", String.valueOf(cal)));
        assertThat(admin.get("/admin/sla-policies").body()).contains("set at least one target");

        String rule = "esc-" + Api.unique("page");
        admin.post("/admin/escalations", Map.of("name", rule, "metric", "RESOLUTION", "raisePriority", "true", "active", "true"));
        assertThat(admin.get("/admin/escalations").body()).contains(rule).contains("Raise priority one step");
    }

    @Test
    void non_admins_do_not_get_the_pages() {
        ApiFixtures.User manager = fx.user("MANAGER", null);
        PageSession s = PageSession.signIn(api.base(), manager.email(), ApiFixtures.PASSWORD);
        for (String path : new String[] {"/admin/business-hours", "/admin/sla-policies", "/admin/escalations"}) {
            assertThat(s.get(path).statusCode()).as(path).isEqualTo(403);
        }
    }
}
