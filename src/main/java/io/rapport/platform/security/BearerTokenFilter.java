package io.rapport.platform.security;

import io.rapport.platform.web.ProblemWriter;
import io.rapport.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Signs API calls in from {@code Authorization: Bearer <token>}; a wrong, expired or revoked token is a 401 at once. */
public class BearerTokenFilter extends OncePerRequestFilter {

    private final Function<String, Optional<CurrentUser>> tokens;
    private final ProblemWriter problems;

    public BearerTokenFilter(Function<String, Optional<CurrentUser>> tokens, ProblemWriter problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<CurrentUser> user = tokens.apply(header.substring(7).trim());
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            problems.write(response, Problems.unauthorized("The bearer token is unknown, expired or revoked"));
            return;
        }
        CurrentUser current = user.get();
        SecurityContextHolder.getContext().setAuthentication(current.asAuthentication());
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
