package io.rapport.sales.assignment;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Lead assignment")
@RestController
@RequestMapping("/api/v1/lead-assignment-rules")
class AssignmentRuleApiController {

    private final LeadAssignment assignment;

    AssignmentRuleApiController(LeadAssignment assignment) {
        this.assignment = assignment;
    }

    @GetMapping
    List<AssignmentRule> list() {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return assignment.rules();
    }

    @Operation(summary = "Add an assignment rule (administrators)", description = "{name, position?, field? (country, source, "
            + "campaign, company, jobTitle), values?, userId | teamId}. In position order, the first matching rule assigns "
            + "a new lead without owner: to the user, or round robin over the team's active members.")
    @PostMapping
    ResponseEntity<AssignmentRule> create(@RequestBody JsonNode body) {
        AssignmentRule rule = assignment.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/lead-assignment-rules/" + rule.id())).body(rule);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        assignment.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
