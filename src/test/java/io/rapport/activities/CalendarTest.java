package io.rapport.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** .ics downloads of tasks and meetings, and the per-user calendar feed behind its secret URL. */
@IntegrationTest
class CalendarTest {

    static final Pattern FEED_URL = Pattern.compile("id=\"feed-url\"[^>]*>(http[^<]+/ical/(cal_[A-Za-z0-9_-]+)\\.ics)<");

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
    }

    @Test
    void aTaskDownloadsAsAnEventAtItsDueTimeWithAnAlarmAtItsReminder() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long contact = fx.contact("Calendared", "ical", seller.id()).get("id").asLong();
        long task = create(seller.token(), "/api/v1/tasks", """
                {"title":"Send quote; then, call\\\\back — a long title that will need folding across several lines of the file",
                 "notes":"Line one\\nLine two","contactId":%d,"dueAt":"2026-12-10T14:30:00Z","remindAt":"2026-12-10T14:00:00Z"}"""
                .formatted(contact));
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);

        var ics = page.get("/tasks/" + task + ".ics");
        assertThat(ics.statusCode()).isEqualTo(200);
        assertThat(ics.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        assertThat(ics.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains("task-" + task + ".ics");
        String body = assertWellFormed(ics.body());
        String unfolded = body.replace("\r\n ", "");
        assertThat(unfolded).contains("BEGIN:VEVENT\r\nUID:task-" + task + "@rapport\r\n")
                .contains("\r\nDTSTART:20261210T143000Z\r\n").contains("\r\nDTEND:20261210T150000Z\r\n")
                .contains("\r\nSUMMARY:Task: Send quote\\; then\\, call\\\\back — a long title")
                .contains("\r\nDESCRIPTION:Line one\\nLine two\\n\\nPriority: normal\\nOpen in Rapport: http://localhost:")
                .contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n").contains("\r\nTRIGGER;VALUE=DATE-TIME:20261210T140000Z\r\n")
                .contains("\r\nSEQUENCE:0\r\n").containsPattern("\r\nDTSTAMP:\\d{8}T\\d{6}Z\r\n");
        assertThat(page.get("/tasks/" + task + ".ics").body()).isEqualTo(ics.body());  // stable: same UID, same stamp

        long undated = create(seller.token(), "/api/v1/tasks", "{\"title\":\"Someday\"}");
        assertThat(page.get("/tasks/" + undated + ".ics").statusCode()).isEqualTo(400);
        long hidden = create(api.adminToken(), "/api/v1/tasks", "{\"title\":\"Admin's\",\"dueAt\":\"2026-12-10T14:30:00Z\"}");
        assertThat(page.get("/tasks/" + hidden + ".ics").statusCode()).isEqualTo(404);
        assertThat(page.get("/tasks/987654321.ics").statusCode()).isEqualTo(404);
        assertThat(get("/tasks/" + task + ".ics").statusCode()).isEqualTo(302);  // no session: to the login page
    }

    @Test
    void aMeetingDownloadsWithStartEndLocationOrganizerAndAttendees() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long contact = fx.contact("Met", "ical", seller.id()).get("id").asLong();
        long meeting = create(seller.token(), "/api/v1/activities", """
                {"type":"MEETING","contactId":%d,"subject":"Demo","occurredAt":"2026-12-11T09:00:00Z","endsAt":"2026-12-11T10:15:00Z",
                 "location":"Room 4, Main St; 2nd floor","body":"Agenda","attendees":["ann@example.com","Bob Jones <bob@example.com>","Carla"]}"""
                .formatted(contact));
        long call = create(seller.token(), "/api/v1/activities", "{\"type\":\"CALL\",\"contactId\":%d}".formatted(contact));
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);

        String body = assertWellFormed(page.get("/activities/" + meeting + ".ics").body()).replace("\r\n ", "");
        assertThat(body).contains("\r\nUID:activity-" + meeting + "@rapport\r\n")
                .contains("\r\nDTSTART:20261211T090000Z\r\n").contains("\r\nDTEND:20261211T101500Z\r\n")
                .contains("\r\nSUMMARY:Demo\r\n").contains("\r\nLOCATION:Room 4\\, Main St\\; 2nd floor\r\n")
                .contains("\r\nORGANIZER;CN=Test SALES:mailto:" + seller.email() + "\r\n")
                .contains("\r\nATTENDEE;ROLE=REQ-PARTICIPANT:mailto:ann@example.com\r\n")
                .contains("\r\nATTENDEE;CN=Bob Jones;ROLE=REQ-PARTICIPANT:mailto:bob@example.com\r\n")
                .contains("DESCRIPTION:Agenda\\n\\nWith: Carla\\n\\nOpen in Rapport:");
        assertThat(page.get("/activities/" + call + ".ics").statusCode()).isEqualTo(400);
        ApiFixtures.User stranger = fx.user("SALES", null);
        assertThat(PageSession.signIn(api.base(), stranger.email(), ApiFixtures.PASSWORD).get("/activities/" + meeting + ".ics").statusCode())
                .isEqualTo(404);
    }

    @Test
    void theFeedListsOpenDatedTasksAndMeetingsAndRegeneratingKillsTheOldUrl() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long contact = fx.contact("Fed", "ical", seller.id()).get("id").asLong();
        long open = create(seller.token(), "/api/v1/tasks", "{\"title\":\"Open one\",\"dueAt\":\"2027-01-05T10:00:00Z\"}");
        long done = create(seller.token(), "/api/v1/tasks", "{\"title\":\"Done one\",\"status\":\"DONE\",\"dueAt\":\"2027-01-05T10:00:00Z\"}");
        long undated = create(seller.token(), "/api/v1/tasks", "{\"title\":\"Undated\"}");
        long othersTask = create(api.adminToken(), "/api/v1/tasks", "{\"title\":\"Not yours\",\"dueAt\":\"2027-01-05T10:00:00Z\"}");
        long future = create(seller.token(), "/api/v1/activities", "{\"type\":\"MEETING\",\"contactId\":%d,\"occurredAt\":\"2030-01-01T10:00:00Z\"}".formatted(contact));
        long old = create(seller.token(), "/api/v1/activities", "{\"type\":\"MEETING\",\"contactId\":%d,\"occurredAt\":\"2020-01-01T10:00:00Z\"}".formatted(contact));

        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/settings/reminders").body()).contains("You have no feed yet").contains("Create feed URL");
        Matcher first = FEED_URL.matcher(page.post("/settings/reminders/feed", Map.of()).body());
        assertThat(first.find()).isTrue();
        String firstPath = URI.create(first.group(1)).getPath();
        assertThat(page.get("/settings/reminders").body()).doesNotContain(first.group(2)).contains("Regenerate feed URL");

        var feed = get(firstPath);  // no session, no token: the URL is the key
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        String body = assertWellFormed(feed.body());
        assertThat(body).contains("UID:task-" + open + "@rapport").contains("UID:activity-" + future + "@rapport")
                .doesNotContain("UID:task-" + done + "@").doesNotContain("UID:task-" + undated + "@")
                .doesNotContain("UID:task-" + othersTask + "@").doesNotContain("UID:activity-" + old + "@")
                .contains("X-WR-CALNAME:Rapport · Test SALES");

        Matcher second = FEED_URL.matcher(page.post("/settings/reminders/feed", Map.of()).body());
        assertThat(second.find()).isTrue();
        assertThat(second.group(2)).isNotEqualTo(first.group(2));
        assertThat(get(firstPath).statusCode()).isEqualTo(404);
        String secondPath = URI.create(second.group(1)).getPath();
        assertThat(get(secondPath).statusCode()).isEqualTo(200);

        String token = second.group(2);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(get("/ical/" + tampered + ".ics").statusCode()).isEqualTo(404);
        assertThat(get("/ical/garbage.ics").statusCode()).isEqualTo(404);
        assertThat(get("/ical/" + "cal_" + "x".repeat(200) + ".ics").statusCode()).isEqualTo(404);

        assertThat(page.post("/settings/reminders/feed/off", Map.of()).statusCode()).isEqualTo(302);
        assertThat(get(secondPath).statusCode()).isEqualTo(404);
    }

    /** CRLF line ends only, no line over 75 octets, one calendar with balanced components. */
    private static String assertWellFormed(String ics) {
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        assertThat(count(ics, "BEGIN:VEVENT")).isEqualTo(count(ics, "END:VEVENT"));
        return ics;
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    private long create(String token, String path, String json) {
        var r = api.post(path, token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
