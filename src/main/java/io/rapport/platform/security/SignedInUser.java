package io.rapport.platform.security;

import java.io.Serial;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication of a {@link CurrentUser}. Its name is the e-mail, which Spring Session stores as the
 * principal name of the session — so a user's sessions can be found and ended.
 */
public class SignedInUser extends UsernamePasswordAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    public SignedInUser(CurrentUser user) {
        super(user, null, List.of(new SimpleGrantedAuthority(user.role().authority())));
    }

    @Override
    public String getName() {
        return ((CurrentUser) getPrincipal()).email();
    }
}
