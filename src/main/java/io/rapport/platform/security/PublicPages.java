package io.rapport.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chain of pages that live outside the sign-in, for the modules that own such pages (each declares its
 * own {@code @Order(0)} chain on its own paths with one of these). No session and no CSRF token (there is no
 * session to ride on), no login, logout or basic auth, every request let through: the page itself checks its key
 * (a signed link in the path), its honeypot and its rate limit.
 */
public final class PublicPages {

    /** A page opened from a customer's mail client: its own scripts and styles only, never framed. */
    static final String LINK_PAGE_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    /** A form page: nothing loaded from elsewhere, posts only to itself; {@code frame-ancestors} per caller. */
    static final String FORM_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors ";

    private PublicPages() {}

    /** Pages reached by a secret link in a mail (answer and survey links): never framed. */
    public static SecurityFilterChain linkPages(HttpSecurity http, String... paths) throws Exception {
        return open(http, paths)
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(LINK_PAGE_POLICY)).frameOptions(f -> f.deny()))
                .build();
    }

    /**
     * Public form pages; {@code embeddableAnywhere}: other sites may show them in an iframe (lead capture forms),
     * otherwise only pages of this app may frame them.
     */
    public static SecurityFilterChain formPages(HttpSecurity http, boolean embeddableAnywhere, String... paths) throws Exception {
        return open(http, paths)
                .headers(h -> {
                    h.contentSecurityPolicy(csp -> csp.policyDirectives(FORM_PAGE_POLICY + (embeddableAnywhere ? "*" : "'self'")));
                    if (embeddableAnywhere) h.frameOptions(f -> f.disable());
                })
                .build();
    }

    private static HttpSecurity open(HttpSecurity http, String... paths) throws Exception {
        return http.securityMatcher(paths)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .anonymous(a -> {})
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
    }
}
