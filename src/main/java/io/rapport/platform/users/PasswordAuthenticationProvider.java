package io.rapport.platform.users;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The login page's sign-in, through the same throttled check as the token endpoint. */
@Component
public class PasswordAuthenticationProvider implements AuthenticationProvider {

    private final PasswordLogin login;

    PasswordAuthenticationProvider(PasswordLogin login) {
        this.login = login;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        String password = authentication.getCredentials() == null ? null : authentication.getCredentials().toString();
        return switch (login.attempt(email, password, "web")) {
            case PasswordLogin.Outcome.Success s -> s.user().asAuthentication();
            case PasswordLogin.Outcome.Locked l -> throw new LockedException("Too many failed sign-ins. Try again after "
                    + DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault()).format(l.until()) + ".");
            case PasswordLogin.Outcome.BadCredentials b -> throw new BadCredentialsException("Wrong e-mail or password.");
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
