package io.rapport.feedback.sends;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A survey sent to an audience: preview, start (202, runs in the background), progress and past sends. */
@Tag(name = "Surveys")
@RestController
class SurveySendApiController {

    private static final String AUDIENCE = "Audience: exactly one of {\"tag\": \"vip\"} (a tag or a list saved from an RFM "
            + "segment), {\"accountId\": 12} or {\"lifecycleStage\": LEAD|PROSPECT|CUSTOMER|CLIENT|ADVOCATE|CHURNED}. ";

    private final SurveySends sends;

    SurveySendApiController(SurveySends sends) {
        this.sends = sends;
    }

    @Operation(summary = "Preview a send to an audience (marketing, managers, admins)",
            description = AUDIENCE + "Returns the audience's size, how many would get the survey now and how many would be "
                    + "skipped: no e-mail, no consent, surveyed within the throttle period.")
    @PostMapping("/api/v1/surveys/{id}/sends/preview")
    SurveySends.Preview preview(@PathVariable long id, @RequestBody JsonNode body) {
        return sends.preview(CurrentUser.require(), id, body);
    }

    @Operation(summary = "Send a survey to an audience (marketing, managers, admins)",
            description = AUDIENCE + "202 with the send; a background job mails it through the outbox. 409 for an inactive "
                    + "survey, 422 for an unknown tag or account and for an audience with no contacts.")
    @PostMapping("/api/v1/surveys/{id}/sends")
    ResponseEntity<SurveySends.Send> start(@PathVariable long id, @RequestBody JsonNode body) {
        SurveySends.Send send = sends.start(CurrentUser.require(), id, body);
        return ResponseEntity.accepted().location(URI.create("/api/v1/surveys/" + id + "/sends/" + send.id())).body(send);
    }

    @Operation(summary = "A survey's sends to audiences, newest first (the last 100)")
    @GetMapping("/api/v1/surveys/{id}/sends")
    PageResult<SurveySends.Send> list(@PathVariable long id) {
        return new PageResult<>(sends.list(CurrentUser.require(), id, 100), null);
    }

    @Operation(summary = "One send: status (QUEUED, RUNNING, DONE, FAILED), progress and counts (sent, skipped by reason)")
    @GetMapping("/api/v1/surveys/{id}/sends/{sendId}")
    SurveySends.Send get(@PathVariable long id, @PathVariable long sendId) {
        return sends.get(CurrentUser.require(), id, sendId);
    }
}
