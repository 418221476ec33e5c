package io.rapport.platform.web;

import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's shell needs: the signed-in user and the current path for the sidebar highlight. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {

    @ModelAttribute("me")
    CurrentUser me() {
        return CurrentUser.orNull();
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI();
    }
}
