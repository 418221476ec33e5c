package io.rapport.service.calendars;

import io.rapport.service.calendars.BusinessCalendar.Interval;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * Business time arithmetic. Each local day is turned into instants through {@link ZonedDateTime} in the calendar's
 * zone, so a 23- or 25-hour day (daylight saving) counts exactly the working time it really has; nothing assumes
 * 24-hour days. Pure: no clock, no database.
 */
public final class BusinessTime {

    /** No SLA target is years long; a calendar with working time finds it well within this many days. */
    private static final int MAX_DAYS = 366 * 20;

    private BusinessTime() {}

    /** Working time between {@code a} and {@code b} (zero when b is not after a). */
    public static Duration businessTimeBetween(Instant a, Instant b, BusinessCalendar cal) {
        if (!b.isAfter(a)) return Duration.ZERO;
        LocalDate day = a.atZone(cal.zone()).toLocalDate().minusDays(1);
        LocalDate last = b.atZone(cal.zone()).toLocalDate();
        Duration total = Duration.ZERO;
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            for (Interval i : cal.intervalsOn(day)) {
                Instant s = at(day, i.startMinute(), cal), e = at(day, i.endMinute(), cal);
                Instant from = s.isAfter(a) ? s : a, to = e.isBefore(b) ? e : b;
                if (to.isAfter(from)) total = total.plus(Duration.between(from, to));
            }
        }
        return total;
    }

    /** The instant at which {@code amount} of working time after {@code start} has passed. */
    public static Instant addBusinessTime(Instant start, Duration amount, BusinessCalendar cal) {
        if (amount.isNegative()) throw new IllegalArgumentException("amount must not be negative");
        if (amount.isZero()) return start;
        if (!cal.hasWorkingTime()) throw new IllegalArgumentException("calendar has no working hours");
        Duration left = amount;
        LocalDate day = start.atZone(cal.zone()).toLocalDate().minusDays(1);
        for (int n = 0; n < MAX_DAYS; n++, day = day.plusDays(1)) {
            for (Interval i : cal.intervalsOn(day)) {
                Instant s = at(day, i.startMinute(), cal), e = at(day, i.endMinute(), cal);
                if (!e.isAfter(start)) continue;
                Instant from = s.isAfter(start) ? s : start;
                Duration available = Duration.between(from, e);
                if (available.compareTo(left) >= 0) return from.plus(left);
                left = left.minus(available);
            }
        }
        throw new IllegalArgumentException("no working time within " + MAX_DAYS + " days (holidays cover every working day?)");
    }

    /** A minute of a local day as an instant; 1440 is the next day's start. A time in a DST gap moves forward. */
    private static Instant at(LocalDate day, int minute, BusinessCalendar cal) {
        if (minute == 1440) return day.plusDays(1).atStartOfDay(cal.zone()).toInstant();
        return ZonedDateTime.of(day, LocalTime.of(minute / 60, minute % 60), cal.zone()).toInstant();
    }
}
