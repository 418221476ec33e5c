package io.rapport.service.macros;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * The macros page (agents keep their own, admins and managers the shared ones), the response-guidelines admin page,
 * and the two fragments the ticket page embeds beside its reply box.
 */
@Controller
class MacroPageController {

    private final Macros macros;
    private final ResponseGuidelines guidelines;
    private final Placeholders placeholders;
    private final JsonMapper json;

    MacroPageController(Macros macros, ResponseGuidelines guidelines, Placeholders placeholders, JsonMapper json) {
        this.macros = macros;
        this.guidelines = guidelines;
        this.placeholders = placeholders;
        this.json = json;
    }

    @GetMapping("/macros")
    String page(Model model) {
        return render(model, Map.of(), Map.of());
    }

    @PostMapping("/macros")
    String create(@RequestParam Map<String, String> form, Model model) {
        try {
            macros.create(CurrentUser.require(), body(form));
            return "redirect:/macros?added";
        } catch (ApiProblem problem) {
            if (problem.status().value() != 400) throw problem;
            return render(model, form, FormErrors.of(problem));
        }
    }

    /** The same page with the macro in the form, to change it. */
    @GetMapping("/macros/{id}")
    String edit(@PathVariable long id, Model model) {
        Macro m = macros.get(CurrentUser.require(), id);
        Map<String, String> form = new java.util.HashMap<>();
        form.put("id", String.valueOf(m.id()));
        form.put("version", String.valueOf(m.version()));
        form.put("name", m.name());
        form.put("body", m.body());
        form.put("shared", m.shared() ? "on" : "");
        FieldChanges c = m.changes();
        if (c.status() != null) form.put("status", c.status());
        if (c.priority() != null) form.put("priority", c.priority());
        if (c.type() != null) form.put("type", c.type());
        if (c.teamId() != null) form.put("teamId", String.valueOf(c.teamId()));
        if (c.assigneeId() != null) form.put("assigneeId", String.valueOf(c.assigneeId()));
        form.put("addTags", String.join(", ", c.addTags()));
        return render(model, form, Map.of());
    }

    @PostMapping("/macros/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        ObjectNode body = body(form);
        try {
            body.put("version", Integer.parseInt(form.getOrDefault("version", "")));
        } catch (NumberFormatException e) {
            body.put("version", form.getOrDefault("version", ""));
        }
        try {
            macros.update(CurrentUser.require(), id, body, null);
            return "redirect:/macros?saved";
        } catch (ApiProblem problem) {
            if (problem.status().value() != 400 && problem.status().value() != 409) throw problem;
            return render(model, form, FormErrors.of(problem));
        }
    }

    private ObjectNode body(Map<String, String> form) {
        ObjectNode body = json.createObjectNode();
        body.put("name", form.getOrDefault("name", ""));
        body.put("body", form.getOrDefault("body", ""));
        body.put("shared", "on".equals(form.get("shared")) || "true".equals(form.get("shared")));
        ObjectNode changes = body.putObject("changes");
        for (String f : List.of("status", "priority", "type")) {
            if (!form.getOrDefault(f, "").isBlank()) changes.put(f, form.get(f));
        }
        for (String f : List.of("teamId", "assigneeId")) {
            String raw = form.getOrDefault(f, "").trim();
            if (raw.isEmpty()) continue;
            try {
                changes.put(f, Long.parseLong(raw));
            } catch (NumberFormatException e) {
                changes.put(f, raw);
            }
        }
        List<String> tags = new ArrayList<>(Arrays.stream(form.getOrDefault("addTags", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList());
        tags.forEach(changes.putArray("addTags")::add);
        return body;
    }

    @PostMapping("/macros/{id}/delete")
    String delete(@PathVariable long id) {
        macros.delete(CurrentUser.require(), id);
        return "redirect:/macros?removed";
    }

    private String render(Model model, Map<String, String> form, Map<String, String> errors) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("macros", macros.visible(me));
        model.addAttribute("canShare", DeskRoles.managesShared(me));
        model.addAttribute("canWrite", me.role().canWrite());
        model.addAttribute("placeholders", Placeholders.KNOWN);
        model.addAttribute("statuses", FieldChanges.STATUSES);
        model.addAttribute("priorities", FieldChanges.PRIORITIES);
        model.addAttribute("types", FieldChanges.TYPES);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "service/macros";
    }

    /**
     * Lists the macros as buttons; picking one fills the reply text area ({@code target}, a CSS selector) with the
     * rendered text and remembers the macro in {@code input[name=macroId]} so the reply form can apply its changes.
     */
    @GetMapping("/tickets/{ticketId}/macros")
    String picker(@PathVariable long ticketId, @RequestParam(defaultValue = "textarea[name=body]") String target, Model model) {
        CurrentUser me = CurrentUser.require();
        Map<String, String> values = placeholders.values(ticketId, me.id());
        if (values.isEmpty()) throw io.rapport.platform.web.Problems.notFound("Ticket", ticketId);
        List<Map<String, Object>> items = macros.visible(me).stream().map(m -> Map.<String, Object>of(
                "macro", m, "text", Placeholders.render(m.body(), values, false))).toList();
        model.addAttribute("items", items);
        model.addAttribute("ticketId", ticketId);
        model.addAttribute("target", target);
        return "service/macro-picker";
    }

    @PostMapping("/tickets/{ticketId}/macros/{macroId}/apply")
    String applyChanges(@PathVariable long ticketId, @PathVariable long macroId, Model model) {
        TicketChanges.Outcome outcome = macros.apply(ticketId, macroId, CurrentUser.require());
        model.addAttribute("outcome", outcome);
        return "service/macro-applied";
    }

    @GetMapping("/admin/response-guidelines")
    String guidelinesPage(Model model) {
        model.addAttribute("types", FieldChanges.TYPES);
        Map<String, String> byType = new java.util.HashMap<>();
        guidelines.all(CurrentUser.require()).forEach(g -> byType.put(g.type(), g.body()));
        model.addAttribute("byType", byType);
        return "service/response-guidelines";
    }

    @PostMapping("/admin/response-guidelines/{type}")
    String saveGuideline(@PathVariable String type, @RequestParam(defaultValue = "") String body) {
        ObjectNode node = json.createObjectNode();
        node.put("body", body);
        guidelines.put(CurrentUser.require(), type, node);
        return "redirect:/admin/response-guidelines?saved=" + type;
    }

    @GetMapping("/tickets/{ticketId}/guidelines")
    String guidelineFragment(@PathVariable long ticketId, Model model) {
        model.addAttribute("guideline", guidelines.forTicket(CurrentUser.require(), ticketId).orElse(null));
        return "service/guideline-fragment";
    }
}
