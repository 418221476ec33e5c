package io.rapport.service.intake;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
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
        http.securityMatcher("/support", "/support/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .anonymous(a -> {})
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }
}
