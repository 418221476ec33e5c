package io.rapport.customers.accounts;

import io.rapport.customers.merging.Merge;
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

@Tag(name = "Accounts")
@RestController
class AccountMergeApiController {

    private final AccountMerges merges;

    AccountMergeApiController(AccountMerges merges) {
        this.merges = merges;
    }

    @Operation(summary = "Merge another account into this one",
            description = "Body {\"otherId\": 42, \"version\": <this account's version>, \"otherVersion\": <the other's>, "
                    + "\"fields\": {\"domain\": \"other\", \"customFields.segment\": \"other\"}}. Unnamed fields keep this "
                    + "account's value (or the other's where this one is empty); tags are united; the other account's "
                    + "contacts, child accounts, timeline entries and tasks move to this account; the other account is "
                    + "deleted. Undoable for 30 days.")
    @PostMapping("/api/v1/accounts/{id}/merge")
    ResponseEntity<AccountMerges.MergeResult> merge(@PathVariable long id, @RequestBody JsonNode body,
                                                    @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        AccountMerges.MergeResult result = merges.merge(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + result.survivor().version() + "\"").body(result);
    }

    @Operation(summary = "Undo an account merge (within 30 days)",
            description = "Restores the merged-away account with its id, the survivor's fields the merge changed (unless "
                    + "edited since) and the rows moved to the survivor. 409 if already undone, 410 after 30 days.")
    @PostMapping("/api/v1/accounts/merges/{mergeId}/undo")
    AccountMerges.UndoResult undo(@PathVariable long mergeId) {
        return merges.undo(CurrentUser.require(), mergeId);
    }

    @Operation(summary = "Merges into this account, newest first")
    @GetMapping("/api/v1/accounts/{id}/merges")
    List<Merge> history(@PathVariable long id) {
        return merges.history(CurrentUser.require(), id);
    }
}
