package io.rapport.service.sla;

import static io.rapport.service.calendars.BusinessTime.addBusinessTime;
import static io.rapport.service.calendars.BusinessTime.businessTimeBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.service.calendars.BusinessCalendar;
import io.rapport.service.calendars.BusinessCalendar.Interval;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure business-time calculator: nights, weekends, holidays, time zones and daylight-saving days. */
class BusinessTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** Monday to Friday, 09:00–18:00. */
    private static BusinessCalendar weekdays(ZoneId zone, Set<LocalDate> holidays, Set<MonthDay> yearly) {
        Map<DayOfWeek, List<Interval>> h = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            h.put(d, List.of(new Interval(9 * 60, 18 * 60)));
        }
        return new BusinessCalendar(zone, h, holidays, yearly);
    }

    private static BusinessCalendar weekdays(ZoneId zone) {
        return weekdays(zone, Set.of(), Set.of());
    }

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void friday_afternoon_plus_two_hours_is_monday_ten() {
        // 2026-12-04 is a Friday
        Instant due = addBusinessTime(at("2026-12-04T17:00", BERLIN), Duration.ofHours(2), weekdays(BERLIN));
        assertThat(due).isEqualTo(at("2026-12-07T10:00", BERLIN));
        assertThat(businessTimeBetween(at("2026-12-04T17:00", BERLIN), due, weekdays(BERLIN))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void nights_and_weekends_do_not_count() {
        BusinessCalendar cal = weekdays(BERLIN);
        assertThat(businessTimeBetween(at("2026-12-04T18:00", BERLIN), at("2026-12-07T09:00", BERLIN), cal)).isZero();
        assertThat(businessTimeBetween(at("2026-12-01T20:00", BERLIN), at("2026-12-02T10:30", BERLIN), cal))
                .isEqualTo(Duration.ofMinutes(90));
        // starting before opening counts from opening
        assertThat(addBusinessTime(at("2026-12-02T06:00", BERLIN), Duration.ofMinutes(30), cal)).isEqualTo(at("2026-12-02T09:30", BERLIN));
        // a full week of working time is five days of nine hours
        assertThat(businessTimeBetween(at("2026-12-07T00:00", BERLIN), at("2026-12-14T00:00", BERLIN), cal)).isEqualTo(Duration.ofHours(45));
    }

    @Test
    void reaching_the_end_of_a_day_exactly_stays_on_that_day() {
        assertThat(addBusinessTime(at("2026-12-02T17:00", BERLIN), Duration.ofHours(1), weekdays(BERLIN)))
                .isEqualTo(at("2026-12-02T18:00", BERLIN));
    }

    @Test
    void holiday_monday_is_skipped_fixed_and_recurring() {
        BusinessCalendar fixed = weekdays(BERLIN, Set.of(LocalDate.parse("2026-12-07")), Set.of());
        assertThat(addBusinessTime(at("2026-12-04T17:00", BERLIN), Duration.ofHours(2), fixed)).isEqualTo(at("2026-12-08T10:00", BERLIN));
        // Christmas recurs every year: 2028-12-25 is a Monday
        BusinessCalendar yearly = weekdays(BERLIN, Set.of(), Set.of(MonthDay.of(12, 25)));
        assertThat(addBusinessTime(at("2028-12-22T17:00", BERLIN), Duration.ofHours(2), yearly)).isEqualTo(at("2028-12-26T10:00", BERLIN));
        assertThat(businessTimeBetween(at("2028-12-25T00:00", BERLIN), at("2028-12-26T00:00", BERLIN), yearly)).isZero();
    }

    @Test
    void several_intervals_per_day_skip_the_lunch_break() {
        Map<DayOfWeek, List<Interval>> h = new EnumMap<>(DayOfWeek.class);
        h.put(DayOfWeek.WEDNESDAY, List.of(new Interval(9 * 60, 12 * 60 + 30), new Interval(13 * 60 + 30, 18 * 60)));
        BusinessCalendar cal = new BusinessCalendar(BERLIN, h, Set.of(), Set.of());
        assertThat(addBusinessTime(at("2026-12-02T12:00", BERLIN), Duration.ofHours(1), cal)).isEqualTo(at("2026-12-02T14:00", BERLIN));
        assertThat(businessTimeBetween(at("2026-12-02T00:00", BERLIN), at("2026-12-03T00:00", BERLIN), cal)).isEqualTo(Duration.ofHours(8));
        // the next working time after a Wednesday evening is the next Wednesday
        assertThat(addBusinessTime(at("2026-12-02T18:00", BERLIN), Duration.ofMinutes(1), cal)).isEqualTo(at("2026-12-09T09:01", BERLIN));
    }

    @Test
    void berlin_spring_forward_day_has_23_hours_of_round_the_clock_time() {
        // 2026-03-29: clocks go from 02:00 to 03:00
        BusinessCalendar cal = BusinessCalendar.twentyFourSeven(BERLIN);
        assertThat(businessTimeBetween(at("2026-03-29T00:00", BERLIN), at("2026-03-30T00:00", BERLIN), cal)).isEqualTo(Duration.ofHours(23));
        assertThat(addBusinessTime(at("2026-03-29T01:00", BERLIN), Duration.ofHours(2), cal)).isEqualTo(at("2026-03-29T04:00", BERLIN));
        // office hours are unaffected: 9 hours that day, and 17:00 + 2 h is 10:00 next morning
        Map<DayOfWeek, List<Interval>> h = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) h.put(d, List.of(new Interval(9 * 60, 18 * 60)));
        BusinessCalendar daily = new BusinessCalendar(BERLIN, h, Set.of(), Set.of());
        assertThat(businessTimeBetween(at("2026-03-29T00:00", BERLIN), at("2026-03-30T00:00", BERLIN), daily)).isEqualTo(Duration.ofHours(9));
        assertThat(addBusinessTime(at("2026-03-28T17:00", BERLIN), Duration.ofHours(2), daily)).isEqualTo(at("2026-03-29T10:00", BERLIN));
        // a working interval across the gap (01:00–04:00 local) holds two real hours
        Map<DayOfWeek, List<Interval>> night = new EnumMap<>(DayOfWeek.class);
        night.put(DayOfWeek.SUNDAY, List.of(new Interval(60, 240)));
        assertThat(businessTimeBetween(at("2026-03-29T00:00", BERLIN), at("2026-03-30T00:00", BERLIN),
                new BusinessCalendar(BERLIN, night, Set.of(), Set.of()))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void berlin_fall_back_day_has_25_hours() {
        // 2026-10-25: clocks go from 03:00 back to 02:00
        BusinessCalendar cal = BusinessCalendar.twentyFourSeven(BERLIN);
        assertThat(businessTimeBetween(at("2026-10-25T00:00", BERLIN), at("2026-10-26T00:00", BERLIN), cal)).isEqualTo(Duration.ofHours(25));
        Instant start = at("2026-10-25T00:00", BERLIN);
        assertThat(addBusinessTime(start, Duration.ofHours(25), cal)).isEqualTo(at("2026-10-26T00:00", BERLIN));
        Map<DayOfWeek, List<Interval>> night = new EnumMap<>(DayOfWeek.class);
        night.put(DayOfWeek.SUNDAY, List.of(new Interval(60, 240)));
        assertThat(businessTimeBetween(at("2026-10-25T00:00", BERLIN), at("2026-10-26T00:00", BERLIN),
                new BusinessCalendar(BERLIN, night, Set.of(), Set.of()))).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void new_york_hours_across_its_own_dst_change() {
        BusinessCalendar cal = weekdays(NEW_YORK);
        // 2026-03-08 (Sunday) US clocks spring forward; Friday 17:00 EST + 2 h = Monday 10:00 EDT
        Instant due = addBusinessTime(at("2026-03-06T17:00", NEW_YORK), Duration.ofHours(2), cal);
        assertThat(due).isEqualTo(at("2026-03-09T10:00", NEW_YORK));
        assertThat(due).isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
        // 2026-11-01 fall back: Monday opens at 14:00Z (EST)
        assertThat(addBusinessTime(at("2026-10-30T18:00", NEW_YORK), Duration.ofMinutes(1), cal)).isEqualTo(Instant.parse("2026-11-02T14:01:00Z"));
    }

    @Test
    void tokyo_calendar_from_utc_instants() {
        BusinessCalendar cal = weekdays(TOKYO);
        // Monday 2026-12-07 00:30Z = 09:30 in Tokyo; Sunday 23:00Z is already Monday 08:00 there
        assertThat(businessTimeBetween(Instant.parse("2026-12-06T23:00:00Z"), Instant.parse("2026-12-07T00:30:00Z"), cal))
                .isEqualTo(Duration.ofMinutes(30));
        // Friday 08:00Z = 17:00 Tokyo; + 2 h = Monday 10:00 Tokyo = Monday 01:00Z
        assertThat(addBusinessTime(Instant.parse("2026-12-04T08:00:00Z"), Duration.ofHours(2), cal))
                .isEqualTo(Instant.parse("2026-12-07T01:00:00Z"));
    }

    @Test
    void round_the_clock_calendar_is_plain_duration() {
        BusinessCalendar cal = BusinessCalendar.twentyFourSeven(ZoneId.of("UTC"));
        Instant a = Instant.parse("2026-12-04T17:00:00Z");
        assertThat(addBusinessTime(a, Duration.ofHours(50), cal)).isEqualTo(a.plus(Duration.ofHours(50)));
        assertThat(businessTimeBetween(a, a.plus(Duration.ofDays(9)), cal)).isEqualTo(Duration.ofDays(9));
        assertThat(businessTimeBetween(a.plusSeconds(5), a, cal)).isZero();
        assertThat(addBusinessTime(a, Duration.ZERO, cal)).isEqualTo(a);
    }

    @Test
    void between_and_add_agree() {
        BusinessCalendar cal = weekdays(BERLIN, Set.of(LocalDate.parse("2026-12-24")), Set.of(MonthDay.of(1, 1)));
        Instant start = at("2026-12-03T11:17", BERLIN);
        for (int minutes = 1; minutes < 60 * 24 * 10; minutes += 97) {
            Instant due = addBusinessTime(start, Duration.ofMinutes(minutes), cal);
            assertThat(businessTimeBetween(start, due, cal)).isEqualTo(Duration.ofMinutes(minutes));
        }
    }

    @Test
    void calendar_without_working_time_is_refused() {
        BusinessCalendar none = new BusinessCalendar(BERLIN, Map.of(), Set.of(), Set.of());
        assertThatThrownBy(() -> addBusinessTime(Instant.now(), Duration.ofHours(1), none)).isInstanceOf(IllegalArgumentException.class);
    }
}
