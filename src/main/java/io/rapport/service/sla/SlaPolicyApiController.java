package io.rapport.service.sla;

import io.rapport.platform.security.CurrentUser;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "SLA policies")
@RestController
@RequestMapping("/api/v1/sla-policies")
class SlaPolicyApiController {

    private final SlaPolicies policies;

    SlaPolicyApiController(SlaPolicies policies) {
        this.policies = policies;
    }

    @Operation(summary = "SLA policies in the order they are tried (first match wins)")
    @GetMapping
    Map<String, Object> list() {
        CurrentUser.require();
        return Map.of("items", policies.all());
    }

    @GetMapping("/{id}")
    ResponseEntity<SlaPolicy> get(@PathVariable long id) {
        CurrentUser.require();
        SlaPolicy p = policies.get(id);
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @Operation(summary = "Create an SLA policy (admin)", description = "Body: name, calendarId, optional position (default: "
            + "last), active, conditions priorities/accountTiers/channels/types (lists; empty = any), targets "
            + "firstResponseMinutes/nextResponseMinutes/resolutionMinutes in business minutes (at least one).")
    @PostMapping
    ResponseEntity<SlaPolicy> create(@RequestBody JsonNode body) {
        SlaPolicy p = policies.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/sla-policies/" + p.id())).eTag("\"" + p.version() + "\"").body(p);
    }

    @Operation(summary = "Change an SLA policy (admin)", description = "Fields as for create, each optional; version in the "
            + "body or as If-Match. Applies to clocks started afterwards.")
    @PatchMapping("/{id}")
    ResponseEntity<SlaPolicy> update(@PathVariable long id, @RequestBody JsonNode body,
                                     @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        SlaPolicy p = policies.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        policies.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
