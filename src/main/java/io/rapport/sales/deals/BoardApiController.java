package io.rapport.sales.deals;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.rapport.sales.pipelines.Pipeline;
import io.rapport.sales.pipelines.Pipelines;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Deals")
@RestController
class BoardApiController {

    private final Pipelines pipelines;
    private final DealBoard board;

    BoardApiController(Pipelines pipelines, DealBoard board) {
        this.pipelines = pipelines;
        this.board = board;
    }

    @Operation(summary = "The kanban board of a pipeline", description = "Per stage: count and sum (per currency) of the "
            + "deals you can see and the biggest perStage (default 20, at most 100) of them; 'after' of a column pages on.")
    @GetMapping("/api/v1/pipelines/{id}/board")
    Map<String, Object> board(@PathVariable long id, @RequestParam(defaultValue = "20") int perStage) {
        if (perStage < 1 || perStage > 100) throw Problems.invalid("perStage", "between 1 and 100");
        Pipeline p = pipelines.get(id);
        List<DealBoard.Column> columns = board.columns(CurrentUser.require(), p, perStage);
        return Map.of("pipelineId", p.id(), "name", p.name(), "columns", columns.stream().map(c -> Map.of(
                "stage", c.stage(), "count", c.count(), "sums", c.sums(), "cards", c.cards(),
                "after", c.nextAfter() == null ? "" : c.nextAfter())).toList());
    }
}
