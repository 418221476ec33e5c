package io.rapport.service.assignment;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Admin page: ticket routing rules (first match wins) and agents' skills and languages. */
@Controller
class RoutingAdminPageController {

    private final TicketRouting routing;
    private final UserDirectory users;
    private final JsonMapper json;

    RoutingAdminPageController(TicketRouting routing, UserDirectory users, JsonMapper json) {
        this.routing = routing;
        this.users = users;
        this.json = json;
    }

    @GetMapping("/admin/routing")
    String page(Model model) {
        return render(model, Map.of(), Map.of(), Map.of());
    }

    @PostMapping("/admin/routing/rules")
    String create(@RequestParam Map<String, String> form, Model model) {
        ObjectNode body = json.createObjectNode();
        for (String f : new String[] {"name", "language", "type", "channel", "tag", "strategy", "requiredSkill"}) {
            String v = form.get(f);
            if (v != null && !v.isBlank()) body.put(f, v);
        }
        String pos = form.get("position");
        if (pos != null && pos.matches("-?\\d{1,9}")) body.put("position", Integer.parseInt(pos));
        String team = form.get("teamId");
        if (team != null && team.matches("\\d{1,18}")) body.put("teamId", Long.parseLong(team));
        try {
            routing.create(CurrentUser.require(), body);
            return "redirect:/admin/routing?added";
        } catch (ApiProblem problem) {
            return render(model, form, FormErrors.of(problem), Map.of());
        }
    }

    @PostMapping("/admin/routing/rules/{id}/delete")
    String delete(@PathVariable long id) {
        routing.delete(CurrentUser.require(), id);
        return "redirect:/admin/routing?removed";
    }

    @PostMapping("/admin/routing/skills")
    String addSkill(@RequestParam Map<String, String> form, Model model) {
        ObjectNode body = json.createObjectNode();
        String user = form.get("userId");
        if (user != null && user.matches("\\d{1,18}")) body.put("userId", Long.parseLong(user));
        if (form.get("kind") != null) body.put("kind", form.get("kind"));
        if (form.get("value") != null) body.put("value", form.get("value"));
        try {
            routing.addSkill(CurrentUser.require(), body);
            return "redirect:/admin/routing?skill";
        } catch (ApiProblem problem) {
            return render(model, Map.of(), Map.of(), FormErrors.of(problem));
        }
    }

    @PostMapping("/admin/routing/skills/delete")
    String removeSkill(@RequestParam long userId, @RequestParam String kind, @RequestParam String value) {
        routing.removeSkill(CurrentUser.require(), userId, kind, value);
        return "redirect:/admin/routing?skillRemoved";
    }

    private String render(Model model, Map<String, String> form, Map<String, String> errors, Map<String, String> skillErrors) {
        model.addAttribute("rules", routing.rules());
        model.addAttribute("skills", routing.skills());
        model.addAttribute("teams", users.teams());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("strategies", RoutingRule.STRATEGIES);
        model.addAttribute("types", io.rapport.service.tickets.Ticket.TYPES);
        model.addAttribute("channels", io.rapport.service.tickets.Ticket.CHANNELS);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("skillErrors", skillErrors);
        return "service/routing";
    }
}
