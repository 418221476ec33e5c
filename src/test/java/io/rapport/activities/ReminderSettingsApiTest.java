package io.rapport.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every role manages its own reminder e-mails and calendar feed through the API; nobody else's. */
@IntegrationTest
class ReminderSettingsApiTest {

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
    void everyRoleTurnsItsOwnEmailRemindersOnAndOff() {
        for (String role : new String[] {"ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"}) {
            ApiFixtures.User user = fx.user(role, null);
            var before = api.get("/api/v1/me/reminder-settings", user.token());
            assertThat(before.status()).as(role).isEqualTo(200);
            assertThat(before.json().get("emailReminders").asBoolean()).isFalse();
            assertThat(before.json().get("calendarFeedSince").isNull()).isTrue();

            var on = api.patch("/api/v1/me/reminder-settings", user.token(), "{\"emailReminders\":true}");
            assertThat(on.status()).as(role + " " + on.body()).isEqualTo(200);
            assertThat(on.json().get("emailReminders").asBoolean()).isTrue();
            assertThat(api.get("/api/v1/me/reminder-settings", user.token()).json().get("emailReminders").asBoolean()).isTrue();
        }
        ApiFixtures.User other = fx.user("SALES", null);
        assertThat(api.get("/api/v1/me/reminder-settings", other.token()).json().get("emailReminders").asBoolean())
                .as("another user's setting is untouched").isFalse();
        assertThat(api.get("/api/v1/me/reminder-settings", null).status()).isEqualTo(401);
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        ApiFixtures.User user = fx.user("SALES", null);
        for (String body : new String[] {"{\"emailReminders\":\"yes\"}", "{}", "{\"emailReminders\":null}"}) {
            var r = api.patch("/api/v1/me/reminder-settings", user.token(), body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body()).contains("emailReminders");
        }
        var unknown = api.patch("/api/v1/me/reminder-settings", user.token(), "{\"emailReminders\":true,\"sms\":true}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("sms");
        assertThat(api.patch("/api/v1/me/reminder-settings", user.token(), "{not json").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/me/reminder-settings", user.token()).json().get("emailReminders").asBoolean())
                .as("nothing half-written").isFalse();
    }

    @Test
    void aNewFeedUrlServesTheCalendarAndReplacesTheOldOne() throws Exception {
        ApiFixtures.User user = fx.user("READ_ONLY", null);
        assertThat(api.delete("/api/v1/me/calendar-feed", user.token()).status()).isEqualTo(404);

        var first = api.post("/api/v1/me/calendar-feed", user.token(), null);
        assertThat(first.status()).isEqualTo(201);
        String firstUrl = first.json().get("url").asString();
        assertThat(firstUrl).matches("http://[^/]+/ical/[A-Za-z0-9_-]+\\.ics");
        assertThat(fetch(firstUrl).statusCode()).isEqualTo(200);
        assertThat(fetch(firstUrl).body()).startsWith("BEGIN:VCALENDAR\r\n");
        assertThat(api.get("/api/v1/me/reminder-settings", user.token()).json().get("calendarFeedSince").isNull()).isFalse();

        String secondUrl = api.post("/api/v1/me/calendar-feed", user.token(), null).json().get("url").asString();
        assertThat(secondUrl).isNotEqualTo(firstUrl);
        assertThat(fetch(firstUrl).statusCode()).as("the old URL stops working").isEqualTo(404);
        assertThat(fetch(secondUrl).statusCode()).isEqualTo(200);

        assertThat(api.delete("/api/v1/me/calendar-feed", user.token()).status()).isEqualTo(204);
        assertThat(fetch(secondUrl).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/me/reminder-settings", user.token()).json().get("calendarFeedSince").isNull()).isTrue();
    }

    private HttpResponse<String> fetch(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
