package io.rapport.customers.contacts;

import io.rapport.customers.duplicates.DuplicateFinder;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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

@Tag(name = "Contacts")
@RestController
@RequestMapping("/api/v1/contacts")
class ContactApiController {

    private final Contacts contacts;
    private final Idempotency idempotency;
    private final DuplicateFinder duplicates;

    ContactApiController(Contacts contacts, Idempotency idempotency, DuplicateFinder duplicates) {
        this.contacts = contacts;
        this.idempotency = idempotency;
        this.duplicates = duplicates;
    }

    @Operation(summary = "List contacts visible to you",
            description = "Keyset pagination: pass nextCursor back as cursor. Custom fields filter as cf.<key>=value "
                    + "(contains for text, equality otherwise, empty value = has no value).")
    @GetMapping
    PageResult<Contact> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) String q, @RequestParam(required = false) String owner,
                             @RequestParam(required = false) String stage, @RequestParam(required = false) String tag,
                             @RequestParam(required = false) String account, @RequestParam(required = false) String updatedSince,
                             @RequestParam(required = false) String source, @RequestParam(required = false) String channel,
                             @RequestParam(required = false) String country, @RequestParam(required = false) Boolean emailConsent,
                             @RequestParam(required = false) String jobTitle, @RequestParam(required = false) String city,
                             @RequestParam(required = false) String language, @RequestParam(required = false) String emailDomain,
                             @RequestParam(required = false) String createdSince, @RequestParam(required = false) String createdBefore,
                             @Parameter(description = "key fields that must be empty: email, phone, jobTitle, account, owner, country")
                             @RequestParam(required = false) String missing,
                             @RequestParam(required = false) Integer completenessBelow,
                             @Parameter(description = "name, createdAt, updatedAt or stage; prefix '-' for descending")
                             @RequestParam(required = false) String sort,
                             @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all) {
        // the typed parameters above document the filters and reject wrong types; one reader turns them into a filter
        return contacts.list(CurrentUser.require(), ContactFilter.of(all, cursor, PageLimit.of(limit)));
    }

    @GetMapping("/{id}")
    ResponseEntity<Contact> get(@PathVariable long id) {
        Contact contact = contacts.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + contact.version() + "\"").body(contact);
    }

    @Operation(summary = "Create a contact", description = "Unknown fields are rejected with 400. Send Idempotency-Key to make retries safe. "
            + "Never refused for being a possible duplicate: the response then carries Possible-Duplicates (how many) and a "
            + "Link to /api/v1/contacts/{id}/duplicates.")
    @PostMapping
    ResponseEntity<?> create(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/contacts", () -> {
            Contact created = contacts.create(user, body);
            int possible = duplicates.contacts(user, new DuplicateFinder.ContactProbe(created.firstName(), created.lastName(),
                    created.emails(), created.phones(), created.accountId()), created.id()).size();
            return DuplicateFinder.hint(ResponseEntity.created(URI.create("/api/v1/contacts/" + created.id())),
                            "/api/v1/contacts/" + created.id() + "/duplicates", possible)
                    .eTag("\"" + created.version() + "\"").body(created);
        });
    }

    @Operation(summary = "Change some fields of a contact",
            description = "Fields present replace the stored ones; null clears. Carry the version in the body or as If-Match.")
    @PatchMapping("/{id}")
    ResponseEntity<Contact> update(@PathVariable long id, @RequestBody JsonNode body,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Contact updated = contacts.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        contacts.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
