package io.rapport.sales.pipelines;

import io.rapport.customers.listing.PageForms;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.node.ObjectNode;

/** Admin page for pipelines: stages with probability and outcome, their order, and the stale-deal rules. */
@Controller
class PipelineAdminPageController {

    private final Pipelines pipelines;

    PipelineAdminPageController(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    @GetMapping("/admin/pipelines")
    String page(Model model) {
        model.addAttribute("pipelines", pipelines.allWithCounts(true));
        model.addAttribute("globalStaleDays", pipelines.globalStaleDays());
        return "sales/pipelines";
    }

    @PostMapping("/admin/pipelines")
    String create(@RequestParam Map<String, String> form, RedirectAttributes flash) {
        ObjectNode body = PageForms.object();
        PageForms.text(body, form, "name");
        var stages = body.putArray("stages");
        // a new pipeline starts with the usual stages; the admin edits them below
        stages.addObject().put("name", "New").put("probability", 10).put("outcome", "OPEN");
        stages.addObject().put("name", "Proposal").put("probability", 50).put("outcome", "OPEN");
        stages.addObject().put("name", "Won").put("probability", 100).put("outcome", "WON");
        stages.addObject().put("name", "Lost").put("probability", 0).put("outcome", "LOST");
        return run(flash, "Pipeline created", () -> pipelines.create(CurrentUser.require(), body));
    }

    @PostMapping("/admin/pipelines/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        ObjectNode body = PageForms.object();
        PageForms.text(body, form, "name");
        integer(body, form, "staleDays");
        body.put("isDefault", "true".equals(form.get("isDefault")));
        body.put("archived", "true".equals(form.get("archived")));
        PageForms.version(body, form);
        return run(flash, "Pipeline saved", () -> pipelines.update(CurrentUser.require(), id, body, null));
    }

    @PostMapping("/admin/pipelines/{id}/stages")
    String addStage(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return run(flash, "Stage added", () -> pipelines.addStage(CurrentUser.require(), id, stage(form)));
    }

    @PostMapping("/admin/pipelines/{id}/stages/{stageId}")
    String updateStage(@PathVariable long id, @PathVariable long stageId, @RequestParam Map<String, String> form,
                       RedirectAttributes flash) {
        return run(flash, "Stage saved", () -> pipelines.updateStage(CurrentUser.require(), id, stageId, stage(form)));
    }

    @PostMapping("/admin/pipelines/{id}/stages/{stageId}/shift")
    String shift(@PathVariable long id, @PathVariable long stageId, @RequestParam int by, RedirectAttributes flash) {
        return run(flash, "Stage moved", () -> pipelines.shift(CurrentUser.require(), id, stageId, by < 0 ? -1 : 1));
    }

    @PostMapping("/admin/pipelines/{id}/stages/{stageId}/delete")
    String deleteStage(@PathVariable long id, @PathVariable long stageId, @RequestParam(required = false) Long moveTo,
                       RedirectAttributes flash) {
        return run(flash, "Stage deleted", () -> pipelines.deleteStage(CurrentUser.require(), id, stageId, moveTo));
    }

    @PostMapping("/admin/pipelines/stale-rule")
    String staleRule(@RequestParam Map<String, String> form, RedirectAttributes flash) {
        ObjectNode body = PageForms.object();
        integer(body, form, "staleDays");
        return run(flash, "Stale-deal rule saved", () -> pipelines.setGlobalStaleDays(CurrentUser.require(), body));
    }

    private static ObjectNode stage(Map<String, String> form) {
        ObjectNode body = PageForms.object();
        PageForms.text(body, form, "name");
        integer(body, form, "probability");
        PageForms.text(body, form, "outcome");
        return body;
    }

    private static void integer(ObjectNode body, Map<String, String> form, String field) {
        String v = form.getOrDefault(field, "").trim();
        if (v.isEmpty()) body.putNull(field);
        else if (v.matches("-?\\d{1,9}")) body.put(field, Integer.parseInt(v));
        else body.put(field, v);
    }

    private static String run(RedirectAttributes flash, String done, Supplier<?> action) {
        try {
            action.get();
            flash.addFlashAttribute("ok", done);
        } catch (ApiProblem problem) {
            flash.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/admin/pipelines";
    }
}
