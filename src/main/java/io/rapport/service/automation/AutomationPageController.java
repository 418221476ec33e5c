package io.rapport.service.automation;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Admin page: the rules in the order they run, a form for a new one, and the latest firings. */
@Controller
class AutomationPageController {

    private final AutomationRules rules;
    private final AutomationLog log;
    private final JsonMapper json;
    private final io.rapport.service.tickets.TicketCustomFields customFields;

    AutomationPageController(AutomationRules rules, AutomationLog log, JsonMapper json,
                             io.rapport.service.tickets.TicketCustomFields customFields) {
        this.customFields = customFields;
        this.rules = rules;
        this.log = log;
        this.json = json;
    }

    @GetMapping("/admin/automation")
    String page(Model model) {
        return render(model, Map.of("trigger", "CREATED", "conditions", "[]", "actions", "[]"), Map.of());
    }

    @PostMapping("/admin/automation")
    String create(@RequestParam Map<String, String> form, Model model) {
        ObjectNode body = json.createObjectNode();
        body.put("name", form.getOrDefault("name", ""));
        body.put("trigger", form.getOrDefault("trigger", ""));
        try {
            body.put("position", Integer.parseInt(form.getOrDefault("position", "0").trim()));
        } catch (NumberFormatException e) {
            return render(model, form, Map.of("position", "expected a whole number"));
        }
        for (String f : new String[] {"conditions", "actions"}) {
            try {
                body.set(f, json.readTree(form.getOrDefault(f, "[]").isBlank() ? "[]" : form.get(f)));
            } catch (JacksonException e) {
                return render(model, form, Map.of(f, "not valid JSON: " + e.getOriginalMessage()));
            }
        }
        try {
            rules.create(CurrentUser.require(), body);
            return "redirect:/admin/automation?added";
        } catch (ApiProblem problem) {
            if (problem.status().value() != 400) throw problem;
            return render(model, form, FormErrors.of(problem));
        }
    }

    @PostMapping("/admin/automation/{id}/toggle")
    String toggle(@PathVariable long id) {
        AutomationRule r = rules.get(CurrentUser.require(), id);
        ObjectNode body = json.createObjectNode().put("active", !r.active()).put("version", r.version());
        rules.update(CurrentUser.require(), id, body, null);
        return "redirect:/admin/automation";
    }

    @PostMapping("/admin/automation/{id}/delete")
    String delete(@PathVariable long id) {
        rules.delete(CurrentUser.require(), id);
        return "redirect:/admin/automation?removed";
    }

    private String render(Model model, Map<String, String> form, Map<String, String> errors) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("rules", rules.all(me));
        model.addAttribute("log", log.recent(me, null, 50));
        model.addAttribute("triggers", AutomationRule.TRIGGERS);
        java.util.Map<String, java.util.List<String>> fields = new java.util.TreeMap<>(Condition.OPERATORS);
        customFields.definitions().forEach(f -> fields.put("custom." + f.key(), Condition.CUSTOM_OPERATORS));
        model.addAttribute("fields", fields);
        model.addAttribute("actionTypes", Action.TYPES);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "service/automation";
    }

    /** The ticket page's "what automation did" box. */
    @GetMapping("/tickets/{ticketId}/automation-log")
    String ticketLog(@PathVariable long ticketId, Model model) {
        model.addAttribute("entries", log.forTicket(CurrentUser.require(), ticketId));
        return "service/automation-log-fragment";
    }
}
