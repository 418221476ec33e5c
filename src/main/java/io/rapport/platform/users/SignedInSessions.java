package io.rapport.platform.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Web sessions live in PostgreSQL (Spring Session JDBC), indexed by the user's e-mail. */
@Component
class SignedInSessions {

    private final JdbcClient jdbc;

    SignedInSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Signs the user out everywhere, on every app node. */
    int endAllOf(String email) {
        return jdbc.sql("delete from spring_session where lower(principal_name) = lower(:email)").param("email", email).update();
    }
}
