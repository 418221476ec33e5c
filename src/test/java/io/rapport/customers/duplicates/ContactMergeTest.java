package io.rapport.customers.duplicates;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ContactMergeTest {

    @LocalServerPort
    int port;
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
    void aMergeCannotTakeOverAnAccountTheUserCannotSee() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long hidden = fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Hidden Co"))).get("id").asLong();
        JsonNode mine = fx.contact(admin, "{\"firstName\":\"Ida\",\"lastName\":\"%s\",\"ownerId\":%d}"
                .formatted(Api.unique("Seen"), seller.id()));
        JsonNode atHidden = fx.contact(admin, "{\"firstName\":\"Ida\",\"lastName\":\"%s\",\"ownerId\":%d,\"accountId\":%d}"
                .formatted(Api.unique("Seen"), seller.id(), hidden));
        String body = """
                {"otherId":%d,"version":%d,"otherVersion":%d,"fields":{"accountId":"other"}}"""
                .formatted(atHidden.get("id").asLong(), mine.get("version").asInt(), atHidden.get("version").asInt());
        assertInvalid(api.post("/api/v1/contacts/" + mine.get("id").asLong() + "/merge", seller.token(), body), "fields.accountId");
        assertThat(api.get("/api/v1/contacts/" + atHidden.get("id").asLong(), seller.token()).status())
                .as("nothing merged, nothing deleted").isEqualTo(200);
        assertThat(api.get("/api/v1/contacts/" + mine.get("id").asLong(), seller.token()).json().get("accountId").isNull()).isTrue();
    }

    @Test
    void mergesChosenFieldsMovesTimelineAndTasksAndUndoesEverything() {
        ensureCustomField();
        long account = fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Merge Co"))).get("id").asLong();
        JsonNode survivor = fx.contact(admin, """
                {"firstName":"Jon","lastName":"Merger","emails":["%s"],"jobTitle":"CTO","tags":["vip"],
                 "customFields":{"merge_note":"kept"}}""".formatted(Api.unique("jon") + "@gmail.com"));
        JsonNode other = fx.contact(admin, """
                {"firstName":"Jonathan","lastName":"Merger","emails":["%s"],"phones":["+4915123456789"],"accountId":%d,
                 "tags":["newsletter"],"customFields":{"merge_note":"theirs"}}""".formatted(Api.unique("jonathan") + "@gmail.com", account));
        long s = survivor.get("id").asLong();
        long o = other.get("id").asLong();
        long note = created(api.post("/api/v1/activities", admin,
                "{\"type\":\"note\",\"contactId\":%d,\"subject\":\"Old note\",\"occurredAt\":\"2026-01-01T10:00:00Z\"}".formatted(o)));
        long task = created(api.post("/api/v1/tasks", admin, "{\"title\":\"Call Jonathan\",\"contactId\":%d}".formatted(o)));
        long ownNote = created(api.post("/api/v1/activities", admin,
                "{\"type\":\"note\",\"contactId\":%d,\"subject\":\"Survivor note\",\"occurredAt\":\"2026-01-02T10:00:00Z\"}".formatted(s)));

        Api.Response merged = api.post("/api/v1/contacts/" + s + "/merge", admin, """
                {"otherId":%d,"version":%d,"otherVersion":%d,
                 "fields":{"firstName":"other","emails":"both","customFields.merge_note":"other"}}"""
                .formatted(o, survivor.get("version").asInt(), other.get("version").asInt()));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        JsonNode result = merged.json();
        JsonNode after = result.get("survivor");
        assertThat(after.get("firstName").asString()).isEqualTo("Jonathan");
        assertThat(after.get("jobTitle").asString()).isEqualTo("CTO");
        assertThat(after.get("accountId").asLong()).as("empty on the survivor, so taken from the other").isEqualTo(account);
        assertThat(after.get("emails")).hasSize(2);
        assertThat(after.get("phones").get(0).asString()).isEqualTo("+4915123456789");
        assertThat(texts(after.get("tags"))).containsExactly("vip", "newsletter");
        assertThat(after.get("customFields").get("merge_note").asString()).isEqualTo("theirs");
        long mergeId = result.get("merge").get("id").asLong();
        assertThat(result.get("merge").get("moved").get("activities").asInt()).isEqualTo(1);
        assertThat(result.get("merge").get("moved").get("tasks").asInt()).isEqualTo(1);

        assertProblem(api.get("/api/v1/contacts/" + o, admin), 404);
        assertThat(api.get("/api/v1/activities/" + note, admin).json().get("contactId").asLong()).isEqualTo(s);
        assertThat(api.get("/api/v1/tasks/" + task, admin).json().get("contactId").asLong()).isEqualTo(s);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'MERGE' and entity_type = 'CONTACT' and entity_id in (:s, :o)")
                .param("s", s).param("o", o).query(Long.class).single()).isEqualTo(2);
        JsonNode history = api.get("/api/v1/contacts/" + s + "/merges", admin).json();
        assertThat(history.get(0).get("id").asLong()).isEqualTo(mergeId);
        assertThat(history.get(0).get("mergedName").asString()).isEqualTo("Jonathan Merger");

        // a later edit of a field the merge changed survives the undo
        api.patch("/api/v1/contacts/" + s, admin, "{\"jobTitle\":\"CEO\",\"version\":%d}".formatted(after.get("version").asInt()));

        Api.Response undone = api.post("/api/v1/contacts/merges/" + mergeId + "/undo", admin, null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        JsonNode restored = api.get("/api/v1/contacts/" + o, admin).json();
        assertThat(restored.get("firstName").asString()).isEqualTo("Jonathan");
        assertThat(restored.get("accountId").asLong()).isEqualTo(account);
        assertThat(texts(restored.get("tags"))).containsExactly("newsletter");
        JsonNode back = api.get("/api/v1/contacts/" + s, admin).json();
        assertThat(back.get("firstName").asString()).isEqualTo("Jon");
        assertThat(back.get("accountId").isNull()).isTrue();
        assertThat(back.get("emails")).hasSize(1);
        assertThat(texts(back.get("tags"))).containsExactly("vip");
        assertThat(back.get("customFields").get("merge_note").asString()).isEqualTo("kept");
        assertThat(back.get("jobTitle").asString()).isEqualTo("CEO");
        assertThat(api.get("/api/v1/activities/" + note, admin).json().get("contactId").asLong()).isEqualTo(o);
        assertThat(api.get("/api/v1/activities/" + ownNote, admin).json().get("contactId").asLong()).isEqualTo(s);
        assertThat(api.get("/api/v1/tasks/" + task, admin).json().get("contactId").asLong()).isEqualTo(o);

        assertThat(assertProblem(api.post("/api/v1/contacts/merges/" + mergeId + "/undo", admin, null), 409)
                .get("detail").asString()).contains("already undone");
    }

    @Test
    void badMergesAreRefusedWithoutChangingAnything() {
        JsonNode a = fx.contact(admin, "{\"lastName\":\"Bad A\"}");
        JsonNode b = fx.contact(admin, "{\"lastName\":\"Bad B\"}");
        long ia = a.get("id").asLong();
        long ib = b.get("id").asLong();
        int va = a.get("version").asInt();
        int vb = b.get("version").asInt();
        String path = "/api/v1/contacts/" + ia + "/merge";

        assertInvalid(api.post(path, admin, body(ia, va, va)), "otherId");
        assertInvalid(api.post(path, admin, "{\"version\":%d}".formatted(va)), "otherId");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"fields\":{\"shoeSize\":\"other\"}}"
                .formatted(ib, va, vb)), "fields.shoeSize");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"fields\":{\"customFields.nope\":\"other\"}}"
                .formatted(ib, va, vb)), "fields.customFields.nope");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"fields\":{\"lastName\":\"both\"}}"
                .formatted(ib, va, vb)), "fields.lastName");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"colour\":1}".formatted(ib, va, vb)), "colour");
        assertProblem(api.post(path, admin, "[1]"), 400);
        assertProblem(api.post(path, admin, body(999_999_999L, va, 0)), 404);
        assertProblem(api.post("/api/v1/contacts/999999999/merge", admin, body(ib, 0, vb)), 404);
        assertProblem(api.post(path, admin, "{\"otherId\":%d}".formatted(ib)), 428);
        assertProblem(api.post(path, admin, "{\"otherId\":%d,\"version\":%d}".formatted(ib, va)), 428);
        assertProblem(api.post(path, admin, body(ib, va + 1, vb)), 409);
        assertProblem(api.post(path, admin, body(ib, va, vb + 1)), 409);
        assertProblem(api.send("POST", path, admin, "{\"otherId\":%d,\"otherVersion\":%d}".formatted(ib, vb), Map.of("If-Match", "\"" + (va + 5) + "\"")), 412);
        assertProblem(api.post(path, fx.user("READ_ONLY", null).token(), body(ib, va, vb)), 403);

        ApiFixtures.User seller = fx.user("SALES", null);
        long own = fx.contact(seller.token(), "{\"lastName\":\"Sellers\"}").get("id").asLong();
        assertProblem(api.post("/api/v1/contacts/" + own + "/merge", seller.token(), body(ib, 0, vb)), 404);
        assertProblem(api.post(path, seller.token(), body(own, va, 0)), 404);

        assertThat(api.get("/api/v1/contacts/" + ia, admin).json().get("version").asInt()).isEqualTo(va);
        assertThat(api.get("/api/v1/contacts/" + ib, admin).status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from contact_merges where survivor_id = :a").param("a", ia).query(Long.class).single()).isZero();
    }

    @Test
    void undoIsRefusedAfterThirtyDaysTwiceOrWithoutRights() {
        long mergeId = merge(admin, fx.contact(admin, "{\"lastName\":\"Old A\"}"), fx.contact(admin, "{\"lastName\":\"Old B\"}"));
        jdbc.sql("update contact_merges set merged_at = now() - interval '31 days' where id = :id").param("id", mergeId).update();
        JsonNode expired = assertProblem(api.post("/api/v1/contacts/merges/" + mergeId + "/undo", admin, null), 410);
        assertThat(expired.get("detail").asString()).contains("until");
        assertThat(api.get("/api/v1/contacts/" + mergedIdOf(mergeId), admin).status()).isEqualTo(404);

        long recent = merge(admin, fx.contact(admin, "{\"lastName\":\"New A\"}"), fx.contact(admin, "{\"lastName\":\"New B\"}"));
        assertProblem(api.post("/api/v1/contacts/merges/" + recent + "/undo", fx.user("READ_ONLY", null).token(), null), 403);
        assertProblem(api.post("/api/v1/contacts/merges/" + recent + "/undo", fx.user("SALES", null).token(), null), 404);
        assertProblem(api.post("/api/v1/contacts/merges/999999999/undo", admin, null), 404);
        assertThat(api.post("/api/v1/contacts/merges/" + recent + "/undo", admin, null).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/contacts/merges/" + recent + "/undo", admin, null), 409);
        assertProblem(api.get("/api/v1/contacts/999999999/merges", admin), 404);
    }

    @Test
    void everyWritingRoleMergesWhatItSeesAndReadOnlyReadsHistory() {
        long team = fx.team();
        for (String role : List.of("ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT")) {
            ApiFixtures.User user = fx.user(role, team);
            JsonNode a = fx.contact(user.token(), "{\"lastName\":\"Role %s\"}".formatted(role));
            JsonNode b = fx.contact(user.token(), "{\"lastName\":\"Role %s\"}".formatted(role));
            long mergeId = merge(user.token(), a, b);
            assertThat(api.get("/api/v1/contacts/" + a.get("id").asLong() + "/merges", user.token()).json().get(0).get("id").asLong())
                    .isEqualTo(mergeId);
            assertThat(api.post("/api/v1/contacts/merges/" + mergeId + "/undo", user.token(), null).status()).as(role).isEqualTo(200);
        }
        ApiFixtures.User teammate = fx.user("SALES", team);
        ApiFixtures.User colleague = fx.user("SALES", team);
        long mergeId = merge(colleague.token(), fx.contact(teammate.token(), "{\"lastName\":\"Team A\"}"),
                fx.contact(teammate.token(), "{\"lastName\":\"Team B\"}"));
        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        long survivor = jdbc.sql("select survivor_id from contact_merges where id = :id").param("id", mergeId).query(Long.class).single();
        assertThat(api.get("/api/v1/contacts/" + survivor + "/merges", reader.token()).json()).hasSize(1);
        assertProblem(api.get("/api/v1/contacts/" + survivor + "/merges", fx.user("AGENT", null).token()), 404);
    }

    private long merge(String token, JsonNode survivor, JsonNode other) {
        Api.Response r = api.post("/api/v1/contacts/" + survivor.get("id").asLong() + "/merge", token,
                body(other.get("id").asLong(), survivor.get("version").asInt(), other.get("version").asInt()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("merge").get("id").asLong();
    }

    private long mergedIdOf(long mergeId) {
        return jdbc.sql("select merged_id from contact_merges where id = :id").param("id", mergeId).query(Long.class).single();
    }

    private static String body(long otherId, int version, int otherVersion) {
        return "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d}".formatted(otherId, version, otherVersion);
    }

    private void ensureCustomField() {
        api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"merge_note\",\"label\":\"Merge note\",\"type\":\"TEXT\"}");
    }

    private static long created(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
