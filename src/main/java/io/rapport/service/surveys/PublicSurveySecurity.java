package io.rapport.service.surveys;

import io.rapport.platform.security.PublicPages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The survey links are opened from a customer's mail client: no login, and no CSRF token (the page that posts the
 * comment is reached by the secret link; the token in the path is the key). Only {@code /s/**} is opened this way.
 */
@Configuration
class PublicSurveySecurity {

    @Bean
    @Order(0)
    SecurityFilterChain publicSurveys(HttpSecurity http) throws Exception {
        return PublicPages.linkPages(http, "/s/**");
    }
}
