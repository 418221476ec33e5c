package io.rapport.service.sla;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * SLA knobs. A clock is "breaching soon" when what is left of its target is at most {@code warn-percent} of the
 * target or {@code warn-before}, whichever is smaller. Clocks pause in the {@code pause-statuses} (PENDING: waiting
 * on the customer; ON_HOLD is left running by default because then the customer waits on us or a third party).
 */
@Component
public class SlaSettings {

    private final int warnPercent;
    private final Duration warnBefore;
    private final Set<String> pauseStatuses;

    SlaSettings(@Value("${rapport.sla.warn-percent:25}") int warnPercent,
                @Value("${rapport.sla.warn-before:PT30M}") Duration warnBefore,
                @Value("${rapport.sla.pause-statuses:PENDING}") String pauseStatuses) {
        this.warnPercent = warnPercent;
        this.warnBefore = warnBefore;
        this.pauseStatuses = Arrays.stream(pauseStatuses.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** How long before the due time (in business time) the warning fires for a target. */
    public Duration warnLead(Duration target) {
        Duration share = target.multipliedBy(warnPercent).dividedBy(100);
        return share.compareTo(warnBefore) < 0 ? share : warnBefore;
    }

    public boolean pauses(String status) {
        return pauseStatuses.contains(status);
    }
}
