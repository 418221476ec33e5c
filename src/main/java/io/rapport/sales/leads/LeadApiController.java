package io.rapport.sales.leads;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
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

@Tag(name = "Leads")
@RestController
@RequestMapping("/api/v1/leads")
class LeadApiController {

    private final Leads leads;
    private final LeadConversion conversion;
    private final Idempotency idempotency;

    LeadApiController(Leads leads, LeadConversion conversion, Idempotency idempotency) {
        this.leads = leads;
        this.conversion = conversion;
        this.idempotency = idempotency;
    }

    @Operation(summary = "List leads visible to you", description = "Newest first by default; keyset pagination via nextCursor.")
    @GetMapping
    PageResult<Lead> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                          @RequestParam(required = false) String q,
                          @Parameter(description = "comma-separated: NEW, WORKING, QUALIFIED, DISQUALIFIED, CONVERTED")
                          @RequestParam(required = false) String status,
                          @Parameter(description = "me, none or a user id") @RequestParam(required = false) String owner,
                          @RequestParam(required = false) String source, @RequestParam(required = false) String campaign,
                          @RequestParam(required = false) String country, @RequestParam(required = false) Integer minScore,
                          @RequestParam(required = false) String createdSince,
                          @Parameter(description = "createdAt, score, name or updatedAt; prefix '-' for descending")
                          @RequestParam(required = false) String sort) {
        return leads.list(CurrentUser.require(), new LeadFilter(q, status, owner, source, campaign, country, minScore,
                createdSince, sort, cursor, PageLimit.of(limit)));
    }

    @GetMapping("/{id}")
    ResponseEntity<Lead> get(@PathVariable long id) {
        Lead lead = leads.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + lead.version() + "\"").body(lead);
    }

    @Operation(summary = "Create a lead", description = "source defaults to API. Without ownerId the assignment rules "
            + "choose the owner. Send Idempotency-Key to make retries safe.")
    @PostMapping
    ResponseEntity<?> create(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/leads", () -> {
            Lead created = leads.create(user, body);
            return ResponseEntity.created(URI.create("/api/v1/leads/" + created.id()))
                    .eTag("\"" + created.version() + "\"").body(created);
        });
    }

    @Operation(summary = "Change some fields of a lead", description = "Carry the version in the body or as If-Match. "
            + "status may move between NEW, WORKING, QUALIFIED and DISQUALIFIED; CONVERTED only through /convert.")
    @PatchMapping("/{id}")
    ResponseEntity<Lead> update(@PathVariable long id, @RequestBody JsonNode body,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Lead updated = leads.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        leads.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Record a behaviour event", description = "{type, url?, occurredAt?} — e.g. page_visit with the URL, "
            + "email_open, form_submit. The lead's score is recomputed.")
    @PostMapping("/{id}/events")
    ResponseEntity<LeadEvent> addEvent(@PathVariable long id, @RequestBody JsonNode body) {
        LeadEvent event = leads.addEvent(CurrentUser.require(), id, body);
        return ResponseEntity.status(201).body(event);
    }

    @GetMapping("/{id}/events")
    List<LeadEvent> events(@PathVariable long id) {
        return leads.events(CurrentUser.require(), id);
    }

    @GetMapping("/{id}/needs-assessment")
    NeedsAssessment needs(@PathVariable long id) {
        return leads.needs(CurrentUser.require(), id);
    }

    @Operation(summary = "Replace the lead's needs assessment", description = "pains, goals, budget + budgetCurrency, "
            + "authority, decisionTimeline; absent fields are cleared.")
    @PutMapping("/{id}/needs-assessment")
    NeedsAssessment putNeeds(@PathVariable long id, @RequestBody JsonNode body) {
        return leads.putNeeds(CurrentUser.require(), id, body);
    }

    @Operation(summary = "What a conversion would match", description = "The visible contact (by e-mail) and account "
            + "(by the contact's account, the website/e-mail domain or the exact company name) a conversion would reuse.")
    @GetMapping("/{id}/convert")
    ConversionPreview preview(@PathVariable long id) {
        return conversion.preview(CurrentUser.require(), id);
    }

    @Operation(summary = "Convert a lead", description = "{createDeal, dealName?, amount?, currency?, pipelineId?, closeDate?}. "
            + "Creates or matches a contact and an account, optionally opens a deal; one transaction. A second conversion is a 409.")
    @PostMapping("/{id}/convert")
    ResponseEntity<ConversionResult> convert(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        return ResponseEntity.ok(conversion.convert(CurrentUser.require(), id, body));
    }
}
