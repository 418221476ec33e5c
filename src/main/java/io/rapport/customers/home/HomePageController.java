package io.rapport.customers.home;

import io.rapport.customers.accounts.AccountFilter;
import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.ContactFilter;
import io.rapport.customers.contacts.Contacts;
import io.rapport.customers.contacts.LifecycleStage;
import io.rapport.platform.security.CurrentUser;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page after signing in: the customer base by lifecycle stage and what changed recently. */
@Controller
class HomePageController {

    private final Contacts contacts;
    private final Accounts accounts;

    HomePageController(Contacts contacts, Accounts accounts) {
        this.contacts = contacts;
        this.accounts = accounts;
    }

    @GetMapping("/")
    String home(Model model) {
        CurrentUser me = CurrentUser.require();
        Map<String, Long> counts = contacts.countByStage(me);
        Map<String, Long> byStage = new LinkedHashMap<>();
        Arrays.stream(LifecycleStage.values()).forEach(s -> byStage.put(s.name(), counts.getOrDefault(s.name(), 0L)));
        long total = byStage.values().stream().mapToLong(Long::longValue).sum();
        model.addAttribute("byStage", byStage);
        model.addAttribute("maxStage", Math.max(1, byStage.values().stream().mapToLong(Long::longValue).max().orElse(1)));
        model.addAttribute("totalContacts", total);
        model.addAttribute("totalAccounts", accounts.count(me, new AccountFilter(null, null, null, null, null, null, null, null,
                Map.of(), null, null, 1)));
        model.addAttribute("mine", contacts.count(me, filter("me", null)));
        model.addAttribute("recent", contacts.list(me, filter(null, "-updatedAt")).items());
        return "customers/home";
    }

    private static ContactFilter filter(String owner, String sort) {
        return new ContactFilter(null, owner, null, null, null, null, null, null, null, null, Map.of(), sort, null, 10);
    }
}
