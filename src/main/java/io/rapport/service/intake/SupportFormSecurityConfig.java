package io.rapport.service.intake;

import io.rapport.platform.security.PublicPages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The public support page {@code /support} lives outside the sign-in: that path only, no session, no CSRF token
 * (there is no session to ride on). Abuse is held off by the honeypot and the per-address rate limit.
 */
@Configuration
class SupportFormSecurityConfig {

    @Bean
    @Order(0)
    SecurityFilterChain supportFormChain(HttpSecurity http) throws Exception {
        return PublicPages.formPages(http, false, "/support", "/support/**");
    }
}
