package io.rapport.service.macros;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Macros over the API: shared ones for admins and managers to keep, personal ones for every agent. */
@Tag(name = "Macros")
@RestController
class MacroApiController {

    private final Macros macros;

    MacroApiController(Macros macros) {
        this.macros = macros;
    }

    @Operation(summary = "Macros you can use", description = "Shared macros and your personal ones, by name.")
    @GetMapping("/api/v1/macros")
    Map<String, List<Macro>> list() {
        return Map.of("items", macros.visible(CurrentUser.require()));
    }

    @GetMapping("/api/v1/macros/{id}")
    ResponseEntity<Macro> get(@PathVariable long id) {
        Macro m = macros.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + m.version() + "\"").body(m);
    }

    @Operation(summary = "Create a macro", description = "Body: {\"name\", \"body\" with {{placeholders}}, \"shared\" "
            + "(admins and managers only), \"changes\": {status, priority, type, addTags, teamId, assigneeId}}. "
            + "An unknown placeholder is a 400 naming it.")
    @PostMapping("/api/v1/macros")
    ResponseEntity<Macro> create(@RequestBody JsonNode body) {
        Macro m = macros.create(CurrentUser.require(), body);
        return ResponseEntity.status(HttpStatus.CREATED).eTag("\"" + m.version() + "\"").body(m);
    }

    @Operation(summary = "Change a macro", description = "Send the version as If-Match or in the body.")
    @PatchMapping("/api/v1/macros/{id}")
    ResponseEntity<Macro> update(@PathVariable long id, @RequestBody JsonNode body,
                                 @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Macro m = macros.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + m.version() + "\"").body(m);
    }

    @DeleteMapping("/api/v1/macros/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        macros.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Render a macro for a ticket", description = "The text with placeholder values HTML-escaped "
            + "(text) and as plain text (plainText), and the field changes applying it would make. Writes nothing.")
    @PostMapping("/api/v1/tickets/{ticketId}/macros/{macroId}/preview")
    MacroPreview preview(@PathVariable long ticketId, @PathVariable long macroId) {
        return macros.preview(CurrentUser.require(), ticketId, macroId);
    }

    @Operation(summary = "Apply a macro's field changes to a ticket", description = "Status, priority, type, tags, team, "
            + "assignee; the reply text is sent separately through the ticket's messages.")
    @PostMapping("/api/v1/tickets/{ticketId}/macros/{macroId}/apply")
    TicketChanges.Outcome apply(@PathVariable long ticketId, @PathVariable long macroId) {
        return macros.apply(ticketId, macroId, CurrentUser.require());
    }
}
