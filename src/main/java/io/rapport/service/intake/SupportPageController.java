package io.rapport.service.intake;

import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/** The public support page: no sign-in; a post becomes a WEB ticket. */
@Hidden
@RestController
class SupportPageController {

    private final SupportForm form;
    private final TemplateEngine templates;

    SupportPageController(SupportForm form, TemplateEngine templates) {
        this.form = form;
        this.templates = templates;
    }

    @GetMapping(value = "/support", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        return html(HttpStatus.OK, render(Map.of("values", Map.of(), "errors", Map.of(), "honeypot", SupportForm.HONEYPOT)));
    }

    @PostMapping(value = "/support", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> post(@RequestParam MultiValueMap<String, String> params, HttpServletRequest request) {
        if (request.getContentLengthLong() > 64 * 1024) throw SupportForm.tooLarge();
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, list) -> values.put(name, list.isEmpty() ? null : list.getLast()));
        try {
            form.submit(values, request.getRemoteAddr());
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.BAD_REQUEST) {
                return html(HttpStatus.BAD_REQUEST, render(Map.of("values", values, "errors", FormErrors.of(problem),
                        "honeypot", SupportForm.HONEYPOT)));
            }
            return html(problem.status(), render(Map.of("message", problem.getMessage())));
        }
        return html(HttpStatus.OK, render(Map.of("message", "Thank you — we received your request and will answer by e-mail.")));
    }

    private String render(Map<String, Object> model) {
        Context context = new Context();
        model.forEach(context::setVariable);
        return templates.process("service/support", context);
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(body);
    }
}
