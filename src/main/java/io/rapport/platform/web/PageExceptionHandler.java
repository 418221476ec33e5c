package io.rapport.platform.web;

import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Renders a failure on a page (a {@code @Controller} that is not a {@code @RestController}) as
 * {@code error/problem} inside the app shell, with the problem's HTTP status, instead of a whitelabel page.
 * Page controllers catch invalid input themselves and re-render their form; what reaches this is a
 * missing record, a forbidden action or a malformed link. {@link ApiExceptionHandler} is ordered
 * first, so REST controllers (which are {@code @Controller}s too) keep getting problem+json.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    @ExceptionHandler(ApiProblem.class)
    ModelAndView onProblem(ApiProblem problem, HttpServletRequest request) {
        ModelAndView view = new ModelAndView("error/problem");
        // an exception handler starts from an empty model: add what LayoutModel gives every page
        view.addObject("me", CurrentUser.orNull());
        view.addObject("path", request.getRequestURI());
        view.setStatus(problem.status());
        view.addObject("status", problem.status().value());
        view.addObject("title", switch (problem.status()) {
            case NOT_FOUND -> "Not found";
            case FORBIDDEN -> "Not allowed";
            case CONFLICT -> "Changed meanwhile";
            default -> problem.title();
        });
        view.addObject("detail", problem.getMessage());
        view.addObject("errors", problem.errors());
        return view;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView onBadLink(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return onProblem(Problems.invalid(e.getName(), "'" + e.getValue() + "' is not valid here"), request);
    }
}
