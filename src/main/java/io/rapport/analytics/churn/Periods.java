package io.rapport.analytics.churn;

import io.rapport.platform.web.Problems;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Calendar periods (months or quarters, UTC) between two dates, parsed from request parameters with 400s naming the field. */
public final class Periods {

    public static final int MAX_PERIODS = 120;

    public enum Unit {
        MONTH(1), QUARTER(3);

        final int months;

        Unit(int months) {
            this.months = months;
        }

        public LocalDate start(LocalDate d) {
            LocalDate m = d.withDayOfMonth(1);
            return m.minusMonths((m.getMonthValue() - 1) % months);
        }

        public LocalDate next(LocalDate start) {
            return start.plusMonths(months);
        }
    }

    public record Period(LocalDate start, LocalDate end) {}

    private Periods() {}

    public static LocalDate date(String field, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) return fallback;
        String v = value.trim();
        try {
            return v.length() == 7 ? LocalDate.parse(v + "-01") : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "a date as yyyy-MM-dd or a month as yyyy-MM");
        }
    }

    public static Unit unit(String value) {
        if (value == null || value.isBlank()) return Unit.MONTH;
        try {
            return Unit.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("period", "month or quarter");
        }
    }

    /** The periods that start on or after the start of {@code from}'s period and on or before {@code to}. */
    public static List<Period> between(LocalDate from, LocalDate to, Unit unit) {
        if (to.isBefore(from)) throw Problems.invalid("to", "must not be before from");
        LocalDate s = unit.start(from);
        if (ChronoUnit.MONTHS.between(s, to) / unit.months + 1 > MAX_PERIODS) {
            throw Problems.invalid("from", "at most " + MAX_PERIODS + " periods at once");
        }
        List<Period> out = new ArrayList<>();
        for (; !s.isAfter(to); s = unit.next(s)) out.add(new Period(s, unit.next(s)));
        return out;
    }

    /** A share 0–1 rounded to 4 decimals, or null when there is nothing to divide by. */
    public static Double share(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}
