package io.rapport.platform.web;

import io.rapport.platform.web.ApiProblem.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;

/** Factories for the problems the API reports, one stable type per kind of failure. */
public final class Problems {

    private Problems() {}

    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                what + " " + id + " does not exist or is not visible to you", List.of());
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail, errors);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblem malformed(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", detail, List.of());
    }

    public static ApiProblem staleVersion(String what, long id, long expected, long actual) {
        return new ApiProblem(HttpStatus.CONFLICT, "version-conflict", "Version conflict",
                what + " " + id + " is at version " + actual + " but the update was based on version " + expected
                        + "; reload it and apply your change again", List.of(new FieldError("version", "stale")));
    }

    public static ApiProblem preconditionFailed(String what, long id, long actual) {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
                "If-Match does not match the current version " + actual + " of " + what + " " + id, List.of());
    }

    public static ApiProblem versionRequired() {
        return new ApiProblem(HttpStatus.PRECONDITION_REQUIRED, "version-required", "Version required",
                "Send the record's version in the body (\"version\") or as If-Match", List.of(new FieldError("version", "required")));
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail, List.of());
    }

    public static ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                "Request bodies are limited to " + limit + " bytes", List.of());
    }

    public static ApiProblem tooManyAttempts(String detail) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts", "Too many failed sign-ins", detail, List.of());
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, List.of());
    }
}
