package io.rapport.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Failures that happen before any API controller is chosen (no such path, wrong method, unsupported media
 * type) are rendered as problem+json too when the request is for {@code /api/**}; for pages they are
 * rethrown and end on the usual error page. {@link ApiExceptionHandler} only sees controller failures.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiRoutingProblems {

    private final ApiExceptionHandler handler;

    ApiRoutingProblems(ApiExceptionHandler handler) {
        this.handler = handler;
    }

    @ExceptionHandler({NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class,
            HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<Object> onRouting(Exception e, HttpServletRequest request, WebRequest web) throws Exception {
        if (!request.getRequestURI().startsWith("/api/")) {
            throw e;
        }
        return handler.handleException(e, web);
    }
}
