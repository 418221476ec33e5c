package io.rapport.feedback.answers;

import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer's answer page, no login: {@code /f/{token}} shows the whole survey (a keyboard-friendly form of
 * radio groups), {@code ?score=} is the e-mail's one-click answer. Used, expired and forged links get a page that
 * says which, with the matching status (409, 410, 404).
 */
@Controller
class PublicAnswerController {

    private final Answers answers;
    private final AnswerRateLimit rateLimit;

    PublicAnswerController(Answers answers, AnswerRateLimit rateLimit) {
        this.answers = answers;
        this.rateLimit = rateLimit;
    }

    @GetMapping("/f/{token}")
    String open(@PathVariable String token, @RequestParam(required = false) String score, Model model,
                HttpServletRequest request, HttpServletResponse response) {
        if (!rateLimit.allow(request.getRemoteAddr())) return fail(response, model, 429, "Too many requests", "Try again in a minute.");
        try {
            Answers.View view = score == null ? answers.open(token) : answers.oneClick(token, score);
            model.addAttribute("view", view);
            model.addAttribute("justScored", score != null && !view.alreadyScored());
        } catch (ApiProblem p) {
            return fail(response, model, p.status().value(), p.title(), detail(p));
        }
        model.addAttribute("token", token);
        return "feedback/answer";
    }

    @PostMapping("/f/{token}")
    String submit(@PathVariable String token, @RequestParam Map<String, String> form, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        if (!rateLimit.allow(request.getRemoteAddr())) return fail(response, model, 429, "Too many requests", "Try again in a minute.");
        List<Answers.Item> items = new ArrayList<>();
        form.forEach((k, v) -> {
            if (k.matches("q\\d{1,18}")) items.add(new Answers.Item(Long.parseLong(k.substring(1)), v, k));
        });
        try {
            model.addAttribute("view", answers.submit(token, items));
            model.addAttribute("thanked", true);
        } catch (ApiProblem p) {
            if (p.status().value() == 400) {
                try {
                    model.addAttribute("view", answers.open(token));
                    model.addAttribute("errors", p.errors());
                    model.addAttribute("form", form);
                    model.addAttribute("token", token);
                    response.setStatus(400);
                    return "feedback/answer";
                } catch (ApiProblem again) {
                    p = again;
                }
            }
            return fail(response, model, p.status().value(), p.title(), detail(p));
        }
        model.addAttribute("token", token);
        return "feedback/answer";
    }

    private static String detail(ApiProblem p) {
        return p.getMessage() == null ? p.title() : p.getMessage();
    }

    private static String fail(HttpServletResponse response, Model model, int status, String title, String message) {
        response.setStatus(status);
        model.addAttribute("errorTitle", title);
        model.addAttribute("error", message);
        return "feedback/answer";
    }
}
