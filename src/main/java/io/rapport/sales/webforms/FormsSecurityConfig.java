package io.rapport.sales.webforms;

import io.rapport.platform.security.PublicPages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Public web forms live outside the sign-in: {@code /forms/**} only, no session, no CSRF token (the page is
 * posted from other sites' iframes; there is no session to ride on), and framing allowed so sites can embed it.
 * Abuse is held off by the honeypot and the per-address rate limit instead.
 */
@Configuration
class FormsSecurityConfig {

    @Bean
    @Order(0)
    SecurityFilterChain publicForms(HttpSecurity http) throws Exception {
        return PublicPages.formPages(http, true, "/forms/**");
    }
}
