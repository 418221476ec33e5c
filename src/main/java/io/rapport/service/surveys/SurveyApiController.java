package io.rapport.service.surveys;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import io.rapport.service.recovery.TicketAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.JsonNode;

/** A ticket's survey (API and card) and the per-channel setting of surveys on solve (API and admin page). */
@Tag(name = "CSAT surveys")
@org.springframework.web.bind.annotation.RestController
class SurveyApiController {

    private final Surveys surveys;
    private final TicketAccess access;
    private final JdbcClient jdbc;

    SurveyApiController(Surveys surveys, TicketAccess access, JdbcClient jdbc) {
        this.surveys = surveys;
        this.access = access;
        this.jdbc = jdbc;
    }

    @Operation(summary = "The ticket's CSAT survey: when it was sent, its score and comment (404 when none was sent)")
    @GetMapping("/api/v1/tickets/{id}/survey")
    @ResponseBody
    Surveys.Survey survey(@PathVariable long id) {
        access.read(CurrentUser.require(), id);
        return surveys.ofTicket(id).orElseThrow(() -> Problems.notFound("Survey of ticket", id));
    }

    @Operation(summary = "Which channels send the CSAT survey when a ticket is solved")
    @GetMapping("/api/v1/service/survey-settings")
    @ResponseBody
    Map<String, Boolean> settings() {
        TicketAccess.requireService(CurrentUser.require());
        return current();
    }

    @Operation(summary = "Turn the survey on solve on or off per channel (admin)", description = "Body: {\"EMAIL\": true, \"PHONE\": false, …}")
    @PutMapping("/api/v1/service/survey-settings")
    @ResponseBody
    Map<String, Boolean> update(@RequestBody JsonNode body) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object of channel → true/false");
        Map<String, Boolean> current = current();
        Map<String, Boolean> changes = new TreeMap<>();
        for (var e : body.properties()) {
            String channel = e.getKey().toUpperCase(java.util.Locale.ROOT);
            if (!current.containsKey(channel)) throw Problems.invalid(e.getKey(), "unknown channel; one of " + current.keySet());
            if (!e.getValue().isBoolean()) throw Problems.invalid(e.getKey(), "must be true or false");
            changes.put(channel, e.getValue().asBoolean());
        }
        changes.forEach(this::set);
        return current();
    }

    void set(String channel, boolean enabled) {
        jdbc.sql("update csat_channel_settings set enabled = :e where channel = :c").param("e", enabled).param("c", channel).update();
    }

    Map<String, Boolean> current() {
        Map<String, Boolean> m = new TreeMap<>();
        jdbc.sql("select channel, enabled from csat_channel_settings").query(rs -> {
            m.put(rs.getString(1), rs.getBoolean(2));
        });
        return m;
    }
}
