package io.rapport.platform.web;

import io.rapport.platform.web.ApiProblem.FieldError;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Renders every API failure as RFC 9457 problem+json naming what is wrong; never a bare 500 page.
 * Ordered before the page advice ({@code PageExceptionHandler}), which also matches REST controllers
 * because {@code @RestController} is a {@code @Controller}.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(0)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> onProblem(ApiProblem problem) {
        return render(toDetail(problem));
    }

    public static ProblemDetail toDetail(ApiProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        detail.setType(problem.type());
        detail.setTitle(problem.title());
        if (!problem.errors().isEmpty()) {
            detail.setProperty("errors", problem.errors());
        }
        return detail;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> onTypeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return onProblem(Problems.invalid(e.getName(), "'" + e.getValue() + "' is not a valid " + expected));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> onIntegrity(DataIntegrityViolationException e) {
        if (e.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22")) {
            // class 22 "data exception" (bad text encoding, unparsable value, out of range): the input, not a conflict
            log.info("Data exception reported as 400: {}", sql.getMessage());
            return onProblem(Problems.malformed("A value in the request cannot be stored or compared: "
                    + sql.getMessage().replaceAll("\\s+", " ")));
        }
        // Validation should catch these first; a constraint that still fires is the client's data, not our crash.
        log.info("Constraint violation reported as 409: {}", e.getMostSpecificCause().getMessage());
        return onProblem(Problems.conflict("The change conflicts with existing data: " + e.getMostSpecificCause().getMessage()
                .replaceAll("\\s+", " ")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> onUnexpected(Exception e) {
        log.error("Unexpected API failure", e);
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the failure has been logged");
        detail.setType(URI.create("https://rapport.io/problems/internal"));
        return render(detail);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return asObject(onProblem(describeUnreadable(ex)));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(onProblem(Problems.invalid(ex.getParameterName(), "required")));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage())).toList();
        return asObject(onProblem(Problems.invalid(errors)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail detail && (detail.getType() == null || ABOUT_BLANK.equals(detail.getType()))) {
            // the framework's own problems (405, 415, 404 ...) get a type of ours like every other problem
            HttpStatus known = HttpStatus.resolve(statusCode.value());
            String slug = known == null ? "http-" + statusCode.value()
                    : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            detail.setType(URI.create("https://rapport.io/problems/" + slug));
        }
        HttpHeaders copy = new HttpHeaders();
        copy.putAll(headers);
        copy.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, copy, statusCode);
    }

    static ApiProblem describeUnreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof ApiProblem problem) {
            return problem;
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return Problems.invalid(path(unknown), "unknown field; see the API documentation for accepted fields");
        }
        if (cause instanceof StreamReadException) {
            return Problems.malformed("The body is not well-formed JSON: " + ((JacksonException) cause).getOriginalMessage());
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return Problems.invalid(path(jackson), "wrong type or format: " + jackson.getOriginalMessage());
        }
        return Problems.malformed(ex.getMessage() == null ? "The request body could not be read" :
                ex.getMessage().split(":")[0]);
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static ResponseEntity<ProblemDetail> render(ProblemDetail detail) {
        return ResponseEntity.status(detail.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail);
    }

    @SuppressWarnings("unchecked")
    private static ResponseEntity<Object> asObject(ResponseEntity<?> entity) {
        return (ResponseEntity<Object>) entity;
    }
}
