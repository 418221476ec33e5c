package io.rapport.feedback.answers;

import io.rapport.platform.security.PublicPages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The answer pages ({@code /f/**}) are opened from a customer's mail client: no login and no CSRF token — the signed
 * link in the path is the key, and it works once.
 */
@Configuration
class PublicFeedbackSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain publicFeedback(HttpSecurity http) throws Exception {
        return PublicPages.linkPages(http, "/f/**");
    }
}
