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
class AccountMergeTest {

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
    void mergesFieldsMovesContactsChildrenTimelineAndTasksAndUndoesEverything() {
        api.post("/api/v1/custom-fields", admin, "{\"entity\":\"ACCOUNT\",\"key\":\"merge_region\",\"label\":\"Merge region\",\"type\":\"TEXT\"}");
        JsonNode survivor = fx.account(admin, """
                {"name":"%s","industry":"Software","tags":["key"],"customFields":{"merge_region":"north"}}"""
                .formatted(Api.unique("Acme")));
        JsonNode other = fx.account(admin, """
                {"name":"%s","domain":"%s","industry":"Retail","tier":"GOLD","tags":["partner"],"customFields":{"merge_region":"south"}}"""
                .formatted(Api.unique("Acme Inc"), Api.unique("acme").toLowerCase() + ".example.com"));
        long s = survivor.get("id").asLong();
        long o = other.get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Employee\",\"accountId\":%d}".formatted(o)).get("id").asLong();
        long ownContact = fx.contact(admin, "{\"lastName\":\"Staff\",\"accountId\":%d}".formatted(s)).get("id").asLong();
        long child = fx.account(admin, "{\"name\":\"%s\",\"parentId\":%d}".formatted(Api.unique("Acme Subsidiary"), o)).get("id").asLong();
        long note = created(api.post("/api/v1/activities", admin,
                "{\"type\":\"note\",\"accountId\":%d,\"subject\":\"Account note\",\"occurredAt\":\"2026-01-01T10:00:00Z\"}".formatted(o)));
        long task = created(api.post("/api/v1/tasks", admin, "{\"title\":\"Renew contract\",\"accountId\":%d}".formatted(o)));

        Api.Response merged = api.post("/api/v1/accounts/" + s + "/merge", admin, """
                {"otherId":%d,"version":%d,"otherVersion":%d,"fields":{"name":"other","customFields.merge_region":"other"}}"""
                .formatted(o, survivor.get("version").asInt(), other.get("version").asInt()));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        JsonNode after = merged.json().get("survivor");
        assertThat(after.get("name").asString()).isEqualTo(other.get("name").asString());
        assertThat(after.get("industry").asString()).as("kept: named nowhere and filled").isEqualTo("Software");
        assertThat(after.get("domain").asString()).as("empty on the survivor, so taken").isEqualTo(other.get("domain").asString());
        assertThat(after.get("tier").asString()).isEqualTo("GOLD");
        assertThat(texts(after.get("tags"))).containsExactly("key", "partner");
        assertThat(after.get("customFields").get("merge_region").asString()).isEqualTo("south");
        JsonNode moved = merged.json().get("merge").get("moved");
        assertThat(moved.get("contacts").asInt()).isEqualTo(1);
        assertThat(moved.get("accounts").asInt()).isEqualTo(1);
        assertThat(moved.get("activities").asInt()).isEqualTo(1);
        assertThat(moved.get("tasks").asInt()).isEqualTo(1);
        long mergeId = merged.json().get("merge").get("id").asLong();

        assertProblem(api.get("/api/v1/accounts/" + o, admin), 404);
        assertThat(api.get("/api/v1/contacts/" + contact, admin).json().get("accountId").asLong()).isEqualTo(s);
        assertThat(api.get("/api/v1/accounts/" + child, admin).json().get("parentId").asLong()).isEqualTo(s);
        assertThat(api.get("/api/v1/activities/" + note, admin).json().get("accountId").asLong()).isEqualTo(s);
        assertThat(api.get("/api/v1/tasks/" + task, admin).json().get("accountId").asLong()).isEqualTo(s);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'MERGE' and entity_type = 'ACCOUNT' and entity_id in (:s, :o)")
                .param("s", s).param("o", o).query(Long.class).single()).isEqualTo(2);
        JsonNode history = api.get("/api/v1/accounts/" + s + "/merges", admin).json();
        assertThat(history.get(0).get("id").asLong()).isEqualTo(mergeId);
        assertThat(history.get(0).get("mergedName").asString()).isEqualTo(other.get("name").asString());

        // an edit since the merge of a field the merge changed survives the undo
        api.patch("/api/v1/accounts/" + s, admin, "{\"tier\":\"SILVER\",\"version\":%d}".formatted(after.get("version").asInt()));

        Api.Response undone = api.post("/api/v1/accounts/merges/" + mergeId + "/undo", admin, null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        JsonNode restored = api.get("/api/v1/accounts/" + o, admin).json();
        assertThat(restored.get("name").asString()).isEqualTo(other.get("name").asString());
        assertThat(texts(restored.get("tags"))).containsExactly("partner");
        JsonNode back = api.get("/api/v1/accounts/" + s, admin).json();
        assertThat(back.get("name").asString()).isEqualTo(survivor.get("name").asString());
        assertThat(back.get("domain").isNull()).isTrue();
        assertThat(texts(back.get("tags"))).containsExactly("key");
        assertThat(back.get("customFields").get("merge_region").asString()).isEqualTo("north");
        assertThat(back.get("tier").asString()).isEqualTo("SILVER");
        assertThat(api.get("/api/v1/contacts/" + contact, admin).json().get("accountId").asLong()).isEqualTo(o);
        assertThat(api.get("/api/v1/contacts/" + ownContact, admin).json().get("accountId").asLong()).isEqualTo(s);
        assertThat(api.get("/api/v1/accounts/" + child, admin).json().get("parentId").asLong()).isEqualTo(o);
        assertThat(api.get("/api/v1/activities/" + note, admin).json().get("accountId").asLong()).isEqualTo(o);
        assertThat(api.get("/api/v1/tasks/" + task, admin).json().get("accountId").asLong()).isEqualTo(o);
        assertThat(jdbc.sql("select count(*) from audit_log where action in ('UNMERGE', 'RESTORE') and entity_type = 'ACCOUNT' and entity_id in (:s, :o)")
                .param("s", s).param("o", o).query(Long.class).single()).isEqualTo(2);

        assertThat(assertProblem(api.post("/api/v1/accounts/merges/" + mergeId + "/undo", admin, null), 409)
                .get("detail").asString()).contains("already undone");
    }

    @Test
    void aMergeThatWouldMakeAnAccountItsOwnParentIsRefused() {
        JsonNode parent = fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Holding")));
        JsonNode child = fx.account(admin, "{\"name\":\"%s\",\"parentId\":%d}".formatted(Api.unique("Holding Child"), parent.get("id").asLong()));
        long p = parent.get("id").asLong();
        long c = child.get("id").asLong();
        // the child keeps its parent, which is the account merged away: it would become its own parent
        assertInvalid(api.post("/api/v1/accounts/" + c + "/merge", admin, body(p, child.get("version").asInt(), parent.get("version").asInt())),
                "fields.parentId");
        // the parent takes the child's parent, itself
        assertInvalid(api.post("/api/v1/accounts/" + p + "/merge", admin, """
                {"otherId":%d,"version":%d,"otherVersion":%d,"fields":{"parentId":"other"}}"""
                .formatted(c, parent.get("version").asInt(), child.get("version").asInt())), "fields.parentId");
        assertThat(api.get("/api/v1/accounts/" + c, admin).json().get("parentId").asLong()).isEqualTo(p);
        // choosing no parent works: the child, and its own children, now stand alone
        Api.Response merged = api.post("/api/v1/accounts/" + p + "/merge", admin, """
                {"otherId":%d,"version":%d,"otherVersion":%d,"fields":{"parentId":"survivor"}}"""
                .formatted(c, parent.get("version").asInt(), child.get("version").asInt()));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("survivor").get("parentId").isNull()).isTrue();
    }

    @Test
    void badMergesAreRefusedWithoutChangingAnything() {
        JsonNode a = fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Bad A")));
        JsonNode b = fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Bad B")));
        long ia = a.get("id").asLong();
        long ib = b.get("id").asLong();
        int va = a.get("version").asInt();
        int vb = b.get("version").asInt();
        String path = "/api/v1/accounts/" + ia + "/merge";

        assertInvalid(api.post(path, admin, body(ia, va, va)), "otherId");
        assertInvalid(api.post(path, admin, "{\"version\":%d}".formatted(va)), "otherId");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"fields\":{\"lastName\":\"other\"}}"
                .formatted(ib, va, vb)), "fields.lastName");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"fields\":{\"customFields.nope\":\"other\"}}"
                .formatted(ib, va, vb)), "fields.customFields.nope");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"fields\":{\"name\":\"both\"}}"
                .formatted(ib, va, vb)), "fields.name");
        assertInvalid(api.post(path, admin, "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"colour\":1}".formatted(ib, va, vb)), "colour");
        assertProblem(api.post(path, admin, "[1]"), 400);
        assertProblem(api.post(path, admin, body(999_999_999L, va, 0)), 404);
        assertProblem(api.post("/api/v1/accounts/999999999/merge", admin, body(ib, 0, vb)), 404);
        assertProblem(api.post(path, admin, "{\"otherId\":%d}".formatted(ib)), 428);
        assertProblem(api.post(path, admin, "{\"otherId\":%d,\"version\":%d}".formatted(ib, va)), 428);
        assertProblem(api.post(path, admin, body(ib, va + 1, vb)), 409);
        assertProblem(api.post(path, admin, body(ib, va, vb + 1)), 409);
        assertProblem(api.send("POST", path, admin, "{\"otherId\":%d,\"otherVersion\":%d}".formatted(ib, vb), Map.of("If-Match", "\"" + (va + 5) + "\"")), 412);
        assertProblem(api.post(path, fx.user("READ_ONLY", null).token(), body(ib, va, vb)), 403);

        ApiFixtures.User seller = fx.user("SALES", null);
        long own = fx.account(seller.token(), "{\"name\":\"%s\"}".formatted(Api.unique("Sellers"))).get("id").asLong();
        assertProblem(api.post("/api/v1/accounts/" + own + "/merge", seller.token(), body(ib, 1, vb)), 404);
        assertProblem(api.post(path, seller.token(), body(own, va, 1)), 404);

        assertThat(api.get("/api/v1/accounts/" + ia, admin).json().get("version").asInt()).isEqualTo(va);
        assertThat(api.get("/api/v1/accounts/" + ib, admin).status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from account_merges where survivor_id = :a").param("a", ia).query(Long.class).single()).isZero();
    }

    @Test
    void undoIsRefusedAfterThirtyDaysTwiceOrWithoutRights() {
        long mergeId = merge(admin, fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Old A"))),
                fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Old B"))));
        jdbc.sql("update account_merges set merged_at = now() - interval '31 days' where id = :id").param("id", mergeId).update();
        assertThat(assertProblem(api.post("/api/v1/accounts/merges/" + mergeId + "/undo", admin, null), 410)
                .get("detail").asString()).contains("until");

        long recent = merge(admin, fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("New A"))),
                fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("New B"))));
        assertProblem(api.post("/api/v1/accounts/merges/" + recent + "/undo", fx.user("READ_ONLY", null).token(), null), 403);
        assertProblem(api.post("/api/v1/accounts/merges/" + recent + "/undo", fx.user("SALES", null).token(), null), 404);
        assertProblem(api.post("/api/v1/accounts/merges/999999999/undo", admin, null), 404);
        assertThat(api.post("/api/v1/accounts/merges/" + recent + "/undo", admin, null).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/accounts/merges/" + recent + "/undo", admin, null), 409);
        assertProblem(api.get("/api/v1/accounts/999999999/merges", admin), 404);
    }

    @Test
    void everyWritingRoleMergesWhatItSeesAndContactsItCannotSeeStillMove() {
        long team = fx.team();
        for (String role : List.of("ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT")) {
            ApiFixtures.User user = fx.user(role, team);
            JsonNode a = fx.account(user.token(), "{\"name\":\"%s\"}".formatted(Api.unique("Role " + role)));
            JsonNode b = fx.account(user.token(), "{\"name\":\"%s\"}".formatted(Api.unique("Role " + role)));
            long hiddenContact = fx.contact(admin, "{\"lastName\":\"Hidden\",\"accountId\":%d}".formatted(b.get("id").asLong())).get("id").asLong();
            long mergeId = merge(user.token(), a, b);
            assertThat(jdbc.sql("select account_id from contacts where id = :id").param("id", hiddenContact).query(Long.class).single())
                    .as(role + ": the account's contacts move, seen or not").isEqualTo(a.get("id").asLong());
            assertThat(api.get("/api/v1/accounts/" + a.get("id").asLong() + "/merges", user.token()).json().get(0).get("id").asLong())
                    .isEqualTo(mergeId);
            assertThat(api.post("/api/v1/accounts/merges/" + mergeId + "/undo", user.token(), null).status()).as(role).isEqualTo(200);
            assertThat(jdbc.sql("select account_id from contacts where id = :id").param("id", hiddenContact).query(Long.class).single())
                    .isEqualTo(b.get("id").asLong());
        }
        ApiFixtures.User seller = fx.user("SALES", null);
        long mergeId = merge(admin, fx.account(seller.token(), "{\"name\":\"%s\"}".formatted(Api.unique("Seen A"))),
                fx.account(seller.token(), "{\"name\":\"%s\"}".formatted(Api.unique("Seen B"))));
        long survivor = jdbc.sql("select survivor_id from account_merges where id = :id").param("id", mergeId).query(Long.class).single();
        assertThat(api.get("/api/v1/accounts/" + survivor + "/merges", fx.user("READ_ONLY", null).token()).json()).hasSize(1);
        assertProblem(api.get("/api/v1/accounts/" + survivor + "/merges", fx.user("AGENT", null).token()), 404);
    }

    private long merge(String token, JsonNode survivor, JsonNode other) {
        Api.Response r = api.post("/api/v1/accounts/" + survivor.get("id").asLong() + "/merge", token,
                body(other.get("id").asLong(), survivor.get("version").asInt(), other.get("version").asInt()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("merge").get("id").asLong();
    }

    private static String body(long otherId, int version, int otherVersion) {
        return "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d}".formatted(otherId, version, otherVersion);
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
