package io.rapport.sales.deals;

import io.rapport.customers.export.Download;
import io.rapport.customers.listing.Column;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

@Tag(name = "Deals")
@RestController
@RequestMapping("/api/v1/deals")
class DealApiController {

    private final Deals deals;
    private final Idempotency idempotency;
    private final Download download;
    private final DealNeeds needs;

    DealApiController(Deals deals, Idempotency idempotency, Download download, DealNeeds needs) {
        this.needs = needs;
        this.deals = deals;
        this.idempotency = idempotency;
        this.download = download;
    }

    @Operation(summary = "List deals visible to you", description = "Keyset pagination: pass nextCursor back as cursor. "
            + "SALES and AGENT see their own and their team's deals.")
    @GetMapping
    PageResult<Deal> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                          @RequestParam(required = false) String q, @RequestParam(required = false) String owner,
                          @RequestParam(required = false) Long pipeline,
                          @Parameter(description = "stage ids, comma-separated") @RequestParam(required = false) String stage,
                          @Parameter(description = "OPEN, WON, LOST (comma-separated)") @RequestParam(required = false) String status,
                          @RequestParam(required = false) Long account, @RequestParam(required = false) Long contact,
                          @RequestParam(required = false) String closeFrom, @RequestParam(required = false) String closeTo,
                          @RequestParam(required = false) String minAmount, @RequestParam(required = false) String maxAmount,
                          @RequestParam(required = false) String currency,
                          @Parameter(description = "updatedAt (default), name, amount, closeDate, createdAt; '-' for descending")
                          @RequestParam(required = false) String sort,
                          @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all) {
        return deals.list(CurrentUser.require(), DealFilter.of(all, cursor, PageLimit.of(limit)));
    }

    @Operation(summary = "Every deal of a list as CSV, streamed", description = "Takes the filters and sort of GET /api/v1/deals.")
    @GetMapping("/export.csv")
    void csv(@Parameter(description = "column keys, comma-separated (default name,account,stage,amount,currency,closeDate,owner)")
             @RequestParam(required = false) String columns,
             @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all, HttpServletResponse response)
            throws IOException {
        CurrentUser user = CurrentUser.require();
        List<Column<Deal>> chosen = Column.parse(DealColumns.ALL, columns, DealColumns.DEFAULT);
        DealFilter filter = DealFilter.of(all, null, 1);
        deals.count(user, filter);  // a bad filter is a 400 before the download starts
        download.csv(response, user, "DEAL", "deals", all, chosen, deals.rows(user, filter));
    }

    @GetMapping("/{id}")
    ResponseEntity<Deal> get(@PathVariable long id) {
        Deal deal = deals.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + deal.version() + "\"").body(deal);
    }

    /** One stage a deal was in, as the history endpoint lists it. */
    record HistoryItem(Long fromStageId, String fromStage, Long toStageId, String toStage, Long changedBy,
                       String changedByName, java.time.Instant changedAt, java.time.Instant leftAt, long secondsInStage,
                       boolean current) {}

    @Operation(summary = "Stage history of a deal, oldest first, with the time spent in each stage")
    @GetMapping("/{id}/history")
    Map<String, Object> history(@PathVariable long id) {
        return Map.of("items", deals.history(CurrentUser.require(), id).stream().map(h -> new HistoryItem(h.fromStageId(),
                h.fromStage(), h.toStageId(), h.toStage(), h.changedBy(), h.changedByName(), h.changedAt(), h.leftAt(),
                h.secondsInStage(), h.leftAt() == null)).toList());
    }

    @Operation(summary = "Create a deal", description = "Body: name, currency (ISO 4217), amount ≥ 0, optional pipelineId "
            + "(default pipeline), stageId (first stage), closeDate, ownerId, accountId, contactIds (first = primary), "
            + "lines [{productId, quantity, unitPrice (default: the product's price in the deal currency), discount %}]. "
            + "Without amount, the amount is the lines' total. Send Idempotency-Key to make retries safe.")
    @PostMapping
    ResponseEntity<?> create(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/deals", () -> {
            Deal created = deals.create(user, body);
            return ResponseEntity.created(URI.create("/api/v1/deals/" + created.id()))
                    .eTag("\"" + created.version() + "\"").body(created);
        });
    }

    @Operation(summary = "Change some fields of a deal", description = "Not the stage (use POST /{id}/stage). Fields present "
            + "replace the stored ones; contactIds and lines replace the whole list. Carry the version in the body or as If-Match.")
    @PatchMapping("/{id}")
    ResponseEntity<Deal> update(@PathVariable long id, @RequestBody JsonNode body,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Deal updated = deals.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }

    @Operation(summary = "Move a deal to another stage of its pipeline",
            description = "Body: {stageId, version, lostReason (required for a LOST stage)}, or the version as If-Match. "
                    + "A stage of another pipeline is a 400; a stale version 409 (412 with If-Match); of two concurrent "
                    + "moves from one version, one wins and the other gets 409.")
    @PostMapping("/{id}/stage")
    ResponseEntity<Deal> move(@PathVariable long id, @RequestBody JsonNode body,
                              @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        var in = new io.rapport.platform.web.JsonFields(body == null ? JsonNodeFactory.instance.nullNode() : body,
                java.util.Set.of("stageId", "lostReason", "version"));
        Long stageId = in.id("stageId");
        String reason = in.text("lostReason", 500);
        Integer version = in.integer("version");
        if (!in.has("stageId") && in.errors().isEmpty()) in.error("stageId", "required");
        in.throwIfInvalid();
        Deal moved = deals.moveStage(CurrentUser.require(), id, stageId, reason, version, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + moved.version() + "\"").body(moved);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        deals.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }


    @Operation(summary = "The needs assessment of a deal (pains, goals, budget, authority, decision timeline)")
    @GetMapping("/{id}/needs")
    DealNeeds.Needs needs(@PathVariable long id) {
        return needs.get(CurrentUser.require(), id);
    }

    @Operation(summary = "Change the needs assessment of a deal", description = "Fields present replace the stored ones; null clears.")
    @org.springframework.web.bind.annotation.PutMapping("/{id}/needs")
    DealNeeds.Needs saveNeeds(@PathVariable long id, @RequestBody JsonNode body) {
        return needs.save(CurrentUser.require(), id, body);
    }
}
