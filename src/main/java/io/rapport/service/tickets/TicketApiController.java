package io.rapport.service.tickets;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Tag(name = "Tickets")
@RestController
@RequestMapping("/api/v1/tickets")
class TicketApiController {

    /** A JSON body may carry one 25 MB attachment as base64 (a third larger) plus the message. */
    private static final long MAX_JSON_BYTES = 40L * 1024 * 1024;

    private final Tickets tickets;
    private final Attachments attachments;
    private final Idempotency idempotency;
    private final JsonMapper json;

    TicketApiController(Tickets tickets, Attachments attachments, Idempotency idempotency, JsonMapper json) {
        this.tickets = tickets;
        this.attachments = attachments;
        this.idempotency = idempotency;
        this.json = json;
    }

    @Operation(summary = "List tickets visible to you", description = "Views: mine, unassigned, breaching (open tickets, most "
            + "urgent and oldest first until SLA clocks order it), team, open, solved, all. Filters: status, priority, type, "
            + "channel (comma-separated), assignee (id, me, none), team, requester, account, tag, q (subject or #number). "
            + "sort: queue (priority, age) or updated. Keyset pagination: pass nextCursor back as cursor. AGENT and SALES "
            + "see tickets assigned to them, their team's, and unrouted ones; MARKETING has no access.")
    @GetMapping
    PageResult<Ticket> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all) {
        CurrentUser user = CurrentUser.require();
        TicketVisibility.requireReader(user);
        return tickets.list(user, TicketQuery.of(user, all, cursor, PageLimit.of(limit)));
    }

    @GetMapping("/{id}")
    ResponseEntity<Ticket> get(@PathVariable long id) {
        Ticket t = tickets.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + t.version() + "\"").body(t);
    }

    @Operation(summary = "Open a ticket (channel API unless given: PHONE logs a call with you as its author)",
            description = "JSON: subject, body (the customer's words), requesterId or requesterEmail (+ requesterName; a "
                    + "visible contact with that e-mail is used, else one is created), optional accountId, priority, type, "
                    + "teamId, assigneeId, tags, custom, language, attachments [{filename, contentType, contentBase64}]. "
                    + "Or multipart/form-data with a 'ticket' JSON part and 'files' parts. Each file at most 25 MB (413).")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(HttpServletRequest request, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        TicketVisibility.requireWriter(user);
        JsonNode body = readJson(request);
        return idempotency.once(user, key, "POST /api/v1/tickets", () -> created(tickets.create(user, body, List.of())));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> createMultipart(@RequestPart(name = "ticket", required = false) String ticket,
                                      @RequestPart(name = "files", required = false) List<MultipartFile> files) {
        CurrentUser user = CurrentUser.require();
        TicketVisibility.requireWriter(user);
        if (ticket == null) throw Problems.invalid("ticket", "required: the ticket as a JSON part");
        return created(tickets.create(user, parse(ticket), attachments.fromParts(files)));
    }

    private ResponseEntity<Ticket> created(Ticket t) {
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + t.id())).eTag("\"" + t.version() + "\"").body(t);
    }

    @Operation(summary = "One change to many tickets", description = "{tickets: [{id, version}, ..], action: "
            + "assign|status|priority|tag, value} (assign: a user id or none); or {ids: [..]} to change each ticket as it is "
            + "now. A ticket whose version moved on since you loaded it is left alone: the others change and the answer is 409 "
            + "problem+json listing the conflicts (errors tickets.<id>.version, conflicts [{id, number, expected, actual}], "
            + "changed). A ticket you may not see or an invalid value fails the whole batch (400, nothing changes).")
    @PostMapping("/bulk")
    ResponseEntity<?> bulk(@RequestBody JsonNode body) {
        CurrentUser user = CurrentUser.require();
        var in = new io.rapport.platform.web.JsonFields(body, java.util.Set.of("ids", "tickets", "action", "value"));
        Map<Long, Integer> items = new java.util.LinkedHashMap<>();
        JsonNode list = in.node("ids");
        JsonNode pairs = in.node("tickets");
        if (list != null && pairs != null) in.error("tickets", "give tickets (with versions) or ids, not both");
        if (pairs != null) {
            if (!pairs.isArray()) in.error("tickets", "expected an array of {id, version}");
            else for (int i = 0; i < pairs.size(); i++) {
                JsonNode p = pairs.get(i);
                if (p == null || !p.isObject() || p.get("id") == null || !p.get("id").isIntegralNumber()) {
                    in.error("tickets[" + i + "].id", "expected a ticket id");
                } else if (p.get("version") == null || !p.get("version").isIntegralNumber()) {
                    in.error("tickets[" + i + "].version", "required: the version you loaded");
                } else {
                    items.put(p.get("id").asLong(), p.get("version").asInt());
                }
            }
        } else if (list == null || !list.isArray()) in.error("ids", "expected an array of ticket ids");
        else list.forEach(n -> { if (n.isIntegralNumber()) items.put(n.asLong(), null); else in.error("ids", "expected ticket ids"); });
        String action = in.text("action", 20);
        String value = in.node("value") != null && in.node("value").isNumber() ? in.node("value").asString() : in.text("value", 100);
        in.throwIfInvalid();
        Tickets.BulkResult result = tickets.bulk(user, items, action, value);
        if (result.conflicts().isEmpty()) return ResponseEntity.ok(result);
        var problem = new io.rapport.platform.web.ApiProblem(org.springframework.http.HttpStatus.CONFLICT, "version-conflict",
                "Version conflict", result.changed() + " ticket(s) changed; " + result.conflicts().size()
                + " changed by someone else since you loaded them and were left alone: reload and apply again",
                result.conflicts().stream().map(c -> new io.rapport.platform.web.ApiProblem.FieldError("tickets." + c.id() + ".version",
                        "ticket #" + c.number() + " is at version " + c.actual() + ", you loaded version " + c.expected())).toList());
        var detail = io.rapport.platform.web.ApiExceptionHandler.toDetail(problem);
        detail.setProperty("changed", result.changed());
        detail.setProperty("conflicts", result.conflicts());
        return ResponseEntity.status(409).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail);
    }

    @Operation(summary = "Change fields of a ticket", description = "subject, status, priority, type, assigneeId, teamId, "
            + "tags, custom, language. Carry the version in the body (stale: 409) or as If-Match (stale: 412); without: 428.")
    @PatchMapping("/{id}")
    ResponseEntity<Ticket> update(@PathVariable long id, @RequestBody JsonNode body,
                                  @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Ticket t = tickets.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + t.version() + "\"").body(t);
    }

    @Operation(summary = "The conversation: public messages and internal notes, oldest first, with attachment metadata")
    @GetMapping("/{id}/messages")
    Map<String, Object> messages(@PathVariable long id) {
        return Map.of("items", tickets.messages(CurrentUser.require(), id));
    }

    @Operation(summary = "Reply publicly or add an internal note", description = "JSON {kind: PUBLIC|NOTE, body, status?, "
            + "attachments?: [{filename, contentType, contentBase64}]} or multipart (fields kind, body, status; parts "
            + "'files'). direction INBOUND records a customer's message handed over by an integration. Each file at most 25 MB (413).")
    @PostMapping(value = "/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TicketMessage> reply(@PathVariable long id, HttpServletRequest request) {
        CurrentUser user = CurrentUser.require();
        TicketVisibility.requireWriter(user);
        TicketMessage m = tickets.addMessage(user, id, readJson(request), List.of());
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + id + "/messages")).body(m);
    }

    @PostMapping(value = "/{id}/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<TicketMessage> replyMultipart(@PathVariable long id, @RequestParam(required = false) String kind,
                                                 @RequestParam(required = false) String body,
                                                 @RequestParam(required = false) String status,
                                                 @RequestPart(name = "files", required = false) List<MultipartFile> files) {
        CurrentUser user = CurrentUser.require();
        TicketVisibility.requireWriter(user);
        ObjectNode node = json.createObjectNode();
        if (kind != null && !kind.isBlank()) node.put("kind", kind);
        if (body != null) node.put("body", body);
        if (status != null && !status.isBlank()) node.put("status", status);
        TicketMessage m = tickets.addMessage(user, id, node, attachments.fromParts(files));
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + id + "/messages")).body(m);
    }

    @Operation(summary = "Download an attachment (always as a download, never rendered inline)")
    @GetMapping("/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long attachmentId) {
        return download(tickets.attachment(CurrentUser.require(), id, attachmentId));
    }

    static ResponseEntity<byte[]> download(TicketRepository.StoredFile f) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(f.filename(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(f.content());
    }

    @Operation(summary = "Merge this ticket into another", description = "{intoTicketId}: messages move to the target; this "
            + "ticket is closed and marked mergedIntoId. Returns the target.")
    @PostMapping("/{id}/merge")
    Ticket merge(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        return tickets.merge(CurrentUser.require(), id, body);
    }

    @Operation(summary = "Split a customer's message off into a new ticket", description = "{messageId, subject?}; the new "
            + "ticket is linked to this one. Returns the new ticket.")
    @PostMapping("/{id}/split")
    ResponseEntity<Ticket> split(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        return created(tickets.split(CurrentUser.require(), id, body));
    }

    @GetMapping("/{id}/links")
    Map<String, Object> links(@PathVariable long id) {
        return Map.of("items", tickets.linked(CurrentUser.require(), id));
    }

    @Operation(summary = "Link a related ticket (both ways)", description = "{relatedId}; returns the linked tickets")
    @PostMapping("/{id}/links")
    Map<String, Object> link(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        return Map.of("items", tickets.addLink(CurrentUser.require(), id, body));
    }

    @Operation(summary = "Remove a link", description = "DELETE /{id}/links/{relatedId} or /{id}/links?relatedId=")
    @DeleteMapping({"/{id}/links/{relatedId}", "/{id}/links"})
    ResponseEntity<Void> unlink(@PathVariable long id, @PathVariable(required = false) Long relatedId,
                                @RequestParam(name = "relatedId", required = false) Long relatedParam) {
        Long related = relatedId != null ? relatedId : relatedParam;
        if (related == null) throw Problems.invalid("relatedId", "required");
        tickets.removeLink(CurrentUser.require(), id, related);
        return ResponseEntity.noContent().build();
    }

    /** Reads a JSON body of at most {@link #MAX_JSON_BYTES} (the upload path lifts the usual 1 MB limit for attachments). */
    private JsonNode readJson(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_JSON_BYTES) throw Problems.tooLarge(MAX_JSON_BYTES);
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) throw Problems.tooLarge(MAX_JSON_BYTES);
            if (bytes.length == 0) throw Problems.malformed("The body must be a JSON object");
            return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Problems.malformed("Could not read the body");
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw Problems.malformed("The body is not well-formed JSON: " + e.getOriginalMessage());
        }
    }
}
