package io.rapport.service.escalation;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Admin page "Escalations": what happens when an SLA clock breaches. */
@Controller
class EscalationAdminPageController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EscalationRules rules;
    private final UserDirectory users;

    EscalationAdminPageController(EscalationRules rules, UserDirectory users) {
        this.rules = rules;
        this.users = users;
    }

    @GetMapping("/admin/escalations")
    String page(Model model) {
        model.addAttribute("rules", rules.all());
        model.addAttribute("metrics", EscalationRules.METRICS);
        model.addAttribute("priorities", EscalationRules.PRIORITIES);
        model.addAttribute("teams", users.teams());
        model.addAttribute("users", users.activeUsers());
        return "service/escalations";
    }

    @PostMapping("/admin/escalations")
    String create(@RequestParam MultiValueMap<String, String> form, RedirectAttributes flash) {
        return run(flash, "Rule created", () -> rules.create(CurrentUser.require(), body(form)));
    }

    @PostMapping("/admin/escalations/{id}")
    String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes flash) {
        ObjectNode body = body(form);
        String v = form.getFirst("version");
        if (v != null && v.matches("\\d{1,9}")) body.put("version", Integer.parseInt(v));
        return run(flash, "Rule saved", () -> rules.update(CurrentUser.require(), id, body, null));
    }

    @PostMapping("/admin/escalations/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        return run(flash, "Rule deleted", () -> {
            rules.delete(CurrentUser.require(), id);
            return null;
        });
    }

    private static ObjectNode body(MultiValueMap<String, String> form) {
        ObjectNode b = JSON.createObjectNode();
        text(b, form, "name");
        number(b, form, "position");
        b.put("active", "true".equals(form.getFirst("active")));
        text(b, form, "metric");
        ArrayNode p = b.putArray("priorities");
        form.getOrDefault("priorities", List.of()).forEach(p::add);
        number(b, form, "reassignTeamId");
        number(b, form, "reassignUserId");
        b.put("raisePriority", "true".equals(form.getFirst("raisePriority")));
        b.put("notifyManager", "true".equals(form.getFirst("notifyManager")));
        text(b, form, "addTag");
        return b;
    }

    private static void text(ObjectNode body, MultiValueMap<String, String> form, String field) {
        String v = form.getFirst(field);
        if (v == null || v.isBlank()) body.putNull(field);
        else body.put(field, v);
    }

    private static void number(ObjectNode body, MultiValueMap<String, String> form, String field) {
        String v = form.getFirst(field);
        if (v == null || v.isBlank()) body.putNull(field);
        else if (v.trim().matches("-?\\d{1,9}")) body.put(field, Long.parseLong(v.trim()));
        else body.put(field, v);
    }

    private static String run(RedirectAttributes flash, String done, Supplier<?> action) {
        try {
            action.get();
            flash.addFlashAttribute("ok", done);
        } catch (ApiProblem problem) {
            flash.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/admin/escalations";
    }
}
