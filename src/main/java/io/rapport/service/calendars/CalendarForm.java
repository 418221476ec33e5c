package io.rapport.service.calendars;

import java.util.Map;

/** A calendar as the admin page edits it: each weekday's hours as "09:00-12:30, 13:30-18:00", holidays one per line. */
public record CalendarForm(CalendarView calendar, Map<String, String> hours, String holidays) {}
