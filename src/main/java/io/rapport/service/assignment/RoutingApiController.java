package io.rapport.service.assignment;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Ticket routing")
@RestController
@RequestMapping("/api/v1/ticket-routing")
class RoutingApiController {

    private final TicketRouting routing;

    RoutingApiController(TicketRouting routing) {
        this.routing = routing;
    }

    @Operation(summary = "Routing rules, first match wins (admin)")
    @GetMapping("/rules")
    Map<String, List<RoutingRule>> rules() {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return Map.of("items", routing.rules());
    }

    @Operation(summary = "Add a routing rule (admin)", description = "{name, position?, language?, type?, channel?, tag?, "
            + "teamId, strategy: ROUND_ROBIN|LOAD_BALANCED|TEAM_ONLY, requiredSkill?, active?}")
    @PostMapping("/rules")
    ResponseEntity<RoutingRule> create(@RequestBody JsonNode body) {
        RoutingRule r = routing.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/ticket-routing/rules/" + r.id())).body(r);
    }

    @DeleteMapping("/rules/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        routing.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Agents' skills and languages (admin)")
    @GetMapping("/skills")
    Map<String, List<TicketRouting.Skill>> skills() {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return Map.of("items", routing.skills());
    }

    @Operation(summary = "Give an agent a skill or language (admin)", description = "{userId, kind: SKILL|LANGUAGE, value}")
    @PostMapping("/skills")
    ResponseEntity<TicketRouting.Skill> addSkill(@RequestBody JsonNode body) {
        return ResponseEntity.status(201).body(routing.addSkill(CurrentUser.require(), body));
    }

    @DeleteMapping("/skills/{userId}/{kind}/{value}")
    ResponseEntity<Void> removeSkill(@PathVariable long userId, @PathVariable String kind, @PathVariable String value) {
        routing.removeSkill(CurrentUser.require(), userId, kind, value);
        return ResponseEntity.noContent().build();
    }
}
