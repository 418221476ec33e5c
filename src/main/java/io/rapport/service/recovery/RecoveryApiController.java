package io.rapport.service.recovery;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Service recovery")
@RestController
class RecoveryApiController {

    private final Recovery recovery;

    RecoveryApiController(Recovery recovery) {
        this.recovery = recovery;
    }

    @Operation(summary = "The recovery steps recorded on a complaint ticket, in order")
    @GetMapping("/api/v1/tickets/{id}/recovery/steps")
    List<RecoveryStep> steps(@PathVariable long id) {
        return recovery.steps(CurrentUser.require(), id);
    }

    @Operation(summary = "Record the next recovery step",
            description = "step: ACKNOWLEDGED, APOLOGISED, CORRECTIVE_ACTION (correctiveAction required), COMPENSATION "
                    + "(compensationType REFUND/CREDIT/VOUCHER/OTHER, compensationValue ≥ 0, currency), FOLLOW_UP (sends the CSAT survey). "
                    + "Steps go in this order; compensation may be skipped.")
    @PostMapping("/api/v1/tickets/{id}/recovery/steps")
    ResponseEntity<RecoveryStep> record(@PathVariable long id, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object with a 'step'");
        RecoveryStep step = recovery.record(CurrentUser.require(), id, new Recovery.StepInput(text(body, "step"), text(body, "note"),
                text(body, "correctiveAction"), text(body, "compensationType"), text(body, "compensationValue"), text(body, "currency")));
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + id + "/recovery/steps")).body(step);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.asString();
        if (!v.isString()) throw Problems.invalid(field, "must be a string");
        return v.asString();
    }
}
