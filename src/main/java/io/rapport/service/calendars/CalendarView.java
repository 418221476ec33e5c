package io.rapport.service.calendars;

import java.util.List;
import java.util.Map;

/** A business calendar as the API shows it: hours per weekday as ["09:00","12:30"] pairs, holidays by date. */
public record CalendarView(long id, String name, String timeZone, Map<String, List<List<String>>> hours,
                           List<Holiday> holidays, int version) {

    public record Holiday(String date, String name, boolean recurring) {}
}
