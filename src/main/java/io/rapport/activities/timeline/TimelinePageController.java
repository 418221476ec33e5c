package io.rapport.activities.timeline;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.PageResult;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.node.JsonNodeFactory;
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
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put(entity.equals("contacts") ? "contactId" : "accountId", id);
        body.put("type", form.getOrDefault("type", "NOTE"));
        putText(body, "subject", form.get("subject"));
        putText(body, "body", form.get("body"));
        putText(body, "direction", form.get("direction"));
        putText(body, "outcome", form.get("outcome"));
        putText(body, "location", form.get("location"));
        String minutes = form.get("durationMinutes");
        if (minutes != null && !minutes.isBlank()) {
            try {
                body.put("durationSeconds", Math.multiplyExact(Integer.parseInt(minutes.trim()), 60));
            } catch (NumberFormatException | ArithmeticException e) {
                body.put("durationSeconds", minutes);  // reported by the shared validation
            }
        }
        String when = form.get("occurredAt");
        if (when != null && !when.isBlank()) {
            try {
                body.put("occurredAt", LocalDateTime.parse(when).atZone(ZoneId.systemDefault()).toInstant().toString());
            } catch (DateTimeParseException e) {
                body.put("occurredAt", when);
            }
        }
        try {
            activities.log(CurrentUser.require(), body);
            model.addAttribute("logged", true);
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("form", form);
        }
        return render(entity, id, null, model);
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

    private static void putText(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) body.put(field, value);
    }

}
