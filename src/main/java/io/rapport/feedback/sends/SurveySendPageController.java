package io.rapport.feedback.sends;

import io.rapport.feedback.surveys.SurveyDefinitions;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * "Send to an audience": pick the audience, preview who gets the survey and who is skipped (htmx), send, then watch
 * the send's progress (polled) and its summary; the survey's past sends are listed beside the form.
 */
@Controller
class SurveySendPageController {

    private final SurveySends sends;
    private final SurveyDefinitions surveys;

    SurveySendPageController(SurveySends sends, SurveyDefinitions surveys) {
        this.sends = sends;
        this.surveys = surveys;
    }

    @GetMapping("/feedback/surveys/{id}/sends")
    String page(@PathVariable long id, Model model) {
        return page(id, model, Map.of("audience", "TAG"), Map.of());
    }

    /** The preview card (htmx): counts, or the form's errors. */
    @PostMapping("/feedback/surveys/{id}/sends/preview")
    String preview(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        try {
            model.addAttribute("preview", sends.preview(CurrentUser.require(), id, body(form)));
        } catch (ApiProblem p) {
            if (p.status().value() >= 500 || p.status().value() == 403 || p.status().value() == 404) throw p;
            model.addAttribute("problem", p.errors().isEmpty() ? p.getMessage() : p.errors().getFirst().message());
        }
        return "feedback/sends :: preview";
    }

    @PostMapping("/feedback/surveys/{id}/sends")
    String send(@PathVariable long id, @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        try {
            SurveySends.Send send = sends.start(CurrentUser.require(), id, body(form));
            return "redirect:/feedback/surveys/" + id + "/sends/" + send.id();
        } catch (ApiProblem p) {
            int status = p.status().value();
            if (status >= 500 || status == 403 || status == 404) throw p;
            response.setStatus(status);
            model.addAttribute("problem", p.getMessage());
            return page(id, model, form, FormErrors.of(p));
        }
    }

    @GetMapping("/feedback/surveys/{id}/sends/{sendId}")
    String show(@PathVariable long id, @PathVariable long sendId, Model model) {
        CurrentUser user = CurrentUser.require();
        model.addAttribute("survey", surveys.get(id));
        model.addAttribute("send", sends.get(user, id, sendId));
        return "feedback/send";
    }

    /** The progress card, polled every second while the send runs; the final summary stops the polling. */
    @GetMapping("/feedback/surveys/{id}/sends/{sendId}/progress")
    String progress(@PathVariable long id, @PathVariable long sendId, Model model) {
        model.addAttribute("send", sends.get(CurrentUser.require(), id, sendId));
        return "feedback/send :: progress";
    }

    private String page(long id, Model model, Map<String, String> form, Map<String, String> errors) {
        CurrentUser user = CurrentUser.require();
        SurveySends.requireSender(user);
        model.addAttribute("survey", surveys.get(id));
        model.addAttribute("sends", sends.list(user, id, 50));
        model.addAttribute("stages", Audience.STAGES);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "feedback/sends";
    }

    /** The form as the API's body: only the field of the chosen kind of audience. */
    static ObjectNode body(Map<String, String> form) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        String kind = form.getOrDefault("audience", "TAG");
        switch (kind) {
            case "ACCOUNT" -> {
                String raw = form.getOrDefault("accountId", "").strip();
                try {
                    b.put("accountId", Long.parseLong(raw));
                } catch (NumberFormatException e) {
                    b.put("accountId", raw); // reported as "expected a positive whole number id"
                }
            }
            case "STAGE" -> b.put("lifecycleStage", form.getOrDefault("lifecycleStage", ""));
            default -> b.put("tag", form.getOrDefault("tag", ""));
        }
        return b;
    }
}
