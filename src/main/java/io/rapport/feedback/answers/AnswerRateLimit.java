package io.rapport.feedback.answers;

import io.rapport.platform.security.PerNodeRateLimit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Per-address limit on the public answer pages (fixed one-minute windows, per node), as the CSAT links have. */
@Component
class AnswerRateLimit extends PerNodeRateLimit {

    AnswerRateLimit(@Value("${rapport.feedback.requests-per-minute:120}") int perMinute) {
        super(perMinute);
    }
}
