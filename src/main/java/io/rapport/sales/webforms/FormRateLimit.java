package io.rapport.sales.webforms;

import io.rapport.platform.security.SharedRateLimit;
import io.rapport.platform.web.ApiProblem;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/** At most N posts per client address and form in any sliding minute, shared by every app node (web_form_posts). */
@Component
class FormRateLimit {

    private final SharedRateLimit posts;

    FormRateLimit(JdbcClient jdbc, PlatformTransactionManager transactions, @Value("${rapport.forms.posts-per-minute:10}") int perMinute) {
        this.posts = new SharedRateLimit(jdbc, transactions, "web_form_posts", "form_id", perMinute);
    }

    int perMinute() {
        return posts.perMinute();
    }

    /** Counts this post, or refuses it with 429 when the address used up its minute. Commits on its own. */
    public void admit(String clientAddress, long formId) {
        if (!posts.admit(clientAddress, formId)) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many submissions",
                    "This form accepts at most " + perMinute() + " submissions a minute from one address; try again in a minute",
                    List.of());
        }
    }

    /** Old windows of addresses that never came back. */
    public int forgetOld() {
        return posts.forgetOld();
    }
}
