package io.rapport.service.sla;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.service.calendars.BusinessCalendars;
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

/** Admin page "SLA policies": conditions, targets and calendar of each policy, in the order they are tried. */
@Controller
class SlaPolicyAdminPageController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SlaPolicies policies;
    private final BusinessCalendars calendars;

    SlaPolicyAdminPageController(SlaPolicies policies, BusinessCalendars calendars) {
        this.policies = policies;
        this.calendars = calendars;
    }

    @GetMapping("/admin/sla-policies")
    String page(Model model) {
        model.addAttribute("policies", policies.all());
        model.addAttribute("calendars", calendars.all());
        model.addAttribute("priorities", SlaPolicies.PRIORITIES);
        model.addAttribute("tiers", SlaPolicies.TIERS);
        model.addAttribute("channels", SlaPolicies.CHANNELS);
        model.addAttribute("types", SlaPolicies.TYPES);
        return "service/sla-policies";
    }

    @PostMapping("/admin/sla-policies")
    String create(@RequestParam MultiValueMap<String, String> form, RedirectAttributes flash) {
        return run(flash, "Policy created", () -> policies.create(CurrentUser.require(), body(form)));
    }

    @PostMapping("/admin/sla-policies/{id}")
    String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes flash) {
        ObjectNode body = body(form);
        String v = form.getFirst("version");
        if (v != null && v.matches("\\d{1,9}")) body.put("version", Integer.parseInt(v));
        return run(flash, "Policy saved", () -> policies.update(CurrentUser.require(), id, body, null));
    }

    @PostMapping("/admin/sla-policies/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        return run(flash, "Policy deleted", () -> {
            policies.delete(CurrentUser.require(), id);
            return null;
        });
    }

    private static ObjectNode body(MultiValueMap<String, String> form) {
        ObjectNode body = JSON.createObjectNode();
        text(body, form, "name");
        number(body, form, "position");
        body.put("active", "true".equals(form.getFirst("active")));
        number(body, form, "calendarId");
        for (String list : List.of("priorities", "accountTiers", "channels", "types")) {
            ArrayNode a = body.putArray(list);
            form.getOrDefault(list, List.of()).forEach(a::add);
        }
        number(body, form, "firstResponseMinutes");
        number(body, form, "nextResponseMinutes");
        number(body, form, "resolutionMinutes");
        return body;
    }

    static void text(ObjectNode body, MultiValueMap<String, String> form, String field) {
        String v = form.getFirst(field);
        if (v == null || v.isBlank()) body.putNull(field);
        else body.put(field, v);
    }

    /** A number if it is one; otherwise the text, which validation then names. */
    static void number(ObjectNode body, MultiValueMap<String, String> form, String field) {
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
        return "redirect:/admin/sla-policies";
    }
}
