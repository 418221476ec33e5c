package io.rapport.sales.scoring;

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

@Tag(name = "Lead scoring")
@RestController
@RequestMapping("/api/v1/lead-scoring-rules")
class ScoringRuleApiController {

    private final LeadScoring scoring;

    ScoringRuleApiController(LeadScoring scoring) {
        this.scoring = scoring;
    }

    @GetMapping
    List<ScoringRule> list() {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return scoring.rules();
    }

    @Operation(summary = "Add a scoring rule (administrators)", description = "ATTRIBUTE {field, operator CONTAINS|EQUALS|GT|LT|IS_EMPTY, value}, "
            + "BEHAVIOUR {eventType, urlContains?} or INACTIVITY {days}; with points (negative to subtract). Every lead is rescored.")
    @PostMapping
    ResponseEntity<ScoringRule> create(@RequestBody JsonNode body) {
        ScoringRule rule = scoring.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/lead-scoring-rules/" + rule.id())).body(rule);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        scoring.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
