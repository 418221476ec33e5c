package io.rapport.service.surveys;

import io.rapport.platform.security.PerNodeRateLimit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Per-address limit on the public CSAT survey pages (fixed one-minute windows, per node). */
@Component
class SurveyRateLimit extends PerNodeRateLimit {

    SurveyRateLimit(@Value("${rapport.surveys.requests-per-minute:120}") int perMinute) {
        super(perMinute);
    }
}
