package io.rapport.activities.calendar;

import io.rapport.activities.tasks.Task;
import io.rapport.activities.tasks.Tasks;
import io.rapport.activities.timeline.Activities;
import io.rapport.activities.timeline.Activity;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * iCalendar downloads: one task or meeting (signed in, with the usual visibility), and the per-user feed that
 * calendar apps subscribe to by its secret URL (no session: the token is the key).
 */
@Controller
class CalendarController {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8);
    /** The feed covers the last month and everything ahead, bounded so one URL never loads a whole table. */
    static final Duration FEED_PAST = Duration.ofDays(30);
    static final int FEED_MAX = 500;
    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");

    private final Tasks tasks;
    private final Activities activities;
    private final CalendarDocuments documents;
    private final CalendarFeed feed;

    CalendarController(Tasks tasks, Activities activities, CalendarDocuments documents, CalendarFeed feed) {
        this.tasks = tasks;
        this.activities = activities;
        this.documents = documents;
        this.feed = feed;
    }

    @GetMapping("/tasks/{id}.ics")
    ResponseEntity<String> task(@PathVariable long id) {
        Task task = tasks.get(CurrentUser.require(), id);
        if (task.dueAt() == null) throw Problems.invalid("dueAt", "task " + id + " has no due date, so it has no place in a calendar");
        return download("task-" + id + ".ics", documents.task(task, baseUrl()));
    }

    @GetMapping("/activities/{id}.ics")
    ResponseEntity<String> meeting(@PathVariable long id) {
        Activity entry = activities.get(CurrentUser.require(), id);
        if (entry.type() != Activity.Kind.MEETING) throw Problems.invalid("type", "only meetings can be added to a calendar");
        return download("meeting-" + id + ".ics", documents.meeting(entry, baseUrl()));
    }

    @GetMapping("/ical/{token}.ics")
    ResponseEntity<String> feed(@PathVariable String token) {
        CurrentUser user = feed.userFor(token).orElse(null);
        if (user == null) {
            return ResponseEntity.status(404).contentType(MediaType.TEXT_PLAIN).body("No calendar feed at this address (it may have been regenerated).\n");
        }
        List<Task> open = tasks.list(user, new Tasks.Filter("me", "OPEN", null, null, FAR_FUTURE, null, FEED_MAX)).items();
        List<Activity> meetings = activities.meetingsSince(user.id(), Instant.now().minus(FEED_PAST), FEED_MAX);
        String body = documents.feed("Rapport · " + user.name(), open, meetings, baseUrl());
        return ResponseEntity.ok().contentType(TEXT_CALENDAR)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .header("X-Robots-Tag", "noindex").body(body);
    }

    private static ResponseEntity<String> download(String filename, String body) {
        return ResponseEntity.ok().contentType(TEXT_CALENDAR)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body);
    }

    private static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
