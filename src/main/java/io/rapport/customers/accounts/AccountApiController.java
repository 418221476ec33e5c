package io.rapport.customers.accounts;

import io.rapport.customers.duplicates.DuplicateFinder;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
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

@Tag(name = "Accounts")
@RestController
@RequestMapping("/api/v1/accounts")
class AccountApiController {

    private final Accounts accounts;
    private final Idempotency idempotency;
    private final DuplicateFinder duplicates;

    AccountApiController(Accounts accounts, Idempotency idempotency, DuplicateFinder duplicates) {
        this.accounts = accounts;
        this.idempotency = idempotency;
        this.duplicates = duplicates;
    }

    @GetMapping
    PageResult<Account> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) String q, @RequestParam(required = false) String owner,
                             @RequestParam(required = false) String industry, @RequestParam(required = false) String tier,
                             @RequestParam(required = false) String size, @RequestParam(required = false) String tag,
                             @RequestParam(required = false) String parent, @RequestParam(required = false) String updatedSince,
                             @Parameter(description = "key fields that must be empty: domain, industry, size, tier, owner")
                             @RequestParam(required = false) String missing,
                             @RequestParam(required = false) Integer completenessBelow,
                             @Parameter(description = "name, createdAt or updatedAt; prefix '-' for descending")
                             @RequestParam(required = false) String sort,
                             @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all) {
        // the typed parameters above document the filters and reject wrong types; one reader turns them into a filter
        return accounts.list(CurrentUser.require(), AccountFilter.of(all, cursor, PageLimit.of(limit)));
    }

    @GetMapping("/{id}")
    ResponseEntity<Account> get(@PathVariable long id) {
        Account account = accounts.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + account.version() + "\"").body(account);
    }

    @PostMapping
    ResponseEntity<?> create(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/accounts", () -> {
            Account created = accounts.create(user, body);
            int possible = duplicates.accounts(user, created.name(), created.domain(), created.id()).size();
            return DuplicateFinder.hint(ResponseEntity.created(URI.create("/api/v1/accounts/" + created.id())),
                            "/api/v1/accounts/" + created.id() + "/duplicates", possible)
                    .eTag("\"" + created.version() + "\"").body(created);
        });
    }

    @PatchMapping("/{id}")
    ResponseEntity<Account> update(@PathVariable long id, @RequestBody JsonNode body,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Account updated = accounts.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        accounts.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
