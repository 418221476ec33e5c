package io.rapport.service.surveys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
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
        http.securityMatcher("/s/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")).frameOptions(f -> f.deny()));
        return http.build();
    }
}
