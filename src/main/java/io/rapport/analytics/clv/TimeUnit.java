package io.rapport.analytics.clv;

import io.rapport.platform.web.Problems;
import java.util.Locale;

/** The unit in which the models count time (t_x, T, α). */
enum TimeUnit {
    DAYS(1), WEEKS(7);

    final double days;

    TimeUnit(double days) {
        this.days = days;
    }

    /** Length of a month (365.25 / 12 days) in this unit. */
    double month() {
        return 365.25 / 12 / days;
    }

    static TimeUnit parse(String raw) {
        if (raw == null || raw.isBlank()) return WEEKS;
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("timeUnit", "'" + raw + "' is not a time unit; use DAYS or WEEKS");
        }
    }
}
