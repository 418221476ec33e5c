package io.rapport.customers.accounts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.merging.FieldChoices;
import io.rapport.customers.merging.MergeForm;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Compare two accounts side by side, choose the surviving value per field, merge; undo from the merge history. */
@Controller
class AccountMergePageController {

    private final Accounts accounts;
    private final AccountMerges merges;
    private final CustomFields customFields;
    private final JsonMapper json;

    AccountMergePageController(Accounts accounts, AccountMerges merges, CustomFields customFields, JsonMapper json) {
        this.accounts = accounts;
        this.merges = merges;
        this.customFields = customFields;
        this.json = json;
    }

    @GetMapping("/accounts/{id}/merge")
    String compare(@PathVariable long id, @RequestParam long other, Model model) {
        CurrentUser me = CurrentUser.require();
        RecordVisibility.requireWriter(me);
        return page(model, accounts.get(me, id), accounts.get(me, other), Map.of(), null);
    }

    @PostMapping("/accounts/{id}/merge")
    String merge(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model) {
        CurrentUser me = CurrentUser.require();
        ObjectNode body = MergeForm.body(json, params);
        try {
            AccountMerges.MergeResult result = merges.merge(me, id, body, null);
            return "redirect:/accounts/" + id + "?merged=" + result.merge().id();
        } catch (ApiProblem problem) {
            return page(model, accounts.get(me, id), accounts.get(me, body.get("otherId").asLong()), params.toSingleValueMap(),
                    problem.getMessage());
        }
    }

    @PostMapping("/accounts/merges/{mergeId}/undo")
    String undo(@PathVariable long mergeId) {
        AccountMerges.UndoResult result = merges.undo(CurrentUser.require(), mergeId);
        return "redirect:/accounts/" + result.survivor().id() + "?unmerged";
    }

    private String page(Model model, Account survivor, Account other, Map<String, String> chosen, String error) {
        MergeForm<Account> form = new MergeForm<>(survivor, other, chosen, Set.of())
                .row("name", "Name", Account::name)
                .row("domain", "Domain", Account::domain)
                .row("industry", "Industry", Account::industry)
                .row("size", "Size", Account::size)
                .row("tier", "Tier", Account::tier)
                .row("ownerId", "Owner", Account::ownerName)
                .row("parentId", "Parent account", Account::parentName)
                .customFields(customFields.of(EntityKind.ACCOUNT), Account::customFields);
        model.addAttribute("kind", "accounts");
        model.addAttribute("moves", "its contacts, child accounts, timeline entries and tasks");
        model.addAttribute("c", survivor);
        model.addAttribute("o", other);
        model.addAttribute("rows", form.rows());
        model.addAttribute("tags", FieldChoices.union(survivor.tags(), other.tags()));
        model.addAttribute("error", error);
        return "customers/merge";
    }
}
