package io.rapport.sales.deals;

import java.time.Duration;
import java.time.Instant;

/** One row of a deal's stage history, with how long the deal stayed (or has stayed so far) in that stage. */
public record StageChange(long id, Long fromStageId, String fromStage, Long toStageId, String toStage, Long changedBy,
                          String changedByName, Instant changedAt, Instant leftAt) {

    public long secondsInStage() {
        return Duration.between(changedAt, leftAt == null ? Instant.now() : leftAt).getSeconds();
    }

    /** "3 d 4 h", "5 h 12 min", "40 min". */
    public String timeInStage() {
        long s = secondsInStage();
        long days = s / 86400, hours = (s % 86400) / 3600, minutes = (s % 3600) / 60;
        if (days > 0) return days + " d " + hours + " h";
        if (hours > 0) return hours + " h " + minutes + " min";
        return minutes + " min";
    }
}
