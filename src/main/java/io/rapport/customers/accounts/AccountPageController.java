package io.rapport.customers.accounts;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.customfields.CustomFieldForm;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.ListParams;
import io.rapport.customers.listing.PageForms;
import io.rapport.customers.views.SavedViews;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.PageResult;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.node.ObjectNode;

/** Account list, detail (with its contacts and child accounts) and edit pages. */
@Controller
class AccountPageController {

    private final Accounts accounts;
    private final CustomFields customFields;
    private final UserDirectory users;
    private final AuditLog audit;
    private final SavedViews views;

    AccountPageController(Accounts accounts, CustomFields customFields, UserDirectory users, AuditLog audit, SavedViews views) {
        this.views = views;
        this.accounts = accounts;
        this.customFields = customFields;
        this.users = users;
        this.audit = audit;
    }

    @GetMapping("/accounts")
    String list(@RequestParam MultiValueMap<String, String> params, HttpServletRequest request, Model model) {
        CurrentUser me = CurrentUser.require();
        Map<String, String> p = params.toSingleValueMap();
        List<CustomField> fields = customFields.of(EntityKind.ACCOUNT);
        List<Column<Account>> allColumns = AccountColumns.all(fields);
        List<String> chosen = params.containsKey("cols") ? params.get("cols") : AccountColumns.DEFAULT;
        List<Column<Account>> columns = Column.chosen(allColumns, chosen, AccountColumns.DEFAULT);
        try {
            AccountFilter filter = AccountFilter.of(ListParams.pageForm(params), p.get("cursor"), 50);
            PageResult<Account> page = accounts.list(me, filter);
            model.addAttribute("rows", page.items().stream().map(a -> columns.stream().map(col -> col.cell().apply(a)).toList()).toList());
            model.addAttribute("nextCursor", page.nextCursor());
            model.addAttribute("total", accounts.count(me, filter));
        } catch (ApiProblem problem) {
            model.addAttribute("rows", List.of());
            model.addAttribute("filterError", problem.getMessage());
            model.addAttribute("total", 0);
        }
        String query = request.getQueryString() == null ? "" : request.getQueryString().replaceAll("(^|&)(cursor|view)=[^&]*", "").replaceFirst("^&", "");
        model.addAttribute("columns", columns);
        model.addAttribute("allColumns", allColumns);
        model.addAttribute("chosen", chosen);
        model.addAttribute("fields", fields);
        model.addAttribute("views", views.visibleTo(me, EntityKind.ACCOUNT));
        model.addAttribute("listPath", "/accounts");
        model.addAttribute("p", p);
        model.addAttribute("query", query);
        model.addAttribute("filtered", params.keySet().stream().anyMatch(k -> !k.equals("cols") && !k.equals("sort") && !k.equals("cursor") && !k.equals("view")
                && !params.getFirst(k).isBlank()));
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("industries", accounts.industries());
        model.addAttribute("tiers", Account.TIERS);
        model.addAttribute("sizes", Account.SIZES);
        model.addAttribute("keyFields", Account.KEY_FIELDS.names());
        return "customers/accounts";
    }

    @PostMapping("/accounts/views")
    String saveView(@RequestParam String name, @RequestParam(defaultValue = "false") boolean shared,
                    @RequestParam(defaultValue = "") String query) {
        long id = views.save(CurrentUser.require(), EntityKind.ACCOUNT, name, shared, query);
        return "redirect:/accounts?" + query + (query.isEmpty() ? "" : "&") + "view=" + id;
    }

    @PostMapping("/accounts/views/{id}/delete")
    String deleteView(@PathVariable long id) {
        views.delete(CurrentUser.require(), id);
        return "redirect:/accounts";
    }

    @GetMapping("/accounts/{id}")
    String detail(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("a", accounts.get(me, id));
        model.addAttribute("children", accounts.list(me, new AccountFilter(null, null, null, null, null, null, String.valueOf(id),
                null, Map.of(), "name", null, 100)).items());
        model.addAttribute("fields", customFields.of(EntityKind.ACCOUNT));
        model.addAttribute("history", audit.find(new AuditLog.Filter("ACCOUNT", id, null, null, null, null), null, 20));
        model.addAttribute("canWrite", me.role().canWrite());
        return "customers/account";
    }

    @GetMapping("/accounts/new")
    String newForm(Model model) {
        Map<String, Object> form = new HashMap<>();
        form.put("ownerId", String.valueOf(CurrentUser.require().id()));
        return form(model, null, form, Map.of());
    }

    @GetMapping("/accounts/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        Account a = accounts.get(CurrentUser.require(), id);
        Map<String, Object> f = new HashMap<>();
        f.put("name", a.name());
        f.put("domain", a.domain());
        f.put("industry", a.industry());
        f.put("size", a.size());
        f.put("tier", a.tier());
        f.put("ownerId", a.ownerId() == null ? "" : String.valueOf(a.ownerId()));
        f.put("parentId", a.parentId() == null ? "" : String.valueOf(a.parentId()));
        f.put("tags", String.join(", ", a.tags()));
        f.put("version", String.valueOf(a.version()));
        f.putAll(CustomFieldForm.toForm(a.customFields()));
        return form(model, a, f, Map.of());
    }

    @PostMapping("/accounts")
    String create(@RequestParam MultiValueMap<String, String> params, Model model) {
        try {
            return "redirect:/accounts/" + accounts.create(CurrentUser.require(), toJson(params)).id() + "?created";
        } catch (ApiProblem problem) {
            return invalid(model, null, params, problem);
        }
    }

    @PostMapping("/accounts/{id}")
    String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model) {
        CurrentUser me = CurrentUser.require();
        try {
            accounts.update(me, id, toJson(params), null);
            return "redirect:/accounts/" + id + "?saved";
        } catch (ApiProblem problem) {
            return invalid(model, accounts.get(me, id), params, problem);
        }
    }

    @PostMapping("/accounts/{id}/delete")
    String delete(@PathVariable long id) {
        accounts.delete(CurrentUser.require(), id);
        return "redirect:/accounts?deleted";
    }

    private String invalid(Model model, Account existing, MultiValueMap<String, String> params, ApiProblem problem) {
        return form(model, existing, PageForms.resubmitted(params), PageForms.errors(problem));
    }

    private String form(Model model, Account existing, Map<String, Object> form, Map<String, String> errors) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("a", existing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("fields", customFields.of(EntityKind.ACCOUNT));
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("tiers", Account.TIERS);
        model.addAttribute("sizes", Account.SIZES);
        model.addAttribute("parents", accounts.list(me, new AccountFilter(null, null, null, null, null, null, null, null,
                Map.of(), "name", null, 500)).items().stream().filter(x -> existing == null || x.id() != existing.id()).toList());
        return "customers/account-form";
    }

    private ObjectNode toJson(MultiValueMap<String, String> params) {
        Map<String, String> f = params.toSingleValueMap();
        ObjectNode body = PageForms.object();
        for (String field : List.of("name", "domain", "industry", "size", "tier")) PageForms.text(body, f, field);
        PageForms.list(body, f, "tags");
        PageForms.id(body, f, "ownerId");
        PageForms.id(body, f, "parentId");
        PageForms.version(body, f);
        body.set("customFields", CustomFieldForm.toJson(customFields.of(EntityKind.ACCOUNT), params));
        return body;
    }
}
