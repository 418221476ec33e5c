package io.rapport.customers.contacts;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Contacts")
@RestController
class ContactMergeApiController {

    private final ContactMerges merges;

    ContactMergeApiController(ContactMerges merges) {
        this.merges = merges;
    }

    @Operation(summary = "Merge another contact into this one",
            description = "Body {\"otherId\": 42, \"version\": <this contact's version>, \"otherVersion\": <the other's>, "
                    + "\"fields\": {\"lastName\": \"other\", \"emails\": \"both\", \"customFields.segment\": \"other\"}}. "
                    + "Unnamed fields keep this contact's value (or the other's where this one is empty); tags are united; "
                    + "timeline entries and tasks move to this contact; the other contact is deleted. Undoable for 30 days.")
    @PostMapping("/api/v1/contacts/{id}/merge")
    ResponseEntity<ContactMerges.MergeResult> merge(@PathVariable long id, @RequestBody JsonNode body,
                                                    @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ContactMerges.MergeResult result = merges.merge(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + result.survivor().version() + "\"").body(result);
    }

    @Operation(summary = "Undo a merge (within 30 days)",
            description = "Restores the merged-away contact with its id, the survivor's fields the merge changed (unless "
                    + "edited since) and the rows moved to the survivor. 409 if already undone, 410 after 30 days.")
    @PostMapping("/api/v1/contacts/merges/{mergeId}/undo")
    ContactMerges.UndoResult undo(@PathVariable long mergeId) {
        return merges.undo(CurrentUser.require(), mergeId);
    }

    @Operation(summary = "Merges into this contact, newest first")
    @GetMapping("/api/v1/contacts/{id}/merges")
    List<io.rapport.customers.merging.Merge> history(@PathVariable long id) {
        return merges.history(CurrentUser.require(), id);
    }
}
