package io.rapport.platform.web;

import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every page's shell needs: the signed-in user ({@code me}) and the current path for the sidebar
 * highlight. Added after the handler and only when a view is rendered, so API calls pay nothing for it.
 */
@Configuration
class LayoutModel implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/api/**", "/webjars/**", "/css/**", "/js/**");
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
        if (view != null && view.getViewName() != null && !view.getViewName().startsWith("redirect:")) {
            view.getModel().putIfAbsent("me", CurrentUser.orNull());
            view.getModel().putIfAbsent("path", request.getRequestURI());
        }
    }
}
