package io.rapport.sales.webforms;

import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public side of web forms, without sign-in: the hosted form page (for the iframe), the script that injects
 * it, and the endpoint a post lands on (form-urlencoded from the hosted page, or JSON from a site's own form).
 */
@Hidden
@RestController
class PublicFormController {

    private final WebForms forms;
    private final FormSubmissions submissions;
    private final TemplateEngine templates;
    private final JsonMapper json;

    PublicFormController(WebForms forms, FormSubmissions submissions, TemplateEngine templates, JsonMapper json) {
        this.forms = forms;
        this.submissions = submissions;
        this.templates = templates;
        this.json = json;
    }

    private WebForm form(String key) {
        return forms.published(key).orElseThrow(() -> Problems.notFound("Web form", key));
    }

    @GetMapping(value = "/forms/{key}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String key) {
        WebForm form = forms.published(key).orElse(null);
        if (form == null) return html(HttpStatus.NOT_FOUND, render("sales/form-missing", Map.of()));
        return html(HttpStatus.OK, render("sales/hosted-form", Map.of("form", form, "values", Map.of(), "errors", Map.of(),
                "honeypot", FormSubmissions.HONEYPOT)));
    }

    @GetMapping(value = "/forms/{key}.js")
    ResponseEntity<String> script(@PathVariable String key) {
        WebForm form = form(key);
        String path = "/forms/" + form.publicKey();
        // the form comes from wherever this script came from, so the snippet works behind any host name
        String js = """
                (function () {
                  var here = document.currentScript;
                  var frame = document.createElement('iframe');
                  frame.src = new URL(here.src).origin + %s;
                  frame.title = %s;
                  frame.loading = 'lazy';
                  frame.style.cssText = 'width:100%%;max-width:520px;height:720px;border:0';
                  here.parentNode.insertBefore(frame, here.nextSibling);
                })();
                """.formatted(json.writeValueAsString(path), json.writeValueAsString(form.name()));
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic()).body(js);
    }

    /** The hosted page's own submit: thank-you page, or the form again with what is wrong. */
    @PostMapping(value = "/forms/{key}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<?> postForm(@PathVariable String key, @RequestParam MultiValueMap<String, String> params,
                               HttpServletRequest request) {
        FormSubmissions.requireSmall(request.getContentLengthLong());
        WebForm form = form(key);
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, list) -> values.put(name, list.isEmpty() ? null : list.getLast()));
        boolean wantsHtml = String.valueOf(request.getHeader(HttpHeaders.ACCEPT)).contains("text/html");
        try {
            submissions.submit(form, values, request.getRemoteAddr());
        } catch (ApiProblem problem) {
            if (!wantsHtml) throw problem;
            if (problem.status() == HttpStatus.BAD_REQUEST) {
                return html(HttpStatus.BAD_REQUEST, render("sales/hosted-form", Map.of("form", form, "values", values,
                        "errors", FormErrors.of(problem), "honeypot", FormSubmissions.HONEYPOT)));
            }
            return html(problem.status(), render("sales/form-thanks", Map.of("form", form, "message", problem.getMessage())));
        }
        if (!wantsHtml) return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("message", form.thankYouText()));
        return html(HttpStatus.OK, render("sales/form-thanks", Map.of("form", form, "message", form.thankYouText())));
    }

    /** A site's own form or backend posting JSON: 201 with the thank-you text, or problem+json. */
    @PostMapping(value = "/forms/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> postJson(@PathVariable String key, @RequestBody(required = false) String body,
                                                 HttpServletRequest request) {
        FormSubmissions.requireSmall(request.getContentLengthLong());
        if (body != null && body.length() > 64 * 1024) throw Problems.tooLarge(64 * 1024);
        WebForm form = form(key);
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw Problems.malformed("The body is not well-formed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw Problems.malformed("The body must be a JSON object");
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (!v.isValueNode()) throw Problems.invalid(e.getKey(), "expected a string");
            values.put(e.getKey(), v.asString());
        }
        submissions.submit(form, values, request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("message", form.thankYouText()));
    }

    private String render(String template, Map<String, Object> model) {
        Context context = new Context();
        model.forEach(context::setVariable);
        return templates.process(template, context);
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(body);
    }

}
