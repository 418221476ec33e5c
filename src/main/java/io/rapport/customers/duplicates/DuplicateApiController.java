package io.rapport.customers.duplicates;

import io.rapport.customers.accounts.Account;
import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.Contact;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Duplicates")
@RestController
class DuplicateApiController {

    private final DuplicatePairs pairs;
    private final DuplicateScans scans;
    private final DuplicateFinder finder;
    private final Contacts contacts;
    private final Accounts accounts;

    DuplicateApiController(DuplicatePairs pairs, DuplicateScans scans, DuplicateFinder finder, Contacts contacts, Accounts accounts) {
        this.pairs = pairs;
        this.scans = scans;
        this.finder = finder;
        this.contacts = contacts;
        this.accounts = accounts;
    }

    @Operation(summary = "Possible duplicates found by the last scan, best score first",
            description = "Open pairs whose two records you may see. entity=contact (default) or account; recordId= only "
                    + "the pairs of one record. Keyset pagination through nextCursor.")
    @GetMapping("/api/v1/duplicates")
    PageResult<DuplicatePairs.Pair> list(@RequestParam(required = false) String entity, @RequestParam(required = false) Long recordId,
                                         @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return pairs.list(CurrentUser.require(), entity, recordId, cursor, PageLimit.of(limit));
    }

    @GetMapping("/api/v1/duplicates/{id}")
    DuplicatePairs.Pair get(@PathVariable long id) {
        return pairs.find(CurrentUser.require(), id).orElseThrow(() -> Problems.notFound("Duplicate pair", id));
    }

    @Operation(summary = "Not a duplicate", description = "The pair is kept as dismissed: later scans and checks leave it out.")
    @PostMapping("/api/v1/duplicates/{id}/dismiss")
    ResponseEntity<Void> dismiss(@PathVariable long id) {
        pairs.dismiss(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Scan a whole table for duplicates (admins and managers)",
            description = "Body {\"entity\": \"contact\"|\"account\"}. Runs in the background; poll the returned scan. "
                    + "If a scan of that table is already queued or running, that scan is returned.")
    @PostMapping("/api/v1/duplicates/scans")
    ResponseEntity<DuplicateScans.Scan> scan(@RequestBody(required = false) JsonNode body) {
        String entity = null;
        if (body != null && !body.isNull()) {
            JsonFields in = new JsonFields(body, Set.of("entity"));
            entity = in.oneOf("entity", List.of("contact", "account", "CONTACT", "ACCOUNT"));
            in.throwIfInvalid();
        }
        DuplicateScans.Scan scan = scans.start(CurrentUser.require(), entity);
        return ResponseEntity.accepted().location(URI.create("/api/v1/duplicates/scans/" + scan.id())).body(scan);
    }

    @GetMapping("/api/v1/duplicates/scans/{id}")
    DuplicateScans.Scan scanStatus(@PathVariable long id) {
        CurrentUser.require();
        return scans.get(id).orElseThrow(() -> Problems.notFound("Duplicate scan", id));
    }

    @Operation(summary = "Possible duplicates of one contact, checked now (same rules as the scan)")
    @GetMapping("/api/v1/contacts/{id}/duplicates")
    List<DuplicateFinder.Candidate> ofContact(@PathVariable long id) {
        CurrentUser user = CurrentUser.require();
        Contact c = contacts.get(user, id);
        return finder.contacts(user, probe(c), c.id());
    }

    @Operation(summary = "Possible duplicates of one account, checked now (same domain or a close name)")
    @GetMapping("/api/v1/accounts/{id}/duplicates")
    List<DuplicateFinder.Candidate> ofAccount(@PathVariable long id) {
        CurrentUser user = CurrentUser.require();
        Account a = accounts.get(user, id);
        return finder.accounts(user, a.name(), a.domain(), a.id());
    }

    static DuplicateFinder.ContactProbe probe(Contact c) {
        return new DuplicateFinder.ContactProbe(c.firstName(), c.lastName(), c.emails(), c.phones(), c.accountId());
    }
}
