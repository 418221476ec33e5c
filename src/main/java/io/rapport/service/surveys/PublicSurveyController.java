package io.rapport.service.surveys;

import io.rapport.platform.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer's side of a survey, no login: the one-click link records the score and offers a comment box.
 * Unknown or tampered links get a 404 page; a second click shows the answer that stands.
 */
@Controller
class PublicSurveyController {

    private final Surveys surveys;
    private final SurveyRateLimit rateLimit;

    PublicSurveyController(Surveys surveys, SurveyRateLimit rateLimit) {
        this.surveys = surveys;
        this.rateLimit = rateLimit;
    }

    @GetMapping("/s/{token}")
    String open(@PathVariable String token, @RequestParam(required = false) String score, Model model,
                HttpServletRequest request, HttpServletResponse response) {
        if (!rateLimit.allow(request.getRemoteAddr())) return fail(response, model, 429, "Too many requests; try again in a minute.");
        try {
            if (score == null) {
                Surveys.Survey s = surveys.byToken(token);
                model.addAttribute("survey", s);
                model.addAttribute("alreadyAnswered", s.score() != null);
            } else {
                int value;
                try {
                    value = Integer.parseInt(score.trim());
                } catch (NumberFormatException e) {
                    value = 0;
                }
                if (value < 1 || value > 5) {
                    surveys.byToken(token);
                    return fail(response, model, 400, "The score must be a whole number from 1 to 5.");
                }
                Surveys.Answer answer = surveys.answer(token, value);
                model.addAttribute("survey", answer.survey());
                model.addAttribute("alreadyAnswered", answer.alreadyAnswered());
            }
        } catch (ApiProblem p) {
            return fail(response, model, p.status().value(), p.status().value() == 404
                    ? "This survey link is not valid. Please use the link from your e-mail exactly as it was sent." : p.getMessage());
        }
        model.addAttribute("token", token);
        return "service/survey";
    }

    @PostMapping("/s/{token}")
    String comment(@PathVariable String token, @RequestParam(required = false) String comment, Model model,
                   HttpServletRequest request, HttpServletResponse response) {
        if (!rateLimit.allow(request.getRemoteAddr())) return fail(response, model, 429, "Too many requests; try again in a minute.");
        try {
            model.addAttribute("survey", surveys.comment(token, comment));
        } catch (ApiProblem p) {
            return fail(response, model, p.status().value(), p.status().value() == 404
                    ? "This survey link is not valid." : p.getMessage());
        }
        model.addAttribute("token", token);
        model.addAttribute("alreadyAnswered", true);
        model.addAttribute("thanked", true);
        return "service/survey";
    }

    private static String fail(HttpServletResponse response, Model model, int status, String message) {
        response.setStatus(status);
        model.addAttribute("error", message);
        return "service/survey";
    }
}
