package io.rapport.sales.webforms;

import io.rapport.platform.web.ApiProblem;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * At most N posts per client address and form in any sliding minute, counted in PostgreSQL so every app node
 * shares the count. An advisory lock per (address, form) makes count-then-insert exact under concurrency.
 */
@Component
class FormRateLimit {

    private final JdbcClient jdbc;
    private final int perMinute;

    FormRateLimit(JdbcClient jdbc, @Value("${rapport.forms.posts-per-minute:10}") int perMinute) {
        this.jdbc = jdbc;
        this.perMinute = perMinute;
    }

    int perMinute() {
        return perMinute;
    }

    /** Counts this post, or refuses it with 429 when the address used up its minute. Commits on its own. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void admit(String clientAddress, long formId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:address), cast(:form as int))")
                .param("address", clientAddress).param("form", (int) (formId % Integer.MAX_VALUE)).query().singleRow();
        long recent = jdbc.sql("""
                        select count(*) from web_form_posts
                        where client_address = :address and form_id = :form and posted_at > now() - interval '1 minute'""")
                .param("address", clientAddress).param("form", formId).query(Long.class).single();
        if (recent >= perMinute) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many submissions",
                    "This form accepts at most " + perMinute + " submissions a minute from one address; try again in a minute",
                    List.of());
        }
        jdbc.sql("delete from web_form_posts where client_address = :address and form_id = :form and posted_at < now() - interval '1 minute'")
                .param("address", clientAddress).param("form", formId).update();
        jdbc.sql("insert into web_form_posts (client_address, form_id) values (:address, :form)")
                .param("address", clientAddress).param("form", formId).update();
    }

    /** Old windows of addresses that never came back. */
    @Transactional
    public int forgetOld() {
        return jdbc.sql("delete from web_form_posts where posted_at < now() - interval '10 minutes'").update();
    }
}
