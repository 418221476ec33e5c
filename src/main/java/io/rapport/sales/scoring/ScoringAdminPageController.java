package io.rapport.sales.scoring;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Admin page for lead scoring rules; every change rescores the leads. */
@Controller
class ScoringAdminPageController {

    private final LeadScoring scoring;
    private final JsonMapper json;

    ScoringAdminPageController(LeadScoring scoring, JsonMapper json) {
        this.scoring = scoring;
        this.json = json;
    }

    @GetMapping("/admin/lead-scoring")
    String page(Model model) {
        return render(model, Map.of("kind", "ATTRIBUTE"), Map.of());
    }

    @PostMapping("/admin/lead-scoring")
    String create(@RequestParam Map<String, String> form, Model model) {
        ObjectNode body = json.createObjectNode();
        String kind = form.getOrDefault("kind", "");
        body.put("kind", kind);
        body.put("name", form.getOrDefault("name", ""));
        putInt(body, "points", form.get("points"));
        switch (kind) {
            case "ATTRIBUTE" -> {
                body.put("field", form.getOrDefault("field", ""));
                body.put("operator", form.getOrDefault("operator", ""));
                if (form.get("value") != null && !form.get("value").isBlank()) body.put("value", form.get("value"));
            }
            case "BEHAVIOUR" -> {
                body.put("eventType", form.getOrDefault("eventType", ""));
                if (form.get("urlContains") != null && !form.get("urlContains").isBlank()) body.put("urlContains", form.get("urlContains"));
            }
            case "INACTIVITY" -> putInt(body, "days", form.get("days"));
            default -> { }
        }
        try {
            scoring.create(CurrentUser.require(), body);
            return "redirect:/admin/lead-scoring?added";
        } catch (ApiProblem problem) {
            return render(model, form, FormErrors.of(problem));
        }
    }

    @PostMapping("/admin/lead-scoring/{id}/delete")
    String delete(@PathVariable long id) {
        scoring.delete(CurrentUser.require(), id);
        return "redirect:/admin/lead-scoring?removed";
    }

    private static void putInt(ObjectNode body, String field, String raw) {
        if (raw == null || raw.isBlank()) return;
        try {
            body.put(field, Integer.parseInt(raw.trim()));
        } catch (NumberFormatException e) {
            body.put(field, raw);
        }
    }

    private String render(Model model, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("rules", scoring.rules());
        model.addAttribute("kinds", ScoringRule.KINDS);
        model.addAttribute("fields", ScoringRule.FIELDS);
        model.addAttribute("operators", ScoringRule.OPERATORS);
        model.addAttribute("eventTypes", List.of("page_visit", "email_open", "email_click", "form_submit", "webinar_attended"));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "sales/lead-scoring";
    }
}
