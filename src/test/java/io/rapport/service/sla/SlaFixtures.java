package io.rapport.service.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import io.rapport.support.Api;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Calendars, policies and tickets for the SLA tests, through the API and TicketIntake (not the tickets helper's API). */
final class SlaFixtures {

    static final String ALWAYS = "{\"MONDAY\":[[\"00:00\",\"24:00\"]],\"TUESDAY\":[[\"00:00\",\"24:00\"]],"
            + "\"WEDNESDAY\":[[\"00:00\",\"24:00\"]],\"THURSDAY\":[[\"00:00\",\"24:00\"]],\"FRIDAY\":[[\"00:00\",\"24:00\"]],"
            + "\"SATURDAY\":[[\"00:00\",\"24:00\"]],\"SUNDAY\":[[\"00:00\",\"24:00\"]]}";

    private final Api api;
    private final String admin;
    private final JdbcClient jdbc;
    private final TicketIntake intake;

    SlaFixtures(Api api, String admin, JdbcClient jdbc, TicketIntake intake) {
        this.api = api;
        this.admin = admin;
        this.jdbc = jdbc;
        this.intake = intake;
    }

    long calendar(String zone, String hours) {
        Api.Response r = api.post("/api/v1/business-calendars", admin,
                "{\"name\":\"" + Api.unique("cal") + "\",\"timeZone\":\"" + zone + "\",\"hours\":" + hours + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    long alwaysCalendar() {
        return calendar("UTC", ALWAYS);
    }

    /** A policy for SOCIAL-channel PROBLEM tickets, tried first, so other tests' tickets are not affected. */
    long policy(long calendarId, Integer first, Integer next, Integer resolution) {
        Api.Response r = api.post("/api/v1/sla-policies", admin, "{\"name\":\"" + Api.unique("pol") + "\",\"position\":0,"
                + "\"calendarId\":" + calendarId + ",\"channels\":[\"SOCIAL\"],\"types\":[\"PROBLEM\"],"
                + "\"firstResponseMinutes\":" + first + ",\"nextResponseMinutes\":" + next + ",\"resolutionMinutes\":" + resolution + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    long ticket(Long teamId, Long assigneeId) {
        return intake.open(new NewTicket(Api.unique("Printer on fire"), NewTicket.Channel.SOCIAL, null, null, "NORMAL",
                "PROBLEM", teamId, assigneeId, List.of(), InboundMessage.text("It burns", null)));
    }

    void dropPolicies() {
        jdbc.sql("delete from sla_policies where name like 'pol-%'").update();
        jdbc.sql("delete from sla_escalation_rules where name like 'esc-%'").update();
    }
}
