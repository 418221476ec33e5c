package io.rapport.feedback.answers;

import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The answer link as JSON, for a portal or chat that shows the survey itself: no login, the signed token is the
 * key. Errors are problem+json: 400 naming the answer, 404 forged link, 409 used, 410 expired, 429 too many.
 */
@Tag(name = "Survey answers (public)")
@RestController
class AnswerApiController {

    private final Answers answers;
    private final AnswerRateLimit rateLimit;

    AnswerApiController(Answers answers, AnswerRateLimit rateLimit) {
        this.answers = answers;
        this.rateLimit = rateLimit;
    }

    @Operation(summary = "The survey behind an answer link, with what was answered so far")
    @GetMapping("/f/{token}/survey")
    Map<String, Object> survey(@PathVariable String token, HttpServletRequest request) {
        limit(request);
        Answers.View v = answers.open(token);
        return Map.of("survey", v.survey(), "status", v.invitation().status(), "given", v.given(),
                "expiresAt", String.valueOf(v.invitation().expiresAt()));
    }

    @Operation(summary = "Answer the survey: {\"answers\": [{\"questionId\": 1, \"score\": 9}, {\"questionId\": 2, \"text\": \"…\"}, "
            + "{\"questionId\": 3, \"choice\": \"…\"}]}")
    @PostMapping("/f/{token}/answers")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> answer(@PathVariable String token, @RequestBody JsonNode body, HttpServletRequest request) {
        limit(request);
        if (body == null || !body.isObject() || !body.has("answers") || !body.get("answers").isArray()) {
            throw Problems.invalid("answers", "required: an array of {questionId, score | choice | text}");
        }
        List<Answers.Item> items = new ArrayList<>();
        JsonNode list = body.get("answers");
        if (list.size() > 50) throw Problems.invalid("answers", "at most 50 answers");
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String path = "answers[" + i + "]";
            if (a == null || !a.isObject() || !a.path("questionId").isIntegralNumber()) {
                throw Problems.invalid(path + ".questionId", "required: the id of a question of this survey");
            }
            String key = a.has("score") ? "score" : a.has("choice") ? "choice" : a.has("text") ? "text" : null;
            if (key == null) throw Problems.invalid(path, "give a score, a choice or a text");
            JsonNode v = a.get(key);
            if ("score".equals(key) && !v.isIntegralNumber()) throw Problems.invalid(path + ".score", "a whole number");
            if (!"score".equals(key) && !v.isString()) throw Problems.invalid(path + "." + key, "a string");
            items.add(new Answers.Item(a.get("questionId").asLong(), "score".equals(key) ? String.valueOf(v.asLong()) : v.asString(),
                    path + "." + key));
        }
        Answers.View v = answers.submit(token, items);
        return Map.of("status", v.invitation().status(), "given", v.given());
    }

    private void limit(HttpServletRequest request) {
        if (!rateLimit.allow(request.getRemoteAddr())) throw Problems.tooManyAttempts("Too many requests; try again in a minute");
    }
}
