package io.rapport.customers.contacts;

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

/** Compare two contacts side by side, choose the surviving value per field, merge; undo from the merge history. */
@Controller
class ContactMergePageController {

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
        ObjectNode body = MergeForm.body(json, params);
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
        MergeForm<Contact> form = new MergeForm<>(survivor, other, chosen, Set.of("emails", "phones"))
                .row("firstName", "First name", Contact::firstName)
                .row("lastName", "Last name", Contact::lastName)
                .row("emails", "E-mails", c -> String.join(", ", c.emails()))
                .row("phones", "Phones", c -> String.join(", ", c.phones()))
                .row("jobTitle", "Job title", Contact::jobTitle)
                .row("accountId", "Account", Contact::accountName)
                .row("ownerId", "Owner", Contact::ownerName)
                .row("lifecycleStage", "Stage", c -> c.lifecycleStage().name())
                .row("source", "Source", Contact::source)
                .row("preferredChannel", "Preferred channel", c -> c.preferredChannel() == null ? null : c.preferredChannel().name())
                .row("language", "Language", Contact::language)
                .row("address", "Address", c -> c.address().oneLine())
                .row("consent", "E-mail marketing", c -> c.consent().emailMarketing()
                        ? "consent given" + (c.consent().source() == null ? "" : " via " + c.consent().source())
                        : c.consent().at() == null ? null : "withdrawn")
                .customFields(customFields.of(EntityKind.CONTACT), Contact::customFields);
        model.addAttribute("kind", "contacts");
        model.addAttribute("moves", "its timeline entries and tasks");
        model.addAttribute("c", survivor);
        model.addAttribute("o", other);
        model.addAttribute("rows", form.rows());
        model.addAttribute("tags", FieldChoices.union(survivor.tags(), other.tags()));
        model.addAttribute("error", error);
        return "customers/merge";
    }
}
