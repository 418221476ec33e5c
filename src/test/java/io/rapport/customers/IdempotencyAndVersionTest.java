package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class IdempotencyAndVersionTest {

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

    private Api.Response postWithKey(String path, String token, String body, String key) {
        return api.send("POST", path, token, body, Map.of("Idempotency-Key", key));
    }

    private static String body(String entity, String tag) {
        return entity.equals("contacts") ? "{\"lastName\":\"Once\",\"tags\":[\"" + tag + "\"]}"
                : "{\"name\":\"Once\",\"tags\":[\"" + tag + "\"]}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"contacts", "accounts"})
    void aRetriedPostReturnsTheSameResponseAndCreatesOneRecord(String entity) {
        String tag = Api.unique("idem").toLowerCase();
        String key = UUID.randomUUID().toString();
        var first = postWithKey("/api/v1/" + entity, admin, body(entity, tag), key);
        var retry = postWithKey("/api/v1/" + entity, admin, body(entity, tag), key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.contentType()).startsWith("application/json");
        assertThat(fx.allIds("/api/v1/" + entity + "?tag=" + tag, admin)).containsExactly(first.json().get("id").asLong());

        var fresh = postWithKey("/api/v1/" + entity, admin, body(entity, tag), UUID.randomUUID().toString());
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(fx.allIds("/api/v1/" + entity + "?tag=" + tag, admin)).hasSize(2);
    }

    @Test
    void aRetriedUserCreationCreatesOneUser() {
        String email = Api.unique("idem") + "@test.rapport";
        String json = "{\"email\":\"" + email + "\",\"name\":\"Idem\",\"role\":\"AGENT\"}";
        String key = UUID.randomUUID().toString();
        var first = postWithKey("/api/v1/users", admin, json, key);
        var retry = postWithKey("/api/v1/users", admin, json, key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(api.get("/api/v1/users?q=" + email, admin).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void concurrentRetriesCreateOneRecord() throws Exception {
        String tag = Api.unique("race").toLowerCase();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> postWithKey("/api/v1/contacts", admin, body("contacts", tag), key), pool));
            }
            List<Long> ids = new ArrayList<>();
            for (var call : calls) {
                Api.Response r = call.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                ids.add(r.json().get("id").asLong());
            }
            assertThat(ids).containsOnly(ids.getFirst());
        } finally {
            pool.shutdown();
        }
        assertThat(fx.allIds("/api/v1/contacts?tag=" + tag, admin)).hasSize(1);
    }

    @Test
    void aKeyUsedForAnotherEndpointIsAConflict() {
        String key = UUID.randomUUID().toString();
        assertThat(postWithKey("/api/v1/contacts", admin, body("contacts", "k1"), key).status()).isEqualTo(201);
        String tag = Api.unique("other").toLowerCase();
        assertProblem(postWithKey("/api/v1/accounts", admin, body("accounts", tag), key), 409);
        assertThat(fx.allIds("/api/v1/accounts?tag=" + tag, admin)).isEmpty();
    }

    @Test
    void keysBelongToTheUserWhoSentThem() {
        String tag = Api.unique("mine").toLowerCase();
        String key = UUID.randomUUID().toString();
        var one = postWithKey("/api/v1/contacts", admin, body("contacts", tag), key);
        var other = postWithKey("/api/v1/contacts", fx.user("MARKETING", null).token(), body("contacts", tag), key);
        assertThat(one.status()).isEqualTo(201);
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("id")).isNotEqualTo(one.json().get("id"));
        assertThat(fx.allIds("/api/v1/contacts?tag=" + tag, admin)).hasSize(2);
    }

    @Test
    void aFailedAttemptDoesNotUseUpTheKey() {
        String tag = Api.unique("retry").toLowerCase();
        String key = UUID.randomUUID().toString();
        assertInvalid(postWithKey("/api/v1/contacts", admin, "{\"tags\":[\"" + tag + "\"]}", key), "lastName");
        var readOnly = fx.user("READ_ONLY", null);
        assertProblem(postWithKey("/api/v1/contacts", readOnly.token(), body("contacts", tag), key), 403);
        var ok = postWithKey("/api/v1/contacts", admin, body("contacts", tag), key);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(postWithKey("/api/v1/contacts", admin, body("contacts", tag), key).json()).isEqualTo(ok.json());
        assertThat(fx.allIds("/api/v1/contacts?tag=" + tag, admin)).hasSize(1);
    }

    @Test
    void rejectsOverlongKeys() {
        String tag = Api.unique("long").toLowerCase();
        assertInvalid(postWithKey("/api/v1/contacts", admin, body("contacts", tag), "k".repeat(201)), "Idempotency-Key");
        assertThat(fx.allIds("/api/v1/contacts?tag=" + tag, admin)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"contacts", "accounts"})
    void updatesNeedTheCurrentVersionInTheBodyOrIfMatch(String entity) {
        JsonNode created = entity.equals("contacts") ? fx.contact("Versioned", "ver", null) : fx.account("Versioned", "ver", null);
        String path = "/api/v1/" + entity + "/" + created.get("id").asLong();
        String field = entity.equals("contacts") ? "jobTitle" : "industry";
        assertThat(api.get(path, admin).headers().firstValue("ETag")).hasValue("\"0\"");

        assertProblem(api.patch(path, admin, "{\"" + field + "\":\"none\"}"), 428);
        var ok = api.patch(path, admin, "{\"" + field + "\":\"first\",\"version\":0}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("version").asInt()).isEqualTo(1);
        assertThat(ok.headers().firstValue("ETag")).hasValue("\"1\"");

        var stale = assertProblem(api.patch(path, admin, "{\"" + field + "\":\"stale\",\"version\":0}"), 409);
        assertThat(stale.get("errors").get(0).get("field").asString()).isEqualTo("version");
        assertProblem(api.send("PATCH", path, admin, "{\"" + field + "\":\"stale\"}", Map.of("If-Match", "\"0\"")), 412);
        // If-Match wins over the body's version
        assertProblem(api.send("PATCH", path, admin, "{\"" + field + "\":\"stale\",\"version\":1}", Map.of("If-Match", "\"0\"")), 412);
        assertInvalid(api.send("PATCH", path, admin, "{\"" + field + "\":\"x\"}", Map.of("If-Match", "*")), "If-Match");

        var weak = api.send("PATCH", path, admin, "{\"" + field + "\":\"second\"}", Map.of("If-Match", "W/\"1\""));
        assertThat(weak.status()).as(weak.body()).isEqualTo(200);
        assertThat(weak.headers().firstValue("ETag")).hasValue("\"2\"");
        JsonNode now = api.get(path, admin).json();
        assertThat(now.get(field).asString()).isEqualTo("second");
        assertThat(now.get("version").asInt()).isEqualTo(2);
    }

    @Test
    void ofTwoConcurrentUpdatesFromTheSameVersionOnlyOneWins() throws Exception {
        long id = fx.contact("Race", "race", null).get("id").asLong();
        String path = "/api/v1/contacts/" + id;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var a = CompletableFuture.supplyAsync(() -> api.patch(path, admin, "{\"jobTitle\":\"A\",\"version\":0}"), pool);
            var b = CompletableFuture.supplyAsync(() -> api.patch(path, admin, "{\"jobTitle\":\"B\",\"version\":0}"), pool);
            List<Integer> statuses = List.of(a.get().status(), b.get().status());
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            String winner = (a.get().status() == 200 ? a.get() : b.get()).json().get("jobTitle").asString();
            JsonNode stored = api.get(path, admin).json();
            assertThat(stored.get("jobTitle").asString()).isEqualTo(winner);
            assertThat(stored.get("version").asInt()).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'CONTACT' and entity_id = :id and action = 'UPDATE'")
                .param("id", id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void createUpdateAndDeleteAreAuditedWithOldAndNewValues() {
        JsonNode c = fx.contact(admin, "{\"lastName\":\"Audited\",\"jobTitle\":\"CTO\",\"tags\":[\"a\"]}");
        long id = c.get("id").asLong();
        assertThat(api.patch("/api/v1/contacts/" + id, admin, "{\"jobTitle\":\"CEO\",\"tags\":[\"a\",\"b\"],\"version\":0}").status())
                .isEqualTo(200);
        assertThat(api.delete("/api/v1/contacts/" + id, admin).status()).isEqualTo(204);

        record Row(String action, Long actorId, String changes) {}
        List<Row> rows = jdbc.sql("""
                select action, actor_id, changes::text from audit_log where entity_type = 'CONTACT' and entity_id = :id order by id""")
                .param("id", id).query((rs, n) -> new Row(rs.getString(1), (Long) rs.getObject(2), rs.getString(3))).list();
        assertThat(rows).extracting(Row::action).containsExactly("CREATE", "UPDATE", "DELETE");
        long adminId = api.userId(admin);
        assertThat(rows).extracting(Row::actorId).containsOnly(adminId);

        JsonNode created = Api.JSON.readTree(rows.get(0).changes());
        assertThat(created.get("lastName").get("old").isNull()).isTrue();
        assertThat(created.get("lastName").get("new").asString()).isEqualTo("Audited");

        JsonNode updated = Api.JSON.readTree(rows.get(1).changes());
        assertThat(updated.get("jobTitle").get("old").asString()).isEqualTo("CTO");
        assertThat(updated.get("jobTitle").get("new").asString()).isEqualTo("CEO");
        assertThat(updated.get("tags").get("new").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(updated.has("lastName")).as("unchanged fields are not listed").isFalse();

        JsonNode deleted = Api.JSON.readTree(rows.get(2).changes());
        assertThat(deleted.get("jobTitle").get("old").asString()).isEqualTo("CEO");
        assertThat(deleted.get("jobTitle").get("new").isNull()).isTrue();
    }

    @Test
    void accountChangesAreAuditedToo() {
        long id = fx.account(admin, "{\"name\":\"Audit Co\",\"tier\":\"gold\"}").get("id").asLong();
        api.patch("/api/v1/accounts/" + id, admin, "{\"tier\":\"PLATINUM\",\"version\":0}");
        String changes = jdbc.sql("select changes::text from audit_log where entity_type = 'ACCOUNT' and entity_id = :id and action = 'UPDATE'")
                .param("id", id).query(String.class).single();
        JsonNode c = Api.JSON.readTree(changes);
        assertThat(c.get("tier").get("old").asString()).isEqualTo("GOLD");
        assertThat(c.get("tier").get("new").asString()).isEqualTo("PLATINUM");
    }

    @Test
    void rejectedWritesLeaveNoAuditTrail() {
        long id = fx.contact("NoTrace", "trace", null).get("id").asLong();
        api.patch("/api/v1/contacts/" + id, admin, "{\"jobTitle\":\"X\",\"version\":5}");
        api.patch("/api/v1/contacts/" + id, admin, "{\"jobTitle\":\"X\",\"emails\":[\"bad\"],\"version\":0}");
        api.patch("/api/v1/contacts/" + id, fx.user("READ_ONLY", null).token(), "{\"jobTitle\":\"X\",\"version\":0}");
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'CONTACT' and entity_id = :id")
                .param("id", id).query(Long.class).single()).isEqualTo(1);
    }
}
