package io.rapport.analytics.kpis;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** Bucket size of a trend series: weeks start on Monday, months on the 1st (UTC days). */
public enum Grain {
    DAY, WEEK, MONTH;

    /** The start of the bucket after the one holding {@code day}. */
    public LocalDate next(LocalDate day) {
        return switch (this) {
            case DAY -> day.plusDays(1);
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(1);
            case MONTH -> day.withDayOfMonth(1).plusMonths(1);
        };
    }

    /** The bucket of {@code day} within a series starting at {@code from}. */
    public LocalDate bucket(LocalDate day, LocalDate from) {
        LocalDate start = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return start.isBefore(from) ? from : start;
    }

    /** Days for short periods, weeks up to about four months, months beyond. */
    public static Grain forDays(long days) {
        return days <= 31 ? DAY : days <= 124 ? WEEK : MONTH;
    }
}
