package io.rapport.activities;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class TimelineApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Timeline timeline;
    Api api;
    ApiFixtures fx;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
    }

    @Test
    void logsNotesCallsAndMeetingsOnAContactAndShowsThemNewestFirstOnContactAndAccount() {
        long account = fx.account(Api.unique("Timeline Co"), "timeline", null).get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Timeline\",\"accountId\":%d}".formatted(account)).get("id").asLong();

        var note = api.post("/api/v1/activities", admin, """
                {"type":"note","contactId":%d,"subject":"Intro","body":"Met at the fair","occurredAt":"2026-01-01T10:00:00Z"}"""
                .formatted(contact));
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        assertThat(note.json().get("accountId").asLong()).isEqualTo(account);
        assertThat(note.json().get("channel").asString()).isEqualTo("NOTE");
        var call = api.post("/api/v1/activities", admin, """
                {"type":"CALL","contactId":%d,"direction":"outbound","durationSeconds":300,"outcome":"interested",
                 "occurredAt":"2026-02-01T10:00:00Z","journeyStage":"consideration","sentiment":"positive"}""".formatted(contact));
        assertThat(call.status()).as(call.body()).isEqualTo(201);
        var meeting = api.post("/api/v1/activities", admin, """
                {"type":"MEETING","contactId":%d,"subject":"Demo","occurredAt":"2026-03-01T10:00:00Z",
                 "endsAt":"2026-03-01T11:00:00Z","location":"Berlin","attendees":["ann@example.com"]}""".formatted(contact));
        assertThat(meeting.status()).as(meeting.body()).isEqualTo(201);

        JsonNode items = api.get("/api/v1/activities?contact=" + contact, admin).json().get("items");
        assertThat(ids(items)).containsExactly(id(meeting), id(call), id(note));
        assertThat(ids(api.get("/api/v1/activities?account=" + account, admin).json().get("items")))
                .containsExactly(id(meeting), id(call), id(note));
        assertThat(ids(api.get("/api/v1/activities?contact=" + contact + "&type=call", admin).json().get("items")))
                .containsExactly(id(call));
        assertThat(ids(api.get("/api/v1/activities?contact=" + contact + "&since=2026-02-01", admin).json().get("items")))
                .containsExactly(id(meeting), id(call));
    }

    @Test
    void pagesThroughALongTimelineByCursorSeeingEveryEntryOnce() {
        long contact = fx.contact(admin, "{\"lastName\":\"Paged\"}").get("id").asLong();
        List<Long> logged = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // two entries share each instant, so the id must break the tie
            var r = api.post("/api/v1/activities", admin, """
                    {"type":"NOTE","contactId":%d,"body":"n%d","occurredAt":"2026-05-0%dT09:00:00Z"}""".formatted(contact, i, 1 + i / 2));
            logged.add(id(r));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/activities?contact=" + contact + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), admin).json();
            seen.addAll(ids(page.get("items")));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).hasSize(7).containsExactlyInAnyOrderElementsOf(logged).doesNotHaveDuplicates();
    }

    @Test
    void anotherOwnersContactsTimelineIsNotFoundAndReadOnlyUsersCannotLog() {
        ApiFixtures.User seller = fx.user("SALES", null);
        ApiFixtures.User other = fx.user("SALES", null);
        long theirs = fx.contact("Theirs", "timeline", other.id()).get("id").asLong();
        var note = api.post("/api/v1/activities", admin, "{\"type\":\"NOTE\",\"contactId\":%d,\"body\":\"x\"}".formatted(theirs));

        assertProblem(api.get("/api/v1/activities?contact=" + theirs, seller.token()), 404);
        assertProblem(api.get("/api/v1/activities/" + id(note), seller.token()), 404);
        assertProblem(api.post("/api/v1/activities", seller.token(), "{\"type\":\"NOTE\",\"contactId\":%d,\"body\":\"x\"}".formatted(theirs)), 404);
        assertProblem(api.delete("/api/v1/activities/" + id(note), seller.token()), 404);
        assertThat(api.get("/api/v1/activities?contact=" + theirs, other.token()).status()).isEqualTo(200);
        assertProblem(api.delete("/api/v1/activities/" + id(note), other.token()), 403);  // not the author

        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        assertThat(api.get("/api/v1/activities?contact=" + theirs, reader.token()).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/activities", reader.token(), "{\"type\":\"NOTE\",\"contactId\":%d,\"body\":\"x\"}".formatted(theirs)), 403);
        assertThat(api.delete("/api/v1/activities/" + id(note), admin).status()).isEqualTo(204);
    }

    @Test
    void rejectsBadEntriesNamingTheFields() {
        long contact = fx.contact(admin, "{\"lastName\":\"Strict\"}").get("id").asLong();
        assertInvalid(api.post("/api/v1/activities", admin, "{\"type\":\"NOTE\",\"body\":\"x\"}"), "contactId");
        assertInvalid(api.post("/api/v1/activities", admin, "{\"type\":\"FAX\",\"contactId\":%d}".formatted(contact)), "type");
        assertInvalid(api.post("/api/v1/activities", admin, "{\"type\":null,\"contactId\":%d,\"body\":\"x\"}".formatted(contact)), "type");
        assertInvalid(api.post("/api/v1/activities", admin, "{\"contactId\":%d,\"body\":\"x\"}".formatted(contact)), "type");
        assertInvalid(api.post("/api/v1/activities", admin, "{\"type\":\"NOTE\",\"contactId\":%d,\"body\":\"x\",\"colour\":1}".formatted(contact)), "colour");
        assertInvalid(api.post("/api/v1/activities", admin, """
                {"type":"MEETING","contactId":%d,"occurredAt":"2026-03-01T10:00:00Z","endsAt":"2026-03-01T09:00:00Z"}""".formatted(contact)), "endsAt");
        assertInvalid(api.post("/api/v1/activities", admin, "{\"type\":\"CALL\",\"contactId\":%d,\"occurredAt\":\"yesterday\"}".formatted(contact)), "occurredAt");
        assertInvalid(api.post("/api/v1/activities", admin, "{\"type\":\"CALL\",\"contactId\":%d,\"durationSeconds\":-5}".formatted(contact)), "durationSeconds");
        assertInvalid(api.post("/api/v1/activities", admin, "{\"type\":\"NOTE\",\"contactId\":%d}".formatted(contact)), "body");
        assertProblem(api.post("/api/v1/activities", admin, "{\"type\":\"NOTE\",\"contactId\":999999999,\"body\":\"x\"}"), 404);
        assertInvalid(api.get("/api/v1/activities?contact=" + contact + "&since=soon", admin), "since");
        assertInvalid(api.get("/api/v1/activities", admin), "contact");
        assertThat(api.get("/api/v1/activities?contact=" + contact, admin).json().get("items")).isEmpty();
    }

    @Test
    void otherModulesRecordTouchpointsOnceEvenWhenTheyRetry() {
        long contact = fx.contact(admin, "{\"lastName\":\"Touched\"}").get("id").asLong();
        Touchpoint ticket = new Touchpoint(contact, Touchpoint.Channel.TICKET, Instant.parse("2026-04-01T08:00:00Z"),
                "Ticket #42 opened", "Printer on fire", Touchpoint.JourneyStage.RETENTION, Touchpoint.Sentiment.NEGATIVE,
                "service", "ticket-42-opened-" + contact);
        long first = timeline.record(ticket);
        long again = timeline.record(ticket);
        assertThat(again).isEqualTo(first);
        JsonNode items = api.get("/api/v1/activities?contact=" + contact + "&type=TOUCHPOINT", admin).json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("channel").asString()).isEqualTo("TICKET");
        assertThat(items.get(0).get("sentiment").asString()).isEqualTo("NEGATIVE");
        assertProblem(api.delete("/api/v1/activities/" + first, admin), 403);
    }

    private static long id(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }
}
