package io.rapport.customers.duplicates;

import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.accounts.AccountMerges;
import io.rapport.customers.contacts.ContactMerges;
import io.rapport.customers.contacts.Contacts;
import io.rapport.customers.contacts.PhoneNumbers;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.users.EmailAddress;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** "Possible duplicates" page with the scan's progress, the checks while typing, and the card on a contact's page. */
@Controller
class DuplicatePageController {

    private final DuplicatePairs pairs;
    private final DuplicateScans scans;
    private final DuplicateFinder finder;
    private final Contacts contacts;
    private final Accounts accounts;
    private final ContactMerges merges;
    private final AccountMerges accountMerges;
    private final String phoneRegion;

    DuplicatePageController(DuplicatePairs pairs, DuplicateScans scans, DuplicateFinder finder, Contacts contacts,
                            Accounts accounts, ContactMerges merges, AccountMerges accountMerges, @Value("${rapport.phone.default-region}") String phoneRegion) {
        this.pairs = pairs;
        this.scans = scans;
        this.finder = finder;
        this.contacts = contacts;
        this.accounts = accounts;
        this.merges = merges;
        this.accountMerges = accountMerges;
        this.phoneRegion = phoneRegion;
    }

    @GetMapping("/duplicates")
    String list(@RequestParam(required = false) String entity, @RequestParam(required = false) String cursor, Model model) {
        CurrentUser me = CurrentUser.require();
        String e = DuplicatePairs.entity(entity);
        PageResult<DuplicatePairs.Pair> page = pairs.list(me, e, null, cursor, PageLimit.DEFAULT);
        model.addAttribute("entity", e);
        model.addAttribute("pairs", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("firstPage", cursor == null || cursor.isBlank());
        model.addAttribute("scan", scans.latest(e).orElse(null));
        model.addAttribute("canScan", me.role() == Role.ADMIN || me.role() == Role.MANAGER);
        model.addAttribute("canWrite", me.role().canWrite());
        return "customers/duplicates";
    }

    @PostMapping("/duplicates/scans")
    String scan(@RequestParam(required = false) String entity) {
        DuplicateScans.Scan scan = scans.start(CurrentUser.require(), entity);
        return "redirect:/duplicates?entity=" + scan.entity().toLowerCase();
    }

    /** The progress card; polled by htmx while the scan runs, and reloads the page when it is done. */
    @GetMapping("/duplicates/scans/{id}")
    String scanProgress(@PathVariable long id, Model model) {
        CurrentUser.require();
        model.addAttribute("scan", scans.get(id).orElseThrow(() -> Problems.notFound("Duplicate scan", id)));
        model.addAttribute("polled", true);
        return "customers/duplicate-fragments :: scan";
    }

    @PostMapping("/duplicates/{id}/dismiss")
    String dismiss(@PathVariable long id, @RequestParam(required = false) String entity) {
        pairs.dismiss(CurrentUser.require(), id);
        return "redirect:/duplicates?entity=" + (entity == null ? "contact" : entity) + "&dismissed";
    }

    /** "Not a duplicate" from a contact's page: the pair need not have been found by a scan. */
    @PostMapping("/contacts/{id}/not-duplicate")
    String notDuplicate(@PathVariable long id, @RequestParam long other, @RequestParam(defaultValue = "0") double score) {
        CurrentUser me = CurrentUser.require();
        contacts.get(me, id);
        contacts.get(me, other);
        pairs.dismiss(me, "CONTACT", id, other, score);
        return "redirect:/contacts/" + id;
    }

    @PostMapping("/accounts/{id}/not-duplicate")
    String notDuplicateAccount(@PathVariable long id, @RequestParam long other, @RequestParam(defaultValue = "0") double score) {
        CurrentUser me = CurrentUser.require();
        accounts.get(me, id);
        accounts.get(me, other);
        pairs.dismiss(me, "ACCOUNT", id, other, score);
        return "redirect:/accounts/" + id;
    }

    /** While the contact form is filled in: who may already be in the database (never blocks saving). */
    @GetMapping("/contacts/duplicate-check")
    String checkContact(@RequestParam(required = false) String firstName, @RequestParam(required = false) String lastName,
                        @RequestParam(required = false) String emails, @RequestParam(required = false) String phones,
                        @RequestParam(required = false) String accountId, @RequestParam(required = false) String country,
                        @RequestParam(required = false) Long self, Model model) {
        CurrentUser me = CurrentUser.require();
        String region = country != null && country.matches("[A-Za-z]{2}") ? country : phoneRegion;
        List<String> mails = split(emails).filter(EmailAddress::isValid).map(m -> new EmailAddress(m).value()).toList();
        List<String> numbers = split(phones).map(p -> PhoneNumbers.toE164(p, region)).flatMap(Optional::stream).toList();
        Long account = accountId != null && accountId.matches("\\d{1,18}") ? Long.valueOf(accountId) : null;
        model.addAttribute("candidates", finder.contacts(me, new DuplicateFinder.ContactProbe(firstName, lastName, mails, numbers,
                account), self));
        model.addAttribute("kind", "contacts");
        return "customers/duplicate-fragments :: check";
    }

    @GetMapping("/accounts/duplicate-check")
    String checkAccount(@RequestParam(required = false) String name, @RequestParam(required = false) String domain,
                        @RequestParam(required = false) Long self, Model model) {
        model.addAttribute("candidates", finder.accounts(CurrentUser.require(), name, domain, self));
        model.addAttribute("kind", "accounts");
        return "customers/duplicate-fragments :: check";
    }

    /** The card on a contact's page: possible duplicates now, and merges into this contact that can be undone. */
    @GetMapping("/contacts/{id}/duplicates")
    String contactCard(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        var contact = contacts.get(me, id);
        model.addAttribute("self", id);
        model.addAttribute("kind", "contacts");
        model.addAttribute("candidates", finder.contacts(me, DuplicateApiController.probe(contact), id));
        model.addAttribute("merges", merges.history(me, id));
        model.addAttribute("now", merges.now());
        model.addAttribute("canWrite", me.role().canWrite());
        return "customers/duplicate-fragments :: card";
    }

    /** The card on an account's page: accounts with the same domain or a close name, and merges into this account. */
    @GetMapping("/accounts/{id}/duplicates")
    String accountCard(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        var account = accounts.get(me, id);
        model.addAttribute("self", id);
        model.addAttribute("kind", "accounts");
        model.addAttribute("candidates", finder.accounts(me, account.name(), account.domain(), id));
        model.addAttribute("merges", accountMerges.history(me, id));
        model.addAttribute("now", accountMerges.now());
        model.addAttribute("canWrite", me.role().canWrite());
        return "customers/duplicate-fragments :: card";
    }

    private static java.util.stream.Stream<String> split(String raw) {
        return raw == null ? java.util.stream.Stream.empty()
                : Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).limit(10);
    }
}
