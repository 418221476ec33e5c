package io.rapport.sales.pipelines;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Pipelines")
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineApiController {

    private final Pipelines pipelines;

    PipelineApiController(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Operation(summary = "Pipelines with their stages in board order (archived ones with archived=true)")
    @GetMapping
    Map<String, Object> list(@RequestParam(defaultValue = "false") boolean archived) {
        CurrentUser.require();
        return Map.of("items", pipelines.allWithCounts(archived));
    }

    @GetMapping("/{id}")
    ResponseEntity<Pipeline> get(@PathVariable long id) {
        CurrentUser.require();
        Pipeline p = pipelines.getWithCounts(id);
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @Operation(summary = "Create a pipeline (admin)", description = "Body: name, stages [{name, probability 0-100, "
            + "outcome OPEN|WON|LOST}], optional isDefault and staleDays.")
    @PostMapping
    ResponseEntity<Pipeline> create(@RequestBody JsonNode body) {
        Pipeline p = pipelines.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/pipelines/" + p.id())).eTag("\"" + p.version() + "\"").body(p);
    }

    @Operation(summary = "Rename, archive, make default or set the stale rule of a pipeline (admin)",
            description = "Carry the version in the body or as If-Match.")
    @PatchMapping("/{id}")
    ResponseEntity<Pipeline> update(@PathVariable long id, @RequestBody JsonNode body,
                                    @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Pipeline p = pipelines.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @Operation(summary = "Add a stage (admin)", description = "Body: name, probability, outcome, optional position.")
    @PostMapping("/{id}/stages")
    ResponseEntity<Pipeline> addStage(@PathVariable long id, @RequestBody JsonNode body) {
        Pipeline p = pipelines.addStage(CurrentUser.require(), id, body);
        return ResponseEntity.status(201).eTag("\"" + p.version() + "\"").body(p);
    }

    @PatchMapping("/{id}/stages/{stageId}")
    Pipeline updateStage(@PathVariable long id, @PathVariable long stageId, @RequestBody JsonNode body) {
        return pipelines.updateStage(CurrentUser.require(), id, stageId, body);
    }

    @Operation(summary = "Reorder the stages (admin)", description = "Body: {\"stageIds\": [every stage id, in the new order]}.")
    @PutMapping("/{id}/stages/order")
    Pipeline reorder(@PathVariable long id, @RequestBody JsonNode body) {
        JsonNode ids = body == null ? null : body.get("stageIds");
        if (ids == null || !ids.isArray()) throw Problems.invalid("stageIds", "a list of stage ids");
        List<Long> list = new ArrayList<>();
        ids.forEach(n -> {
            if (!n.isIntegralNumber()) throw Problems.invalid("stageIds", "a list of stage ids");
            list.add(n.asLong());
        });
        return pipelines.reorder(CurrentUser.require(), id, list);
    }

    @Operation(summary = "Delete a stage (admin)",
            description = "A stage holding deals needs moveTo: another stage of the pipeline with the same outcome; else 409.")
    @DeleteMapping("/{id}/stages/{stageId}")
    Pipeline deleteStage(@PathVariable long id, @PathVariable long stageId, @RequestParam(required = false) Long moveTo) {
        return pipelines.deleteStage(CurrentUser.require(), id, stageId, moveTo);
    }

    @Operation(summary = "The global stale-deal rule", description = "Days without activity after which an open deal gets a "
            + "follow-up task for its owner, for pipelines without their own staleDays. null: no rule.")
    @GetMapping("/stale-rule")
    Map<String, Object> staleRule() {
        CurrentUser.require();
        Map<String, Object> m = new HashMap<>();
        m.put("staleDays", pipelines.globalStaleDays());
        return m;
    }

    @PutMapping("/stale-rule")
    Map<String, Object> setStaleRule(@RequestBody JsonNode body) {
        Map<String, Object> m = new HashMap<>();
        m.put("staleDays", pipelines.setGlobalStaleDays(CurrentUser.require(), body));
        return m;
    }
}
