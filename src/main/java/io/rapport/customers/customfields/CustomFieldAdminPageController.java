package io.rapport.customers.customfields;

import io.rapport.customers.listing.PageForms;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admin page to define, change and remove custom fields (the /admin/** path is ADMIN-only). */
@Controller
class CustomFieldAdminPageController {

    private final CustomFields fields;

    CustomFieldAdminPageController(CustomFields fields) {
        this.fields = fields;
    }

    @GetMapping("/admin/custom-fields")
    String page(Model model) {
        return render(model, Map.of(), Map.of());
    }

    @PostMapping("/admin/custom-fields")
    String define(@RequestParam Map<String, String> form, Model model) {
        try {
            CustomField.Type type = form.get("type") == null || form.get("type").isBlank() ? null : CustomField.Type.valueOf(form.get("type"));
            EntityKind entity = form.get("entity") == null || form.get("entity").isBlank() ? null : EntityKind.valueOf(form.get("entity"));
            fields.define(CurrentUser.require(), new CustomFields.Definition(entity, form.get("key"), form.get("label"), type,
                    PageForms.split(form.get("options")), "true".equals(form.get("required")), null));
            return "redirect:/admin/custom-fields?defined";
        } catch (ApiProblem problem) {
            Map<String, String> errors = new LinkedHashMap<>();
            problem.errors().forEach(e -> errors.put(e.field(), e.message()));
            return render(model, form, errors);
        }
    }

    @PostMapping("/admin/custom-fields/{id}")
    String change(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        CustomField current = fields.find(id).orElseThrow(() -> io.rapport.platform.web.Problems.notFound("Custom field", id));
        try {
            fields.change(CurrentUser.require(), id, form.get("label"),
                    current.options().isEmpty() ? null : PageForms.split(form.get("options")),
                    "true".equals(form.get("required")), null, Integer.valueOf(form.getOrDefault("version", "-1")));
            return "redirect:/admin/custom-fields?saved";
        } catch (ApiProblem problem) {
            model.addAttribute("changeError", current.key() + ": " + problem.getMessage());
            return render(model, Map.of(), Map.of());
        }
    }

    @PostMapping("/admin/custom-fields/{id}/delete")
    String remove(@PathVariable long id) {
        fields.remove(CurrentUser.require(), id);
        return "redirect:/admin/custom-fields?removed";
    }

    private String render(Model model, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("contactFields", fields.of(EntityKind.CONTACT));
        model.addAttribute("accountFields", fields.of(EntityKind.ACCOUNT));
        model.addAttribute("ticketFields", fields.of(EntityKind.TICKET));
        model.addAttribute("types", CustomField.Type.values());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "customers/custom-fields";
    }
}
