package io.rapport.activities;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** PATCH /api/v1/activities/{id} and the timeline's inline edit: validation, versions, who may edit, audit. */
@IntegrationTest
class ActivityEditTest {

    @LocalServerPort
    int port;
    @Autowired
    Timeline timeline;
    @Autowired
    JdbcClient jdbc;
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
    void theAuthorEditsAnEntryWithItsVersionAndTheChangeIsAudited() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long contact = fx.contact("Edited", "edits", seller.id()).get("id").asLong();
        JsonNode call = log(seller.token(), "{\"type\":\"CALL\",\"contactId\":%d,\"subject\":\"Pricing\",\"durationSeconds\":300}".formatted(contact));
        long id = call.get("id").asLong();
        assertThat(call.get("version").asInt()).isZero();
        var got = api.get("/api/v1/activities/" + id, seller.token());
        assertThat(got.headers().firstValue("ETag")).contains("\"0\"");

        var edited = api.patch("/api/v1/activities/" + id, seller.token(),
                "{\"subject\":\"Pricing, part 2\",\"outcome\":\"agreed\",\"durationSeconds\":null,\"version\":0}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.headers().firstValue("ETag")).contains("\"1\"");
        JsonNode after = edited.json();
        assertThat(after.get("subject").asString()).isEqualTo("Pricing, part 2");
        assertThat(after.get("outcome").asString()).isEqualTo("agreed");
        assertThat(after.get("durationSeconds").isNull()).isTrue();
        assertThat(after.get("type").asString()).isEqualTo("CALL");
        assertThat(after.get("contactId").asLong()).isEqualTo(contact);
        assertThat(after.get("updatedAt").isNull()).isFalse();

        // a GET body sent back with a change is accepted (read-only fields ignored); If-Match works like the body's version
        var byIfMatch = api.send("PATCH", "/api/v1/activities/" + id, seller.token(),
                Api.JSON.writeValueAsString(Map.of("type", "MEETING", "location", "Café \"Zur Post\"")), Map.of("If-Match", "\"1\""));
        assertThat(byIfMatch.status()).as(byIfMatch.body()).isEqualTo(200);
        assertThat(byIfMatch.json().get("channel").asString()).isEqualTo("MEETING");  // followed the type
        String getBody = api.get("/api/v1/activities/" + id, seller.token()).body();
        var roundTrip = api.patch("/api/v1/activities/" + id, seller.token(), getBody.replace("part 2", "part 3"));
        assertThat(roundTrip.status()).as(roundTrip.body()).isEqualTo(200);
        assertThat(roundTrip.json().get("subject").asString()).isEqualTo("Pricing, part 3");

        String changes = jdbc.sql("select changes::text from audit_log where entity_type = 'ACTIVITY' and entity_id = :id and action = 'UPDATE' order by id limit 1")
                .param("id", id).query(String.class).single();
        assertThat(changes).contains("subject").contains("Pricing, part 2").contains("outcome").contains("durationSeconds");
    }

    @Test
    void staleMissingAndInvalidEditsChangeNothing() {
        long contact = fx.contact(admin, "{\"lastName\":\"Strict\"}").get("id").asLong();
        long other = fx.contact(admin, "{\"lastName\":\"Other\"}").get("id").asLong();
        long id = log(admin, "{\"type\":\"MEETING\",\"contactId\":%d,\"subject\":\"Kick-off\",\"occurredAt\":\"2026-05-01T10:00:00Z\"}"
                .formatted(contact)).get("id").asLong();
        String before = api.get("/api/v1/activities/" + id, admin).body();

        assertProblem(api.patch("/api/v1/activities/" + id, admin, "{\"subject\":\"x\"}"), 428);
        assertProblem(api.patch("/api/v1/activities/" + id, admin, "{\"subject\":\"x\",\"version\":7}"), 409);
        assertProblem(api.send("PATCH", "/api/v1/activities/" + id, admin, "{\"subject\":\"x\"}", Map.of("If-Match", "\"7\"")), 412);
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"occurredAt\":\"yesterday\",\"version\":0}"), "occurredAt");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"occurredAt\":null,\"version\":0}"), "occurredAt");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"endsAt\":\"2026-05-01T09:00:00Z\",\"version\":0}"), "endsAt");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"type\":\"TOUCHPOINT\",\"version\":0}"), "type");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"type\":null,\"version\":0}"), "type");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"contactId\":%d,\"version\":0}".formatted(other)), "contactId");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"durationSeconds\":-5,\"attendees\":[3],\"version\":0}"),
                "durationSeconds", "attendees[0]");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"colour\":\"red\",\"version\":0}"), "colour");
        assertInvalid(api.patch("/api/v1/activities/" + id, admin, "{\"type\":\"NOTE\",\"subject\":null,\"version\":0}"), "body");
        assertProblem(api.patch("/api/v1/activities/" + id, admin, "[1]"), 400);
        assertProblem(api.send("PATCH", "/api/v1/activities/" + id, admin, "{\"subject\":\"x\"}", Map.of("If-Match", "soon")), 400);
        assertProblem(api.patch("/api/v1/activities/987654321", admin, "{\"subject\":\"x\",\"version\":0}"), 404);
        assertThat(api.get("/api/v1/activities/" + id, admin).body()).isEqualTo(before);
    }

    @Test
    void whoMayEditFollowsAuthorshipAndVisibility() {
        long team = fx.team();
        ApiFixtures.User author = fx.user("SALES", team);
        ApiFixtures.User teamMate = fx.user("SALES", team);
        ApiFixtures.User stranger = fx.user("SALES", null);
        ApiFixtures.User agent = fx.user("AGENT", null);
        ApiFixtures.User marketing = fx.user("MARKETING", null);
        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        ApiFixtures.User manager = fx.user("MANAGER", null);
        long contact = fx.contact("Shared", "edits", author.id()).get("id").asLong();
        long id = log(author.token(), "{\"type\":\"NOTE\",\"contactId\":%d,\"body\":\"First\"}".formatted(contact)).get("id").asLong();

        assertThat(api.get("/api/v1/activities/" + id, teamMate.token()).status()).isEqualTo(200);
        assertProblem(patch(teamMate, id, "Team-mate"), 403);       // sees it, did not write it
        assertProblem(patch(marketing, id, "Marketing"), 403);      // sees every record, did not write it
        assertProblem(patch(reader, id, "Reader"), 403);            // cannot write at all
        assertProblem(patch(stranger, id, "Stranger"), 404);        // may not see the contact
        assertProblem(patch(agent, id, "Agent"), 404);
        assertProblem(api.delete("/api/v1/activities/" + id, stranger.token()), 404);
        assertProblem(api.delete("/api/v1/activities/" + id, teamMate.token()), 403);
        assertProblem(api.patch("/api/v1/activities/" + id, null, "{\"body\":\"x\",\"version\":0}"), 401);

        int version = 0;
        for (ApiFixtures.User editor : List.of(author, manager)) {
            var r = api.patch("/api/v1/activities/" + id, editor.token(), "{\"body\":\"By %s\",\"version\":%d}".formatted(editor.role(), version));
            assertThat(r.status()).as(editor.role() + ": " + r.body()).isEqualTo(200);
            version = r.json().get("version").asInt();
        }
        var byAdmin = api.patch("/api/v1/activities/" + id, admin, "{\"body\":\"By admin\",\"version\":%d}".formatted(version));
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(byAdmin.json().get("authorId").asLong()).isEqualTo(author.id());  // editing keeps the author
    }

    @Test
    void touchpointsFromOtherModulesAreReadOnly() {
        long contact = fx.contact(admin, "{\"lastName\":\"Touched\"}").get("id").asLong();
        long id = timeline.record(new Touchpoint(contact, Touchpoint.Channel.TICKET, Instant.now(), "Ticket #1", null,
                null, null, "service", Api.unique("ticket")));
        assertProblem(api.patch("/api/v1/activities/" + id, admin, "{\"subject\":\"Changed\",\"version\":0}"), 403);
        assertProblem(api.delete("/api/v1/activities/" + id, admin), 403);
        PageSession page = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(page.get("/contacts/" + contact + "/timeline").body()).contains("Ticket #1").doesNotContain("/activities/" + id + "/edit");
        assertThat(page.get("/activities/" + id + "/edit").statusCode()).isEqualTo(403);
    }

    @Test
    void theTimelineOffersAnInlineEditToTheAuthorOnly() {
        ApiFixtures.User author = fx.user("SALES", null);
        long contact = fx.contact("Inline", "edits", author.id()).get("id").asLong();
        long id = log(author.token(), "{\"type\":\"CALL\",\"contactId\":%d,\"subject\":\"Follow the <b>lead</b>\"}".formatted(contact)).get("id").asLong();
        PageSession page = PageSession.signIn(api.base(), author.email(), ApiFixtures.PASSWORD);
        String base = "/contacts/" + contact + "/timeline";

        String card = page.get(base).body();
        assertThat(card).contains("hx-get=\"/activities/" + id + "/edit?base=")
                .contains("Follow the &lt;b&gt;lead&lt;/b&gt;");
        String form = page.get("/activities/" + id + "/edit?base=" + base).body();
        assertThat(form).contains("name=\"version\" value=\"0\"").contains("value=\"Follow the &lt;b&gt;lead&lt;/b&gt;\"");

        var invalid = page.post("/activities/" + id + "/edit?base=" + base, Map.of("version", "0", "type", "CALL",
                "subject", "x", "occurredAt", "2026-13-45T99:99", "durationMinutes", ""), Map.of("HX-Request", "true"));
        assertThat(invalid.body()).contains("occurredAt").contains("class=\"editing\"");
        var saved = page.post("/activities/" + id + "/edit?base=" + base, Map.of("version", "0", "type", "MEETING",
                "subject", "Demo, on site", "body", "", "occurredAt", "2026-06-01T10:00", "endsAt", "2026-06-01T11:30",
                "location", "HQ", "attendees", "ann@example.com, Bob", "durationMinutes", "", "outcome", ""),
                Map.of("HX-Request", "true"));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("Demo, on site").contains("edited").contains("With ann@example.com, Bob")
                .contains("href=\"/activities/" + id + ".ics\"");
        JsonNode stored = api.get("/api/v1/activities/" + id, author.token()).json();
        assertThat(stored.get("type").asString()).isEqualTo("MEETING");
        assertThat(stored.get("attendees").toString()).isEqualTo("[\"ann@example.com\",\"Bob\"]");
        assertThat(stored.get("version").asInt()).isEqualTo(1);

        ApiFixtures.User other = fx.user("MARKETING", null);
        PageSession otherPage = PageSession.signIn(api.base(), other.email(), ApiFixtures.PASSWORD);
        assertThat(otherPage.get(base).body()).contains("Demo, on site").doesNotContain("/activities/" + id + "/edit");
        assertThat(otherPage.get("/activities/" + id + "/edit").statusCode()).isEqualTo(403);
        assertThat(otherPage.post("/activities/" + id + "/edit", Map.of("version", "1", "subject", "Hijack")).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/activities/" + id, author.token()).json().get("subject").asString()).isEqualTo("Demo, on site");
    }

    private JsonNode log(String token, String json) {
        var r = api.post("/api/v1/activities", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private Api.Response patch(ApiFixtures.User user, long id, String body) {
        return api.patch("/api/v1/activities/" + id, user.token(), "{\"body\":\"%s\",\"version\":0}".formatted(body));
    }
}
