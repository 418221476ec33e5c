package io.rapport.sales.assignment;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import java.util.Arrays;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Admin page for lead assignment rules, applied in order to new leads without an owner. */
@Controller
class AssignmentAdminPageController {

    private final LeadAssignment assignment;
    private final UserDirectory users;
    private final JsonMapper json;

    AssignmentAdminPageController(LeadAssignment assignment, UserDirectory users, JsonMapper json) {
        this.assignment = assignment;
        this.users = users;
        this.json = json;
    }

    @GetMapping("/admin/lead-assignment")
    String page(Model model) {
        return render(model, Map.of(), Map.of());
    }

    @PostMapping("/admin/lead-assignment")
    String create(@RequestParam Map<String, String> form, Model model) {
        ObjectNode body = json.createObjectNode();
        body.put("name", form.getOrDefault("name", ""));
        if (form.get("position") != null && form.get("position").matches("-?\\d{1,9}")) body.put("position", Integer.parseInt(form.get("position")));
        String field = form.get("field");
        if (field != null && !field.isBlank()) {
            body.put("field", field);
            ArrayNode values = body.putArray("values");
            Arrays.stream(form.getOrDefault("values", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        String target = form.getOrDefault("target", "");
        if (target.startsWith("user:")) body.put("userId", Long.parseLong(target.substring(5)));
        else if (target.startsWith("team:")) body.put("teamId", Long.parseLong(target.substring(5)));
        try {
            assignment.create(CurrentUser.require(), body);
            return "redirect:/admin/lead-assignment?added";
        } catch (ApiProblem problem) {
            return render(model, form, FormErrors.of(problem));
        } catch (NumberFormatException e) {
            return render(model, form, Map.of("userId", "choose a user or a team"));
        }
    }

    @PostMapping("/admin/lead-assignment/{id}/delete")
    String delete(@PathVariable long id) {
        assignment.delete(CurrentUser.require(), id);
        return "redirect:/admin/lead-assignment?removed";
    }

    private String render(Model model, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("rules", assignment.rules());
        model.addAttribute("fields", AssignmentRule.FIELDS);
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("teams", users.teams());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "sales/lead-assignment";
    }
}
