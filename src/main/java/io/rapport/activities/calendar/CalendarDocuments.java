package io.rapport.activities.calendar;

import io.rapport.activities.tasks.Task;
import io.rapport.activities.timeline.Activity;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Tasks and meetings as iCalendar events. A task becomes a VEVENT at its due time (30 minutes long) rather than a
 * VTODO: Google Calendar and Apple's iOS/macOS Calendar ignore VTODOs in imported files and subscribed feeds, so a
 * to-do would silently not appear on the phone; an event does, and its alarm fires at the task's reminder time.
 * UIDs are stable ({@code task-<id>@rapport}, {@code activity-<id>@rapport}) and SEQUENCE follows the record's
 * version, so re-importing or refreshing the feed updates the event instead of duplicating it.
 */
@Component
public class CalendarDocuments {

    static final Duration TASK_LENGTH = Duration.ofMinutes(30);
    static final Duration DEFAULT_MEETING_LENGTH = Duration.ofHours(1);
    private static final Pattern NAMED_ADDRESS = Pattern.compile("^\\s*\"?([^\"<]*?)\"?\\s*<([^<>\\s]+@[^<>\\s]+)>\\s*$");
    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s,;:<>\"]+@[^@\\s,;:<>\"]+\\.[^@\\s,;:<>\"]+$");

    private final UserDirectory users;

    CalendarDocuments(UserDirectory users) {
        this.users = users;
    }

    public String task(Task task, String baseUrl) {
        IcsWriter ics = open(null);
        writeTask(ics, task, baseUrl);
        return close(ics);
    }

    public String meeting(Activity meeting, String baseUrl) {
        IcsWriter ics = open(null);
        writeMeeting(ics, meeting, baseUrl);
        return close(ics);
    }

    /** A user's feed: their open tasks with due dates and their meetings. */
    public String feed(String calendarName, List<Task> tasks, List<Activity> meetings, String baseUrl) {
        IcsWriter ics = open(calendarName);
        tasks.forEach(t -> writeTask(ics, t, baseUrl));
        meetings.forEach(m -> writeMeeting(ics, m, baseUrl));
        return close(ics);
    }

    private static IcsWriter open(String feedName) {
        IcsWriter ics = new IcsWriter().begin("VCALENDAR").raw("VERSION", "2.0")
                .raw("PRODID", "-//Rapport//Rapport CRM//EN").raw("CALSCALE", "GREGORIAN");
        if (feedName != null) {
            // how often subscribed calendars should refresh (RFC 7986, and the de-facto Apple/Google/Outlook names)
            ics.text("NAME", feedName).text("X-WR-CALNAME", feedName)
                    .raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H").raw("X-PUBLISHED-TTL", "PT1H");
        }
        return ics;
    }

    private static String close(IcsWriter ics) {
        return ics.end("VCALENDAR").toString();
    }

    private static void writeTask(IcsWriter ics, Task t, String baseUrl) {
        String link = baseUrl + (t.contactId() != null ? "/contacts/" + t.contactId()
                : t.accountId() != null ? "/accounts/" + t.accountId() : "/tasks");
        StringBuilder description = new StringBuilder();
        if (t.notes() != null) description.append(t.notes()).append("\n\n");
        description.append("Priority: ").append(t.priority().toLowerCase()).append("\nOpen in Rapport: ").append(link);
        ics.begin("VEVENT")
                .raw("UID", "task-" + t.id() + "@rapport")
                .time("DTSTAMP", t.updatedAt() != null ? t.updatedAt() : Instant.now())
                .raw("SEQUENCE", String.valueOf(t.version()))
                .time("DTSTART", t.dueAt())
                .time("DTEND", t.dueAt().plus(TASK_LENGTH))
                .text("SUMMARY", "Task: " + t.title())
                .text("DESCRIPTION", description.toString())
                .raw("URL", link)
                .raw("STATUS", "CANCELLED".equals(t.status()) ? "CANCELLED" : "CONFIRMED")
                .raw("TRANSP", "TRANSPARENT")  // a task does not block the calendar like a meeting
                .text("CATEGORIES", "Task");
        if (t.remindAt() != null && "OPEN".equals(t.status())) {
            ics.begin("VALARM").raw("ACTION", "DISPLAY").text("DESCRIPTION", t.title())
                    .time("TRIGGER;VALUE=DATE-TIME", t.remindAt()).end("VALARM");
        }
        ics.end("VEVENT");
    }

    private void writeMeeting(IcsWriter ics, Activity m, String baseUrl) {
        String link = baseUrl + (m.contactId() != null ? "/contacts/" + m.contactId() : "/accounts/" + m.accountId());
        Instant end = m.endsAt() != null ? m.endsAt()
                : m.occurredAt().plus(m.durationSeconds() != null && m.durationSeconds() > 0
                        ? Duration.ofSeconds(m.durationSeconds()) : DEFAULT_MEETING_LENGTH);
        List<String> others = new ArrayList<>();
        ics.begin("VEVENT")
                .raw("UID", "activity-" + m.id() + "@rapport")
                .time("DTSTAMP", m.updatedAt() != null ? m.updatedAt() : m.createdAt())
                .raw("SEQUENCE", String.valueOf(m.version()))
                .time("DTSTART", m.occurredAt())
                .time("DTEND", end)
                .text("SUMMARY", m.subject() != null ? m.subject() : "Meeting")
                .text("LOCATION", m.location())
                .raw("URL", link);
        UserAccount author = m.authorId() == null ? null : users.find(m.authorId()).orElse(null);
        if (author != null && !m.attendees().isEmpty()) ics.person("ORGANIZER", author.name(), author.email(), null);
        for (String attendee : m.attendees()) {
            Matcher named = NAMED_ADDRESS.matcher(attendee);
            if (named.matches()) {
                ics.person("ATTENDEE", named.group(1), named.group(2), "ROLE=REQ-PARTICIPANT");
            } else if (ADDRESS.matcher(attendee.trim()).matches()) {
                ics.person("ATTENDEE", null, attendee.trim(), "ROLE=REQ-PARTICIPANT");
            } else {
                others.add(attendee);  // a name without an address cannot be an ATTENDEE (it needs a URI)
            }
        }
        String body = m.body() == null ? "" : m.body();
        if (!others.isEmpty()) body += (body.isEmpty() ? "" : "\n\n") + "With: " + String.join(", ", others);
        ics.text("DESCRIPTION", body + (body.isEmpty() ? "" : "\n\n") + "Open in Rapport: " + link)
                .raw("STATUS", "CONFIRMED")
                .end("VEVENT");
    }
}
