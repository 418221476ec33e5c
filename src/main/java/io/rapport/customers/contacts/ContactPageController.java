package io.rapport.customers.contacts;

import io.rapport.customers.accounts.AccountFilter;
import io.rapport.customers.accounts.Accounts;
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

/** Contact list, detail and edit pages; writes go through {@link Contacts} exactly like the API's. */
@Controller
class ContactPageController {

    private final Contacts contacts;
    private final Accounts accounts;
    private final CustomFields customFields;
    private final UserDirectory users;
    private final SavedViews views;
    private final AuditLog audit;

    ContactPageController(Contacts contacts, Accounts accounts, CustomFields customFields, UserDirectory users,
                          SavedViews views, AuditLog audit) {
        this.contacts = contacts;
        this.accounts = accounts;
        this.customFields = customFields;
        this.users = users;
        this.views = views;
        this.audit = audit;
    }

    @GetMapping("/contacts")
    String list(@RequestParam MultiValueMap<String, String> params, HttpServletRequest request, Model model) {
        CurrentUser me = CurrentUser.require();
        Map<String, String> p = params.toSingleValueMap();
        List<CustomField> fields = customFields.of(EntityKind.CONTACT);
        List<Column<Contact>> allColumns = ContactColumns.all(fields);
        List<String> chosen = params.containsKey("cols") ? params.get("cols") : ContactColumns.DEFAULT;
        List<Column<Contact>> columns = Column.chosen(allColumns, chosen, ContactColumns.DEFAULT);
        try {
            ContactFilter filter = ContactFilter.of(ListParams.pageForm(params), p.get("cursor"), 50);
            PageResult<Contact> page = contacts.list(me, filter);
            model.addAttribute("rows", page.items().stream().map(c -> columns.stream().map(col -> col.cell().apply(c)).toList()).toList());
            model.addAttribute("nextCursor", page.nextCursor());
            model.addAttribute("total", contacts.count(me, filter));
        } catch (ApiProblem problem) {
            model.addAttribute("rows", List.of());
            model.addAttribute("filterError", problem.getMessage());
            model.addAttribute("total", 0);
        }
        model.addAttribute("p", p);
        model.addAttribute("columns", columns);
        model.addAttribute("allColumns", allColumns);
        model.addAttribute("chosen", chosen);
        model.addAttribute("fields", fields);
        model.addAttribute("stages", LifecycleStage.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("views", views.visibleTo(me, EntityKind.CONTACT));
        model.addAttribute("query", withoutCursor(request.getQueryString()));
        model.addAttribute("listPath", "/contacts");
        model.addAttribute("moreOpen", params.keySet().stream().anyMatch(k -> (k.startsWith("cf.")
                || List.of("jobTitle", "city", "emailDomain", "createdSince", "emailConsent", "missing", "completenessBelow").contains(k))
                && !params.getFirst(k).isBlank()));
        model.addAttribute("filtered", params.keySet().stream().anyMatch(k -> !k.equals("cols") && !k.equals("sort")
                && !k.equals("cursor") && !k.equals("view") && !params.getFirst(k).isBlank()));
        return "customers/contacts";
    }

    @GetMapping("/contacts/{id}")
    String detail(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        Contact contact = contacts.get(me, id);
        model.addAttribute("c", contact);
        model.addAttribute("fields", customFields.of(EntityKind.CONTACT));
        model.addAttribute("stages", LifecycleStage.values());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("history", audit.find(new AuditLog.Filter("CONTACT", id, null, null, null, null), null, 20));
        model.addAttribute("canWrite", me.role().canWrite());
        return "customers/contact";
    }

    /** The contacts of an account, loaded into the account page by htmx. */
    @GetMapping("/accounts/{accountId}/contacts")
    String ofAccount(@PathVariable long accountId, @RequestParam(required = false) String cursor, Model model) {
        CurrentUser me = CurrentUser.require();
        PageResult<Contact> page = contacts.list(me, new ContactFilter(null, null, null, null, String.valueOf(accountId), null,
                null, null, null, null, Map.of(), "name", cursor, 25));
        model.addAttribute("contacts", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("accountId", accountId);
        return "customers/account-contacts";
    }

    @GetMapping("/contacts/new")
    String newForm(@RequestParam(required = false) Long accountId, Model model) {
        Map<String, Object> form = new HashMap<>();
        form.put("ownerId", String.valueOf(CurrentUser.require().id()));
        form.put("lifecycleStage", "LEAD");
        if (accountId != null) form.put("accountId", String.valueOf(accountId));
        return form(model, null, form, Map.of());
    }

    @GetMapping("/contacts/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        Contact c = contacts.get(CurrentUser.require(), id);
        return form(model, c, formOf(c), Map.of());
    }

    @PostMapping("/contacts")
    String create(@RequestParam MultiValueMap<String, String> params, Model model) {
        try {
            Contact created = contacts.create(CurrentUser.require(), toJson(params));
            return "redirect:/contacts/" + created.id() + "?created";
        } catch (ApiProblem problem) {
            return invalid(model, null, params, problem);
        }
    }

    @PostMapping("/contacts/{id}")
    String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model) {
        CurrentUser me = CurrentUser.require();
        try {
            contacts.update(me, id, toJson(params), null);
            return "redirect:/contacts/" + id + "?saved";
        } catch (ApiProblem problem) {
            return invalid(model, contacts.get(me, id), params, problem);
        }
    }

    /** Inline edit from the detail page (htmx): one field, answered with the refreshed summary card. */
    @PostMapping("/contacts/{id}/inline")
    String inline(@PathVariable long id, @RequestParam String field, @RequestParam(required = false) String value,
                  @RequestParam int version, Model model) {
        CurrentUser me = CurrentUser.require();
        ObjectNode body = PageForms.object();
        body.put("version", version);
        switch (field) {
            case "lifecycleStage" -> body.put("lifecycleStage", value);
            case "ownerId" -> PageForms.id(body, Map.of("ownerId", value == null ? "" : value), "ownerId");
            case "tags" -> PageForms.list(body, Map.of("tags", value == null ? "" : value), "tags");
            default -> body.put(field, value);  // rejected as an unknown field by the shared validation
        }
        try {
            contacts.update(me, id, body, null);
        } catch (ApiProblem problem) {
            model.addAttribute("inlineError", problem.getMessage());
        }
        model.addAttribute("c", contacts.get(me, id));
        model.addAttribute("stages", LifecycleStage.values());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("canWrite", me.role().canWrite());
        return "customers/contact :: summary";
    }

    @PostMapping("/contacts/{id}/delete")
    String delete(@PathVariable long id) {
        contacts.delete(CurrentUser.require(), id);
        return "redirect:/contacts?deleted";
    }

    @PostMapping("/contacts/views")
    String saveView(@RequestParam String name, @RequestParam(defaultValue = "false") boolean shared,
                    @RequestParam(defaultValue = "") String query) {
        long id = views.save(CurrentUser.require(), EntityKind.CONTACT, name, shared, query);
        return "redirect:/contacts?" + query + (query.isEmpty() ? "" : "&") + "view=" + id;
    }

    @PostMapping("/contacts/views/{id}/delete")
    String deleteView(@PathVariable long id) {
        views.delete(CurrentUser.require(), id);
        return "redirect:/contacts";
    }

    private String invalid(Model model, Contact existing, MultiValueMap<String, String> params, ApiProblem problem) {
        return form(model, existing, PageForms.resubmitted(params), PageForms.errors(problem));
    }

    private String form(Model model, Contact existing, Map<String, Object> form, Map<String, String> errors) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("c", existing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("fields", customFields.of(EntityKind.CONTACT));
        model.addAttribute("stages", LifecycleStage.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("accounts", accounts.list(me, new AccountFilter(null, null, null, null, null, null, null, null,
                Map.of(), "name", null, 500)).items());
        return "customers/contact-form";
    }

    private ObjectNode toJson(MultiValueMap<String, String> params) {
        Map<String, String> f = params.toSingleValueMap();
        ObjectNode body = PageForms.object();
        for (String field : List.of("firstName", "lastName", "jobTitle", "lifecycleStage", "source", "preferredChannel", "language")) {
            PageForms.text(body, f, field);
        }
        PageForms.list(body, f, "emails");
        PageForms.list(body, f, "phones");
        PageForms.list(body, f, "tags");
        PageForms.id(body, f, "accountId");
        PageForms.id(body, f, "ownerId");
        PageForms.version(body, f);
        ObjectNode address = body.putObject("address");
        for (String field : List.of("street", "city", "region", "postalCode", "country")) PageForms.text(address, f, field);
        ObjectNode consent = body.putObject("consent");
        consent.put("emailMarketing", "true".equals(f.get("emailConsent")));
        PageForms.text(consent, Map.of("source", f.getOrDefault("emailConsentSource", "")), "source");
        if (!consent.hasNonNull("source") && "true".equals(f.get("emailConsent"))) consent.put("source", "entered by user");
        body.set("customFields", CustomFieldForm.toJson(customFields.of(EntityKind.CONTACT), params));
        return body;
    }

    private static Map<String, Object> formOf(Contact c) {
        Map<String, Object> f = new HashMap<>();
        f.put("firstName", c.firstName());
        f.put("lastName", c.lastName());
        f.put("emails", String.join(", ", c.emails()));
        f.put("phones", String.join(", ", c.phones()));
        f.put("jobTitle", c.jobTitle());
        f.put("accountId", c.accountId() == null ? "" : String.valueOf(c.accountId()));
        f.put("ownerId", c.ownerId() == null ? "" : String.valueOf(c.ownerId()));
        f.put("lifecycleStage", c.lifecycleStage().name());
        f.put("source", c.source());
        f.put("preferredChannel", c.preferredChannel() == null ? "" : c.preferredChannel().name());
        f.put("language", c.language());
        f.put("street", c.address().street());
        f.put("city", c.address().city());
        f.put("region", c.address().region());
        f.put("postalCode", c.address().postalCode());
        f.put("country", c.address().country());
        f.put("tags", String.join(", ", c.tags()));
        f.put("emailConsent", c.consent().emailMarketing() ? "true" : "");
        f.put("emailConsentSource", c.consent().source());
        f.put("version", String.valueOf(c.version()));
        f.putAll(CustomFieldForm.toForm(c.customFields()));
        return f;
    }

    static String withoutCursor(String query) {
        if (query == null) return "";
        return query.replaceAll("(^|&)(cursor|view)=[^&]*", "").replaceFirst("^&", "");
    }
}
