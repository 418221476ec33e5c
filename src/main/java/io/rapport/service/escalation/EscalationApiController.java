package io.rapport.service.escalation;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "SLA escalation")
@RestController
class EscalationApiController {

    private final EscalationRules rules;
    private final BreachSweep sweep;

    EscalationApiController(EscalationRules rules, BreachSweep sweep) {
        this.rules = rules;
        this.sweep = sweep;
    }

    @Operation(summary = "Escalation rules in the order they run on a breach (admin)")
    @GetMapping("/api/v1/sla-escalation-rules")
    Map<String, Object> list() {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return Map.of("items", rules.all());
    }

    @GetMapping("/api/v1/sla-escalation-rules/{id}")
    ResponseEntity<EscalationRule> get(@PathVariable long id) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        EscalationRule r = rules.get(id);
        return ResponseEntity.ok().eTag("\"" + r.version() + "\"").body(r);
    }

    @Operation(summary = "Create an escalation rule (admin)", description = "Body: name, metric FIRST_RESPONSE|NEXT_RESPONSE|"
            + "RESOLUTION, optional priorities (empty = any), position, active; actions (at least one): reassignTeamId, "
            + "reassignUserId, raisePriority, notifyManager, addTag.")
    @PostMapping("/api/v1/sla-escalation-rules")
    ResponseEntity<EscalationRule> create(@RequestBody JsonNode body) {
        EscalationRule r = rules.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/sla-escalation-rules/" + r.id())).eTag("\"" + r.version() + "\"").body(r);
    }

    @PatchMapping("/api/v1/sla-escalation-rules/{id}")
    ResponseEntity<EscalationRule> update(@PathVariable long id, @RequestBody JsonNode body,
                                          @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        EscalationRule r = rules.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + r.version() + "\"").body(r);
    }

    @DeleteMapping("/api/v1/sla-escalation-rules/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        rules.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Run one breach sweep now (admin)", description = "What the recurring job does every 30 s: "
            + "marks overdue clocks breached, runs the escalation rules, sends breaching-soon warnings.")
    @PostMapping("/api/v1/sla/sweep")
    BreachSweep.Result sweepNow() {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return sweep.run();
    }
}
