package io.rapport.feedback.answers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
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
        http.securityMatcher("/f/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")).frameOptions(f -> f.deny()));
        return http.build();
    }
}
