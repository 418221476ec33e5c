package io.rapport.activities;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class TaskApiTest {

    @LocalServerPort
    int port;
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
    void createsTasksOnAContactListsThemSoonestDueFirstAndCompletesThem() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long contact = fx.contact("Tasked", "tasks", seller.id()).get("id").asLong();
        long later = create(seller.token(), "{\"title\":\"Send quote\",\"contactId\":%d,\"dueAt\":\"2026-12-02T09:00:00Z\",\"priority\":\"high\"}".formatted(contact));
        long sooner = create(seller.token(), "{\"title\":\"Call back\",\"contactId\":%d,\"dueAt\":\"2026-12-01T09:00:00Z\"}".formatted(contact));
        long undated = create(seller.token(), "{\"title\":\"Someday\",\"contactId\":%d}".formatted(contact));

        JsonNode mine = api.get("/api/v1/tasks?assignee=me", seller.token()).json();
        assertThat(ids(mine.get("items"))).containsExactly(sooner, later, undated);
        assertThat(mine.get("items").get(1).get("priority").asString()).isEqualTo("HIGH");
        assertThat(ids(api.get("/api/v1/tasks?contact=" + contact + "&dueBefore=2026-12-01T12:00:00Z", seller.token()).json().get("items")))
                .containsExactly(sooner);

        JsonNode task = api.get("/api/v1/tasks/" + sooner, seller.token()).json();
        var done = api.patch("/api/v1/tasks/" + sooner, seller.token(), "{\"status\":\"done\",\"version\":%d}".formatted(task.get("version").asInt()));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("completedAt").isNull()).isFalse();
        assertThat(ids(api.get("/api/v1/tasks?assignee=me", seller.token()).json().get("items"))).containsExactly(later, undated);
        assertThat(ids(api.get("/api/v1/tasks?assignee=me&status=done", seller.token()).json().get("items"))).containsExactly(sooner);
        assertProblem(api.patch("/api/v1/tasks/" + sooner, seller.token(), "{\"title\":\"x\",\"version\":%d}".formatted(task.get("version").asInt())), 409);
    }

    @Test
    void pagesThroughTasksByCursorSeeingEachOnce() {
        ApiFixtures.User seller = fx.user("SALES", null);
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) created.add(create(seller.token(), "{\"title\":\"t%d\",\"dueAt\":\"2027-01-0%dT09:00:00Z\"}".formatted(i, 1 + i % 2)));
        for (int i = 0; i < 2; i++) created.add(create(seller.token(), "{\"title\":\"undated %d\"}".formatted(i)));
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/tasks?assignee=me&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), seller.token()).json();
            seen.addAll(ids(page.get("items")));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
    }

    @Test
    void othersTasksAreInvisibleAndAssignmentFollowsTeams() {
        ApiFixtures.User seller = fx.user("SALES", null);
        ApiFixtures.User other = fx.user("SALES", null);
        long theirs = create(other.token(), "{\"title\":\"Private\"}");
        assertProblem(api.get("/api/v1/tasks/" + theirs, seller.token()), 404);
        assertThat(ids(api.get("/api/v1/tasks?status=any", seller.token()).json().get("items"))).doesNotContain(theirs);
        assertInvalid(api.post("/api/v1/tasks", seller.token(), "{\"title\":\"For you\",\"assigneeId\":%d}".formatted(other.id())), "assigneeId");
        assertThat(api.get("/api/v1/tasks/" + theirs, admin).status()).isEqualTo(200);
        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        assertProblem(api.post("/api/v1/tasks", reader.token(), "{\"title\":\"No\"}"), 403);
    }

    @Test
    void rejectsBadTasksNamingTheFields() {
        assertInvalid(api.post("/api/v1/tasks", admin, "{\"notes\":\"no title\"}"), "title");
        assertInvalid(api.post("/api/v1/tasks", admin, "{\"title\":\"x\",\"dueAt\":\"tomorrow\"}"), "dueAt");
        assertInvalid(api.post("/api/v1/tasks", admin, "{\"title\":\"x\",\"priority\":\"meh\"}"), "priority");
        assertInvalid(api.post("/api/v1/tasks", admin, "{\"title\":\"x\",\"due\":\"2026-01-01T00:00:00Z\"}"), "due");
        assertProblem(api.post("/api/v1/tasks", admin, "{\"title\":\"x\",\"contactId\":999999999}"), 404);
        assertInvalid(api.get("/api/v1/tasks?status=later", admin), "status");
        long id = create(admin, "{\"title\":\"Fixed\"}");
        assertInvalid(api.patch("/api/v1/tasks/" + id, admin, "{\"contactId\":1,\"version\":0}"), "contactId");
        assertProblem(api.patch("/api/v1/tasks/" + id, admin, "{\"title\":\"y\"}"), 428);
    }

    @Test
    void aFollowUpFromATimelineEntryBelongsToThatEntrysContact() {
        long contact = fx.contact(admin, "{\"lastName\":\"Followed\"}").get("id").asLong();
        long other = fx.contact(admin, "{\"lastName\":\"Other\"}").get("id").asLong();
        var call = api.post("/api/v1/activities", admin, "{\"type\":\"CALL\",\"contactId\":%d,\"subject\":\"Pricing\"}".formatted(contact));
        long entry = call.json().get("id").asLong();

        JsonNode followUp = api.get("/api/v1/tasks/" + create(admin, "{\"title\":\"Follow up: Pricing\",\"activityId\":%d}".formatted(entry)), admin).json();
        assertThat(followUp.get("contactId").asLong()).isEqualTo(contact);
        assertThat(followUp.get("activityId").asLong()).isEqualTo(entry);
        assertInvalid(api.post("/api/v1/tasks", admin, "{\"title\":\"x\",\"contactId\":%d,\"activityId\":%d}".formatted(other, entry)), "activityId");
        assertProblem(api.post("/api/v1/tasks", admin, "{\"title\":\"x\",\"activityId\":999999999}"), 404);
    }

    private long create(String token, String json) {
        var r = api.post("/api/v1/tasks", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }
}
