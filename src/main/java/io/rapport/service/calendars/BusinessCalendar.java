package io.rapport.service.calendars;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a team works: intervals per weekday in local time (minutes of the day, end exclusive, 1440 = midnight at
 * the end of the day), in one time zone, minus holidays (fixed dates and dates that recur every year).
 */
public record BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Interval>> hours, Set<LocalDate> holidays,
                               Set<MonthDay> recurringHolidays) {

    /** Working time from {@code startMinute} to {@code endMinute} of a local day. */
    public record Interval(int startMinute, int endMinute) {
        public Interval {
            if (startMinute < 0 || endMinute > 1440 || startMinute >= endMinute) {
                throw new IllegalArgumentException("interval must lie within a day and end after it starts");
            }
        }
    }

    public BusinessCalendar {
        hours = Map.copyOf(hours);
        holidays = Set.copyOf(holidays);
        recurringHolidays = Set.copyOf(recurringHolidays);
    }

    /** Round the clock, every day, no holidays. */
    public static BusinessCalendar twentyFourSeven(ZoneId zone) {
        Map<DayOfWeek, List<Interval>> h = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) h.put(d, List.of(new Interval(0, 1440)));
        return new BusinessCalendar(zone, h, Set.of(), Set.of());
    }

    /** The working intervals of one local date, in order (none on holidays). */
    public List<Interval> intervalsOn(LocalDate date) {
        if (holidays.contains(date) || recurringHolidays.contains(MonthDay.from(date))) return List.of();
        return hours.getOrDefault(date.getDayOfWeek(), List.of());
    }

    public boolean hasWorkingTime() {
        return hours.values().stream().anyMatch(l -> !l.isEmpty());
    }
}
