package io.rapport.service.automation;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Automation")
@RestController
class AutomationApiController {

    private final AutomationRules rules;
    private final AutomationLog log;

    AutomationApiController(AutomationRules rules, AutomationLog log) {
        this.rules = rules;
        this.log = log;
    }

    @Operation(summary = "Automation rules (admins and managers)", description = "By trigger, then the order they run in.")
    @GetMapping("/api/v1/automation-rules")
    Map<String, List<AutomationRule>> list() {
        return Map.of("items", rules.all(CurrentUser.require()));
    }

    @GetMapping("/api/v1/automation-rules/{id}")
    ResponseEntity<AutomationRule> get(@PathVariable long id) {
        AutomationRule r = rules.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + r.version() + "\"").body(r);
    }

    @Operation(summary = "Create an automation rule (admin)", description = "Body: {\"name\", \"trigger\": CREATED|UPDATED|TIME, "
            + "\"position\", \"active\", \"conditions\": [{\"field\", \"op\", \"value\"}], \"actions\": [{\"type\", …}]}. See docs/API.md.")
    @PostMapping("/api/v1/automation-rules")
    ResponseEntity<AutomationRule> create(@RequestBody JsonNode body) {
        AutomationRule r = rules.create(CurrentUser.require(), body);
        return ResponseEntity.status(HttpStatus.CREATED).eTag("\"" + r.version() + "\"").body(r);
    }

    @PatchMapping("/api/v1/automation-rules/{id}")
    ResponseEntity<AutomationRule> update(@PathVariable long id, @RequestBody JsonNode body,
                                          @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        AutomationRule r = rules.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + r.version() + "\"").body(r);
    }

    @DeleteMapping("/api/v1/automation-rules/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        rules.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "What automation did, newest first (admins and managers)", description = "Page back with before=<last id>.")
    @GetMapping("/api/v1/automation-log")
    Map<String, Object> recent(@RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        List<AutomationLog.Entry> items = log.recent(CurrentUser.require(), before, limit);
        Map<String, Object> out = new HashMap<>();
        out.put("items", items);
        out.put("nextBefore", items.isEmpty() ? null : items.getLast().id());
        return out;
    }

    @Operation(summary = "What automation did on one ticket")
    @GetMapping("/api/v1/tickets/{ticketId}/automation-log")
    Map<String, List<AutomationLog.Entry>> forTicket(@PathVariable long ticketId) {
        return Map.of("items", log.forTicket(CurrentUser.require(), ticketId));
    }
}
