package io.rapport.platform.security;

import io.rapport.platform.tokens.ApiTokens;
import io.rapport.platform.users.PasswordAuthenticationProvider;
import io.rapport.platform.web.ProblemWriter;
import io.rapport.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * Two doors: {@code /api/**} takes bearer tokens only (no cookies, so no CSRF to guard), and the web UI
 * takes a form login with a session stored in PostgreSQL and CSRF protection on every form and htmx call.
 */
@Configuration
public class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, ProblemWriter problems) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                // machines, not browsers: no anonymous user, no servlet-API wrapper, only the headers an API needs
                .anonymous(a -> a.disable())
                .servletApi(s -> s.disable())
                .headers(h -> h.defaultsDisabled().contentTypeOptions(c -> {}).cacheControl(c -> {}))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(tokens::authenticate, problems), UsernamePasswordAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> {
                            res.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(res, Problems.unauthorized("Send a valid token as 'Authorization: Bearer <token>'"));
                        })
                        .accessDeniedHandler((req, res, ex) -> problems.write(res, Problems.forbidden("Your role may not do this"))));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, PasswordAuthenticationProvider passwords) throws Exception {
        http.authenticationProvider(passwords)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // calendar feeds: calendar apps cannot sign in; the secret in the URL is the key
                        .requestMatchers(HttpMethod.GET, "/ical/*").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").usernameParameter("email").defaultSuccessUrl("/", false)
                        // fixed messages only: the login page never echoes text from its URL
                        .failureHandler((req, res, ex) -> res.sendRedirect(ex instanceof LockedException
                                ? "/login?locked" : "/login?error"))
                        .permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e.accessDeniedHandler((req, res, ex) ->
                        res.sendError(HttpServletResponse.SC_FORBIDDEN, "Your role may not open this page")))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                        + "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"))
                        .frameOptions(f -> f.deny()));
        return http.build();
    }
}
