package io.rapport.service.calendars;

import io.rapport.platform.web.JsonFields;
import io.rapport.service.calendars.BusinessCalendar.Interval;
import io.rapport.service.calendars.CalendarView.Holiday;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads and checks calendar input (zone, hours, holidays), naming the field that is wrong; and builds the calculator's view. */
final class CalendarParser {

    private CalendarParser() {}

    static String zone(JsonFields f) {
        String zone = f.text("timeZone", 64);
        if (zone == null) {
            f.error("timeZone", "required, an IANA time zone such as Europe/Berlin");
            return null;
        }
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            f.error("timeZone", "unknown time zone '" + zone + "'; use an IANA id such as Europe/Berlin or America/New_York");
            return null;
        }
        return zone;
    }

    /** Weekday → sorted, non-overlapping intervals as "HH:mm" pairs. */
    static Map<String, List<List<String>>> hours(JsonFields f) {
        JsonNode n = f.node("hours");
        if (n == null || n.isNull() || !n.isObject()) {
            f.error("hours", "required, an object such as {\"MONDAY\": [[\"09:00\",\"17:00\"]]}");
            return null;
        }
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        int total = 0;
        for (String key : n.propertyNames()) {
            DayOfWeek day;
            try {
                day = DayOfWeek.valueOf(key.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                f.error("hours." + key, "not a weekday; use MONDAY … SUNDAY");
                continue;
            }
            JsonNode list = n.get(key);
            if (!list.isArray() || list.size() > 12) {
                f.error("hours." + key, "expected a list (at most 12) of [\"HH:mm\",\"HH:mm\"] intervals");
                continue;
            }
            List<int[]> parsed = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String field = "hours." + day + "[" + i + "]";
                JsonNode pair = list.get(i);
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isString() || !pair.get(1).isString()) {
                    f.error(field, "expected [\"HH:mm\",\"HH:mm\"]");
                    continue;
                }
                int s = minute(pair.get(0).asString()), e = minute(pair.get(1).asString());
                if (s < 0 || e < 0 || s == 1440) f.error(field, "times must be HH:mm between 00:00 and 24:00");
                else if (e <= s) f.error(field, "must end after it starts (" + pair.get(0).asString() + "–" + pair.get(1).asString() + ")");
                else parsed.add(new int[] {s, e});
            }
            parsed.sort(Comparator.comparingInt(a -> a[0]));
            for (int i = 1; i < parsed.size(); i++) {
                if (parsed.get(i)[0] < parsed.get(i - 1)[1]) f.error("hours." + day, "intervals overlap");
            }
            total += parsed.size();
            out.put(day.name(), parsed.stream().map(p -> List.of(format(p[0]), format(p[1]))).toList());
        }
        if (total == 0 && f.errors().isEmpty()) f.error("hours", "needs at least one working interval");
        Map<String, List<List<String>>> ordered = new LinkedHashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) ordered.put(d.name(), out.getOrDefault(d.name(), List.of()));
        return ordered;
    }

    static List<Holiday> holidays(JsonFields f) {
        JsonNode n = f.node("holidays");
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray() || n.size() > 500) {
            f.error("holidays", "expected a list (at most 500) of {date, name, recurring}");
            return List.of();
        }
        List<Holiday> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            String field = "holidays[" + i + "]";
            JsonNode h = n.get(i);
            if (!h.isObject()) {
                f.error(field, "expected {\"date\": \"2026-12-25\", \"name\": \"…\", \"recurring\": true}");
                continue;
            }
            JsonFields hf = new JsonFields(h, Set.of("date", "name", "recurring"));
            String date = hf.text("date", 10);
            String name = hf.text("name", 120);
            Boolean recurring = hf.bool("recurring");
            LocalDate parsed = null;
            try {
                parsed = date == null ? null : LocalDate.parse(date);
            } catch (DateTimeException e) {
                // reported below
            }
            if (parsed == null) hf.error("date", "required, a date such as 2026-12-25");
            f.absorb(field, hf);
            if (parsed != null && seen.add(parsed + "/" + Boolean.TRUE.equals(recurring))) {
                out.add(new Holiday(parsed.toString(), name, Boolean.TRUE.equals(recurring)));
            }
        }
        out.sort(Comparator.comparing(Holiday::date));
        return out;
    }

    static BusinessCalendar toCalendar(String zone, Map<String, List<List<String>>> hours, List<Holiday> holidays) {
        Map<DayOfWeek, List<Interval>> h = new EnumMap<>(DayOfWeek.class);
        hours.forEach((day, list) -> h.put(DayOfWeek.valueOf(day),
                list.stream().map(p -> new Interval(minute(p.get(0)), minute(p.get(1)))).toList()));
        Set<LocalDate> fixed = new HashSet<>();
        Set<MonthDay> yearly = new HashSet<>();
        for (Holiday hol : holidays) {
            LocalDate d = LocalDate.parse(hol.date());
            if (hol.recurring()) yearly.add(MonthDay.from(d));
            else fixed.add(d);
        }
        return new BusinessCalendar(ZoneId.of(zone), h, fixed, yearly);
    }

    /** "HH:mm" → minute of day, "24:00" → 1440; -1 when not a time. */
    static int minute(String hhmm) {
        if (hhmm == null || !hhmm.matches("\\d{2}:\\d{2}")) return -1;
        int h = Integer.parseInt(hhmm.substring(0, 2)), m = Integer.parseInt(hhmm.substring(3));
        if (h == 24 && m == 0) return 1440;
        return h < 24 && m < 60 ? h * 60 + m : -1;
    }

    static String format(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
}
