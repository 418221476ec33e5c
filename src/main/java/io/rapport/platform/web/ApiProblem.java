package io.rapport.platform.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A failure with an RFC 9457 problem type, an HTTP status and, for invalid input, the offending fields.
 * Thrown anywhere; rendered as {@code application/problem+json} by {@link ApiExceptionHandler}.
 */
public class ApiProblem extends RuntimeException {

    public record FieldError(String field, String message) {}

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create("https://rapport.io/problems/" + type);
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
