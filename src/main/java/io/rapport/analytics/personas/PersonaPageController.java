package io.rapport.analytics.personas;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.analytics.journeys.Segment;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.PageLimit;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The personas page (proposals, naming, saved personas), a persona's contacts, and the persona card of the contact page. */
@Controller
class PersonaPageController {

    private final Personas personas;
    private final AnalyticsJobs jobs;

    PersonaPageController(Personas personas, AnalyticsJobs jobs) {
        this.personas = personas;
        this.jobs = jobs;
    }

    @GetMapping("/analytics/personas")
    String page(@RequestParam(required = false) Long run, @RequestParam(required = false) Long job, Model model) {
        CurrentUser user = CurrentUser.require();
        if (job != null) {
            try {
                model.addAttribute("job", jobs.visible(user, job));
            } catch (ApiProblem p) {
                // an old or foreign job id in the address: show the page without it
            }
        }
        model.addAttribute("personas", personas.list());
        model.addAttribute("run", (run == null ? personas.latestRun() : personas.run(run)).orElse(null));
        model.addAttribute("features", PersonaFeatures.NAMES);
        model.addAttribute("featureLabels", PersonaFeatures.LABELS);
        model.addAttribute("canEdit", user.role() == Role.ADMIN || user.role() == Role.MANAGER || user.role() == Role.MARKETING);
        return "analytics/personas";
    }

    @PostMapping("/analytics/personas/proposals")
    String propose(@RequestParam(required = false) String k, @RequestParam(required = false) String segment, RedirectAttributes flash) {
        try {
            Integer kk = k == null || k.isBlank() || k.equals("auto") ? null : parseK(k);
            Personas.Run r = personas.propose(CurrentUser.require(), kk, Segment.parse(segment));
            flash.addFlashAttribute("notice", "Proposed " + r.k() + " clusters over " + r.contacts() + " contacts"
                    + (r.newlyAssigned() > 0 ? "; " + r.newlyAssigned() + " new contacts got a persona" : "") + ".");
            return "redirect:/analytics/personas?run=" + r.id();
        } catch (ApiProblem p) {
            if (p.status().value() == 403) throw p;
            flash.addFlashAttribute("error", p.getMessage());
            return "redirect:/analytics/personas";
        }
    }

    private static Integer parseK(String k) {
        try {
            return Integer.parseInt(k.trim());
        } catch (NumberFormatException e) {
            throw io.rapport.platform.web.Problems.invalid("k", "must be a whole number between 2 and 8");
        }
    }

    @PostMapping("/analytics/personas")
    String create(@RequestParam Long runId, @RequestParam Integer cluster, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String description, RedirectAttributes flash) {
        try {
            CurrentUser user = CurrentUser.require();
            Personas.Persona p = personas.create(user, runId, cluster, name, description);
            flash.addFlashAttribute("notice", "Saved persona '" + p.name() + "'.");
            // the job travels as an id in the address: flash attributes live in the (serialised) session
            return "redirect:/analytics/personas?run=" + runId + "&job=" + personas.queueAssignment(user).id();
        } catch (ApiProblem p) {
            if (p.status().value() == 403) throw p;
            flash.addFlashAttribute("error", p.getMessage());
        }
        return "redirect:/analytics/personas?run=" + runId;
    }

    @PostMapping("/analytics/personas/{id}")
    String update(@PathVariable long id, @RequestParam(required = false) String name, @RequestParam(required = false) String description,
                  @RequestParam(required = false) Integer version, RedirectAttributes flash) {
        try {
            personas.update(CurrentUser.require(), id, name, description == null ? "" : description, version);
            flash.addFlashAttribute("notice", "Saved.");
        } catch (ApiProblem p) {
            if (p.status().value() == 403) throw p;
            flash.addFlashAttribute("error", p.getMessage());
        }
        return "redirect:/analytics/personas";
    }

    @PostMapping("/analytics/personas/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        CurrentUser user = CurrentUser.require();
        personas.delete(user, id);
        flash.addFlashAttribute("notice", "Persona deleted; its contacts move to the nearest remaining persona.");
        return "redirect:/analytics/personas?job=" + personas.queueAssignment(user).id();
    }

    @GetMapping("/analytics/personas/{id}")
    String contacts(@PathVariable long id, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("persona", personas.get(id));
        model.addAttribute("page", personas.contactsOf(CurrentUser.require(), id, PersonaApiController.after(cursor), PageLimit.DEFAULT));
        return "analytics/persona-contacts";
    }

    @GetMapping("/contacts/{id}/persona")
    String card(@PathVariable long id, Model model) {
        model.addAttribute("assigned", personas.ofContact(CurrentUser.require(), id).orElse(null));
        return "analytics/persona-card :: card";
    }
}
