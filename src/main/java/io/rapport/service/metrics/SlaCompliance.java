package io.rapport.service.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * SLA compliance for the dashboard, supplied by the SLA lane (which owns the clocks). Without a bean of this type
 * the dashboard shows "n/a".
 */
public interface SlaCompliance {

    /**
     * Percentage (0–100) of SLA targets met by tickets solved in [from, to), per group key ("agent": assignee id,
     * "team": team id, "none": null) — a missing key means no data.
     */
    Map<Long, Double> compliance(Instant from, Instant to, String groupBy);

    Double overall(Instant from, Instant to);
}
