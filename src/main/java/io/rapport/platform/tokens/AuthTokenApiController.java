package io.rapport.platform.tokens;

import io.rapport.platform.users.PasswordLogin;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Authentication")
@RestController
@RequestMapping("/api/v1/auth")
class AuthTokenApiController {

    record Credentials(String email, String password) {}

    record TokenResponse(String token, Instant expiresAt) {}

    private final PasswordLogin login;
    private final ApiTokens tokens;

    AuthTokenApiController(PasswordLogin login, ApiTokens tokens) {
        this.login = login;
        this.tokens = tokens;
    }

    @Operation(summary = "Exchange e-mail and password for a 30-day API token",
            description = "Subject to the same failed-login lock-out as the login page (5 failures lock the e-mail for 15 minutes; then 429).")
    @PostMapping("/token")
    TokenResponse token(@RequestBody Credentials credentials) {
        if (credentials.email() == null || credentials.email().isBlank()) throw Problems.invalid("email", "required");
        if (credentials.password() == null || credentials.password().isEmpty()) throw Problems.invalid("password", "required");
        return switch (login.attempt(credentials.email(), credentials.password(), "api")) {
            case PasswordLogin.Outcome.Success s -> {
                var issued = tokens.issue(s.user(), "script token " + Instant.now(), ApiTokens.SCRIPT_TOKEN_LIFETIME);
                yield new TokenResponse(issued.token(), issued.info().expiresAt());
            }
            case PasswordLogin.Outcome.Locked l -> throw Problems.tooManyAttempts("Too many failed sign-ins for this e-mail; try again after " + l.until());
            case PasswordLogin.Outcome.BadCredentials b -> throw Problems.unauthorized("Wrong e-mail or password");
        };
    }
}
