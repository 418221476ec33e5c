package io.rapport.activities.timeline;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.node.ObjectNode;

/** The timeline card of contact and account pages, loaded and updated in place by htmx. */
@Controller
class TimelinePageController {

    private final Activities activities;

    TimelinePageController(Activities activities) {
        this.activities = activities;
    }

    @GetMapping("/{entity:contacts|accounts}/{id}/timeline")
    String timeline(@PathVariable String entity, @PathVariable long id, @RequestParam(required = false) String cursor,
                    Model model) {
        return render(entity, id, cursor, model);
    }

    @PostMapping("/{entity:contacts|accounts}/{id}/timeline")
    String log(@PathVariable String entity, @PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        ObjectNode body = TimelineForm.toJson(form, false);
        body.put(entity.equals("contacts") ? "contactId" : "accountId", id);
        try {
            activities.log(CurrentUser.require(), body);
            model.addAttribute("logged", true);
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("form", form);
        }
        return render(entity, id, null, model);
    }

    /** The inline edit form that replaces an entry (author, manager, admin). */
    @GetMapping("/activities/{id}/edit")
    String editForm(@PathVariable long id, @RequestParam(required = false) String base, Model model) {
        Activity entry = activities.get(CurrentUser.require(), id);
        if (!entry.editableBy(CurrentUser.require())) throw Problems.forbidden("Only the author, a manager or an administrator can change this entry");
        model.addAttribute("form", formOf(entry));
        return edit(entry, base, model);
    }

    @PostMapping("/activities/{id}/edit")
    String saveEdit(@PathVariable long id, @RequestParam(required = false) String base, @RequestParam Map<String, String> form,
                    Model model) {
        try {
            return entry(activities.update(CurrentUser.require(), id, TimelineForm.toJson(form, true), null), base, model);
        } catch (ApiProblem problem) {
            int status = problem.status().value();
            if (status == 403 || status == 404) throw problem;  // an error page, not the form again
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("form", form);
            return edit(activities.get(CurrentUser.require(), id), base, model);
        }
    }

    /** One entry as shown on the timeline (after an edit, or when the edit is cancelled). */
    @GetMapping("/activities/{id}/entry")
    String showEntry(@PathVariable long id, @RequestParam(required = false) String base, Model model) {
        return entry(activities.get(CurrentUser.require(), id), base, model);
    }

    private String entry(Activity a, String base, Model model) {
        model.addAttribute("a", a);
        model.addAttribute("base", safeBase(base));
        model.addAttribute("canWrite", CurrentUser.require().role().canWrite());
        return "activities/timeline :: entry";
    }

    private String edit(Activity a, String base, Model model) {
        model.addAttribute("a", a);
        model.addAttribute("base", safeBase(base));
        return "activities/timeline :: edit";
    }

    private static Map<String, String> formOf(Activity a) {
        Map<String, String> form = new java.util.HashMap<>();
        form.put("type", a.type().name());
        form.put("subject", a.subject());
        form.put("body", a.body());
        form.put("direction", a.direction());
        form.put("durationMinutes", a.durationSeconds() == null ? null : String.valueOf(a.durationSeconds() / 60));
        form.put("outcome", a.outcome());
        form.put("location", a.location());
        form.put("occurredAt", FormTimes.local(a.occurredAt()));
        form.put("endsAt", FormTimes.local(a.endsAt()));
        form.put("attendees", String.join(", ", a.attendees()));
        form.put("version", String.valueOf(a.version()));
        return form;
    }

    /** Where the entry is shown (decides whether "schedule follow-up" is offered); only timeline paths are taken. */
    private static String safeBase(String base) {
        return base != null && base.matches("/(contacts|accounts)/\\d+/timeline") ? base : "";
    }

    private String render(String entity, long id, String cursor, Model model) {
        CurrentUser me = CurrentUser.require();
        boolean contact = entity.equals("contacts");
        PageResult<Activity> page = activities.timeline(me, contact ? id : null, contact ? null : id, null, null, cursor, 25);
        model.addAttribute("entries", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("base", "/" + entity + "/" + id + "/timeline");
        model.addAttribute("canWrite", me.role().canWrite());
        model.addAttribute("now", LocalDateTime.now().withSecond(0).withNano(0));
        model.addAttribute("more", cursor != null);
        if (!model.containsAttribute("form")) model.addAttribute("form", Map.of());
        return "activities/timeline :: timeline";
    }

}
