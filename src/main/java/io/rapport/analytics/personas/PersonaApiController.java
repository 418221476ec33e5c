package io.rapport.analytics.personas;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.analytics.journeys.Segment;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Analytics: personas")
@RestController
class PersonaApiController {

    private final Personas personas;

    PersonaApiController(Personas personas) {
        this.personas = personas;
    }

    @Operation(summary = "Saved personas with their size and profile, and the latest proposal run")
    @GetMapping("/api/v1/analytics/personas")
    Map<String, Object> list() {
        CurrentUser.require();
        return Map.of("items", personas.list(), "latestRun", personas.latestRun().map(Object.class::cast).orElse(Map.of()));
    }

    @Operation(summary = "Run k-means and propose clusters",
            description = "Body (optional): {\"k\": 2–8 (omit to choose k by silhouette), \"segment\": \"all | stage:X | tag:x | account:id | persona:id\"}. "
                    + "ADMIN, MANAGER and MARKETING. Contacts without a persona are assigned to the nearest saved persona.")
    @PostMapping("/api/v1/analytics/personas/proposals")
    ResponseEntity<Personas.Run> propose(@RequestBody(required = false) JsonNode body) {
        if (body != null && !body.isObject() && !body.isNull()) throw Problems.malformed("Send a JSON object such as {\"k\": 4}");
        Integer k = integer(body, "k");
        String segment = text(body, "segment");
        Personas.Run run = personas.propose(CurrentUser.require(), k, Segment.parse(segment));
        return ResponseEntity.created(URI.create("/api/v1/analytics/personas/proposals/" + run.id())).body(run);
    }

    @Operation(summary = "One proposal run")
    @GetMapping("/api/v1/analytics/personas/proposals/{id}")
    Personas.Run run(@PathVariable long id) {
        CurrentUser.require();
        return personas.run(id).orElseThrow(() -> Problems.notFound("Proposal run", id));
    }

    /** A saved persona and the background job reassigning contacts to the nearest persona. */
    public record Saved(@com.fasterxml.jackson.annotation.JsonUnwrapped Personas.Persona persona, AnalyticsJobs.Job assignment) {}

    @Operation(summary = "Name a proposed cluster as a persona",
            description = "{\"runId\", \"cluster\", \"name\", \"description\"}. 201 with the persona and the assignment job that "
                    + "reassigns every contact in the background (poll GET /api/v1/analytics/jobs/{id}).")
    @PostMapping("/api/v1/analytics/personas")
    ResponseEntity<Saved> create(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object with runId, cluster and name");
        Long run = integer(body, "runId") == null ? null : body.get("runId").asLong();
        CurrentUser user = CurrentUser.require();
        Personas.Persona p = personas.create(user, run, integer(body, "cluster"), text(body, "name"), text(body, "description"));
        return ResponseEntity.created(URI.create("/api/v1/analytics/personas/" + p.id())).body(new Saved(p, personas.queueAssignment(user)));
    }

    @GetMapping("/api/v1/analytics/personas/{id}")
    Personas.Persona get(@PathVariable long id) {
        CurrentUser.require();
        return personas.get(id);
    }

    @Operation(summary = "Rename or describe a persona", description = "{\"name\", \"description\", \"version\"}")
    @PutMapping("/api/v1/analytics/personas/{id}")
    Personas.Persona update(@PathVariable long id, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object with name, description and version");
        return personas.update(CurrentUser.require(), id, text(body, "name"), text(body, "description"), integer(body, "version"));
    }

    @Operation(summary = "Delete a persona; its contacts move to the nearest remaining persona in the background",
            description = "202 with the assignment job (poll GET /api/v1/analytics/jobs/{id}).")
    @DeleteMapping("/api/v1/analytics/personas/{id}")
    ResponseEntity<AnalyticsJobs.Job> delete(@PathVariable long id) {
        CurrentUser user = CurrentUser.require();
        personas.delete(user, id);
        AnalyticsJobs.Job job = personas.queueAssignment(user);
        return ResponseEntity.accepted().location(URI.create(job.progressUrl())).body(job);
    }

    @Operation(summary = "The persona's contacts you may see, by id", description = "cursor: the nextCursor of the previous page")
    @GetMapping("/api/v1/analytics/personas/{id}/contacts")
    PageResult<Personas.PersonaContact> contacts(@PathVariable long id, @RequestParam(required = false) String cursor,
                                                 @RequestParam(required = false) Integer limit) {
        return personas.contactsOf(CurrentUser.require(), id, after(cursor), PageLimit.of(limit));
    }

    @Operation(summary = "A contact's persona (404 when the contact is not visible; persona null when none is assigned)")
    @GetMapping("/api/v1/contacts/{id}/persona")
    Map<String, Object> ofContact(@PathVariable long id) {
        var p = personas.ofContact(CurrentUser.require(), id);
        java.util.HashMap<String, Object> out = new java.util.HashMap<>();
        out.put("contactId", id);
        out.put("persona", p.orElse(null));
        return out;
    }

    static Long after(String cursor) {
        if (cursor == null || cursor.isBlank()) return null;
        try {
            return Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalid("cursor", "not a cursor from this list");
        }
    }

    static Integer integer(JsonNode body, String field) {
        if (body == null) return null;
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber() && v.canConvertToInt()) return v.asInt();
        if (v.isString()) {
            try {
                return Integer.parseInt(v.asString().trim());
            } catch (NumberFormatException e) {
                throw Problems.invalid(field, "must be a whole number");
            }
        }
        throw Problems.invalid(field, "must be a whole number");
    }

    static String text(JsonNode body, String field) {
        if (body == null) return null;
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw Problems.invalid(field, "must be a string");
        return v.asString();
    }

}
