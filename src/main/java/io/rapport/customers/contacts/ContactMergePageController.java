package io.rapport.customers.contacts;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.customfields.CustomFieldForm;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Compare two contacts side by side, choose the surviving value per field, merge; undo from the merge history. */
@Controller
class ContactMergePageController {

    /** One line of the comparison: the field as named in the API, both values as shown, and the preselected side. */
    record Row(String field, String label, String mine, String theirs, String choice, boolean allowsBoth) {
        public boolean same() {
            return Objects.equals(mine, theirs);
        }
    }

    private final Contacts contacts;
    private final ContactMerges merges;
    private final CustomFields customFields;
    private final JsonMapper json;

    ContactMergePageController(Contacts contacts, ContactMerges merges, CustomFields customFields, JsonMapper json) {
        this.contacts = contacts;
        this.merges = merges;
        this.customFields = customFields;
        this.json = json;
    }

    @GetMapping("/contacts/{id}/merge")
    String compare(@PathVariable long id, @RequestParam long other, Model model) {
        CurrentUser me = CurrentUser.require();
        RecordVisibility.requireWriter(me);
        return page(model, contacts.get(me, id), contacts.get(me, other), Map.of(), null);
    }

    @PostMapping("/contacts/{id}/merge")
    String merge(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model) {
        CurrentUser me = CurrentUser.require();
        ObjectNode body = json.createObjectNode();
        ObjectNode fields = body.putObject("fields");
        params.forEach((name, values) -> {
            if (name.startsWith("f.") && !values.isEmpty()) fields.put(name.substring(2), values.getFirst());
        });
        body.put("otherId", parseLong(params.getFirst("otherId")));
        body.put("version", parseLong(params.getFirst("version")));
        body.put("otherVersion", parseLong(params.getFirst("otherVersion")));
        try {
            ContactMerges.MergeResult result = merges.merge(me, id, body, null);
            return "redirect:/contacts/" + id + "?merged=" + result.merge().id();
        } catch (ApiProblem problem) {
            Contact survivor = contacts.get(me, id);
            Contact other = contacts.get(me, body.get("otherId").asLong());
            return page(model, survivor, other, params.toSingleValueMap(), problem.getMessage());
        }
    }

    @PostMapping("/contacts/merges/{mergeId}/undo")
    String undo(@PathVariable long mergeId) {
        ContactMerges.UndoResult result = merges.undo(CurrentUser.require(), mergeId);
        return "redirect:/contacts/" + result.survivor().id() + "?unmerged";
    }

    private String page(Model model, Contact survivor, Contact other, Map<String, String> chosen, String error) {
        List<Row> rows = new ArrayList<>();
        row(rows, chosen, survivor, other, "firstName", "First name", Contact::firstName);
        row(rows, chosen, survivor, other, "lastName", "Last name", Contact::lastName);
        row(rows, chosen, survivor, other, "emails", "E-mails", c -> String.join(", ", c.emails()));
        row(rows, chosen, survivor, other, "phones", "Phones", c -> String.join(", ", c.phones()));
        row(rows, chosen, survivor, other, "jobTitle", "Job title", Contact::jobTitle);
        row(rows, chosen, survivor, other, "accountId", "Account", Contact::accountName);
        row(rows, chosen, survivor, other, "ownerId", "Owner", Contact::ownerName);
        row(rows, chosen, survivor, other, "lifecycleStage", "Stage", c -> c.lifecycleStage().name());
        row(rows, chosen, survivor, other, "source", "Source", Contact::source);
        row(rows, chosen, survivor, other, "preferredChannel", "Preferred channel",
                c -> c.preferredChannel() == null ? null : c.preferredChannel().name());
        row(rows, chosen, survivor, other, "language", "Language", Contact::language);
        row(rows, chosen, survivor, other, "address", "Address", c -> c.address().oneLine());
        row(rows, chosen, survivor, other, "consent", "E-mail marketing", c -> c.consent().emailMarketing()
                ? "consent given" + (c.consent().source() == null ? "" : " via " + c.consent().source())
                : c.consent().at() == null ? null : "withdrawn");
        for (CustomField f : customFields.of(EntityKind.CONTACT)) {
            row(rows, chosen, survivor, other, "customFields." + f.key(), f.label(),
                    c -> CustomFieldForm.display(c.customFields().get(f.key())));
        }
        model.addAttribute("c", survivor);
        model.addAttribute("o", other);
        model.addAttribute("rows", rows);
        model.addAttribute("tags", unionOf(survivor.tags(), other.tags()));
        model.addAttribute("error", error);
        return "customers/contact-merge";
    }

    /** Preselects what the merge does by default: the survivor's value, or the other's where the survivor has none. */
    private static void row(List<Row> rows, Map<String, String> chosen, Contact survivor, Contact other, String field,
                            String label, Function<Contact, String> value) {
        String mine = blankToNull(value.apply(survivor));
        String theirs = blankToNull(value.apply(other));
        boolean lists = field.equals("emails") || field.equals("phones");
        String fallback = lists ? "both" : mine == null && theirs != null ? "other" : "survivor";
        rows.add(new Row(field, label, mine, theirs, chosen.getOrDefault("f." + field, fallback), lists));
    }

    private static List<String> unionOf(List<String> a, List<String> b) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
