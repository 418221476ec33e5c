package io.rapport.platform;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UserApiTest {

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

    private String newUserJson(String email) {
        return """
                {"email":"%s","name":"New Person","role":"SALES","password":"a-long-password"}""".formatted(email);
    }

    @Test
    void adminCreatesAUserWhoCanThenSignIn() {
        String email = Api.unique("Person") + "@Test.Rapport";
        var r = api.post("/api/v1/users", admin, newUserJson(email));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode user = r.json().get("user");
        assertThat(user.get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(user.get("role").asString()).isEqualTo("SALES");
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/users/" + user.get("id").asLong());
        assertThat(r.body()).doesNotContain("a-long-password").doesNotContainIgnoringCase("hash");
        assertThat(r.json().get("temporaryPassword").isNull()).isTrue();
        assertThat(api.token(email, "a-long-password")).startsWith("rpt_");
    }

    @Test
    void generatesAOneTimePasswordWhenNoneIsGiven() {
        String email = Api.unique("temp") + "@test.rapport";
        var r = api.post("/api/v1/users", admin, "{\"email\":\"" + email + "\",\"name\":\"Temp\",\"role\":\"AGENT\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String temporary = r.json().get("temporaryPassword").asString();
        assertThat(temporary).hasSizeGreaterThanOrEqualTo(10);
        assertThat(api.token(email, temporary)).startsWith("rpt_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"})
    void everyRoleCanReadUsersTeamsAndThemselves(String role) {
        ApiFixtures.User u = fx.user(role, null);
        var me = api.get("/api/v1/me", u.token());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asLong()).isEqualTo(u.id());
        assertThat(me.json().get("role").asString()).isEqualTo(role);
        assertThat(api.get("/api/v1/users", u.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/" + u.id(), u.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/teams", u.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", u.token()).body()).doesNotContainIgnoringCase("password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"})
    void onlyAdminsMayChangeUsersAndTeams(String role) {
        ApiFixtures.User u = fx.user(role, null);
        ApiFixtures.User victim = fx.user("SALES", null);
        String email = Api.unique("sneaky") + "@test.rapport";
        assertProblem(api.post("/api/v1/users", u.token(), newUserJson(email)), 403);
        assertProblem(api.patch("/api/v1/users/" + victim.id(), u.token(), "{\"role\":\"ADMIN\",\"version\":0}"), 403);
        assertProblem(api.patch("/api/v1/users/" + u.id(), u.token(), "{\"role\":\"ADMIN\",\"version\":0}"), 403);
        assertProblem(api.delete("/api/v1/users/" + victim.id(), u.token()), 403);
        assertProblem(api.post("/api/v1/teams", u.token(), "{\"name\":\"" + Api.unique("t") + "\"}"), 403);

        assertThat(api.get("/api/v1/users?q=" + email, admin).json().get("items").size()).isZero();
        assertThat(api.get("/api/v1/users/" + victim.id(), admin).json().get("active").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/me", u.token()).json().get("role").asString()).isEqualTo(role);
    }

    @Test
    void rejectsInvalidUsersNamingEveryField() {
        var r = api.post("/api/v1/users", admin, """
                {"email":"not-an-email","name":" ","role":"SALES","password":"short","teamId":987654321}""");
        assertInvalid(r, "email", "name", "password", "teamId");
        assertInvalid(api.post("/api/v1/users", admin, """
                {"email":"%s","name":"X"}""".formatted(Api.unique("norole") + "@test.rapport")), "role");
    }

    @Test
    void rejectsAnUnknownRoleNamingTheField() {
        assertInvalid(api.post("/api/v1/users", admin, """
                {"email":"%s","name":"X","role":"KING","password":"a-long-password"}""".formatted(Api.unique("k") + "@test.rapport")),
                "role");
    }

    @Test
    void rejectsUnknownFieldsNamingThem() {
        assertInvalid(api.post("/api/v1/users", admin, """
                {"email":"%s","name":"X","role":"SALES","password":"a-long-password","isSuperuser":true}"""
                .formatted(Api.unique("u") + "@test.rapport")), "isSuperuser");
        ApiFixtures.User u = fx.user("SALES", null);
        assertInvalid(api.patch("/api/v1/users/" + u.id(), admin, "{\"nickname\":\"x\",\"version\":0}"), "nickname");
        assertInvalid(api.post("/api/v1/teams", admin, "{\"name\":\"" + Api.unique("t") + "\",\"colour\":\"red\"}"), "colour");
    }

    @Test
    void rejectsMalformedJson() {
        assertProblem(api.post("/api/v1/users", admin, "{\"email\":"), 400);
        ApiFixtures.User u = fx.user("SALES", null);
        assertProblem(api.patch("/api/v1/users/" + u.id(), admin, "{version: 0}"), 400);
    }

    @Test
    void rejectsASecondUserWithTheSameEmailInAnyCase() {
        ApiFixtures.User u = fx.user("SALES", null);
        assertInvalid(api.post("/api/v1/users", admin, newUserJson(u.email().toUpperCase())), "email");
    }

    @Test
    void updatesNeedTheCurrentVersion() {
        ApiFixtures.User u = fx.user("SALES", null);
        assertProblem(api.patch("/api/v1/users/" + u.id(), admin, "{\"name\":\"Renamed\"}"), 428);
        var ok = api.patch("/api/v1/users/" + u.id(), admin, "{\"name\":\"Renamed\",\"version\":0}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("version").asInt()).isEqualTo(1);
        assertThat(ok.headers().firstValue("ETag")).hasValue("\"1\"");

        var stale = assertProblem(api.patch("/api/v1/users/" + u.id(), admin, "{\"name\":\"Again\",\"version\":0}"), 409);
        assertThat(stale.get("errors").get(0).get("field").asString()).isEqualTo("version");
        assertProblem(api.send("PATCH", "/api/v1/users/" + u.id(), admin, "{\"name\":\"Again\"}", Map.of("If-Match", "\"0\"")), 412);
        assertInvalid(api.send("PATCH", "/api/v1/users/" + u.id(), admin, "{\"name\":\"Again\"}", Map.of("If-Match", "\"abc\"")),
                "If-Match");
        var viaIfMatch = api.send("PATCH", "/api/v1/users/" + u.id(), admin, "{\"role\":\"AGENT\"}", Map.of("If-Match", "\"1\""));
        assertThat(viaIfMatch.status()).as(viaIfMatch.body()).isEqualTo(200);
        assertThat(viaIfMatch.json().get("name").asString()).isEqualTo("Renamed");
        assertThat(viaIfMatch.json().get("role").asString()).isEqualTo("AGENT");
    }

    @Test
    void roleChangesTakeEffectOnExistingTokens() {
        ApiFixtures.User u = fx.user("READ_ONLY", null);
        assertProblem(api.post("/api/v1/contacts", u.token(), "{\"lastName\":\"Before\"}"), 403);
        assertThat(api.patch("/api/v1/users/" + u.id(), admin, "{\"role\":\"MARKETING\",\"version\":0}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/contacts", u.token(), "{\"lastName\":\"After\"}").status()).isEqualTo(201);
    }

    @Test
    void anAdminCannotDemoteOrDeactivateThemself() {
        ApiFixtures.User second = fx.user("ADMIN", null);
        assertInvalid(api.patch("/api/v1/users/" + second.id(), second.token(), "{\"role\":\"SALES\",\"version\":0}"), "role");
        assertInvalid(api.patch("/api/v1/users/" + second.id(), second.token(), "{\"active\":false,\"version\":0}"), "active");
        assertInvalid(api.delete("/api/v1/users/" + second.id(), second.token()), "active");
        var still = api.get("/api/v1/users/" + second.id(), admin).json();
        assertThat(still.get("role").asString()).isEqualTo("ADMIN");
        assertThat(still.get("active").asBoolean()).isTrue();
    }

    @Test
    void deactivatingKeepsTheUserButMarksThemInactive() {
        ApiFixtures.User u = fx.user("SALES", null);
        assertThat(api.delete("/api/v1/users/" + u.id(), admin).status()).isEqualTo(204);
        var after = api.get("/api/v1/users/" + u.id(), admin);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("active").asBoolean()).isFalse();
        // an inactive user cannot own records
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"ownerId\":" + u.id() + "}"), "ownerId");
    }

    @Test
    void unknownUsersAre404() {
        assertProblem(api.get("/api/v1/users/987654321", admin), 404);
        assertProblem(api.patch("/api/v1/users/987654321", admin, "{\"name\":\"X\",\"version\":0}"), 404);
        assertProblem(api.delete("/api/v1/users/987654321", admin), 404);
        assertInvalid(api.get("/api/v1/users/abc", admin), "id");
    }

    @Test
    void pagesThroughUsersWithCursors() {
        for (int i = 0; i < 3; i++) fx.user("AGENT", null);
        var all = fx.allIds("/api/v1/users?limit=2", admin);
        assertThat(new HashSet<>(all)).hasSize(all.size());
        long total = jdbc.sql("select count(*) from users").query(Long.class).single();
        assertThat(all.size()).isEqualTo((int) total);
        assertInvalid(api.get("/api/v1/users?cursor=garbage", admin), "cursor");
        assertInvalid(api.get("/api/v1/users?limit=501", admin), "limit");
        assertInvalid(api.get("/api/v1/users?limit=0", admin), "limit");
        assertThat(api.get("/api/v1/users?limit=500", admin).status()).isEqualTo(200);
    }

    @Test
    void teamsAreCreatedByAdminsWithUniqueNames() {
        String name = Api.unique("Team");
        var r = api.post("/api/v1/teams", admin, "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertInvalid(api.post("/api/v1/teams", admin, "{\"name\":\"" + name.toUpperCase() + "\"}"), "name");
        assertInvalid(api.post("/api/v1/teams", admin, "{\"name\":\"  \"}"), "name");
        fx.user("SALES", id);
        JsonNode team = null;
        for (JsonNode t : api.get("/api/v1/teams", admin).json().get("items")) if (t.get("id").asLong() == id) team = t;
        assertThat(team).isNotNull();
        assertThat(team.get("members").asInt()).isEqualTo(1);
    }

    @Test
    void userChangesAreAuditedWithOldAndNewValues() {
        ApiFixtures.User u = fx.user("SALES", null);
        api.patch("/api/v1/users/" + u.id(), admin, "{\"role\":\"MANAGER\",\"version\":0}");
        String changes = jdbc.sql("""
                select changes::text from audit_log where entity_type = 'USER' and entity_id = :id and action = 'UPDATE'""")
                .param("id", u.id()).query(String.class).single();
        JsonNode c = Api.JSON.readTree(changes);
        assertThat(c.get("role").get("old").asString()).isEqualTo("SALES");
        assertThat(c.get("role").get("new").asString()).isEqualTo("MANAGER");
        List<String> actors = jdbc.sql("select actor_email from audit_log where entity_type = 'USER' and entity_id = :id")
                .param("id", u.id()).query(String.class).list();
        assertThat(actors).contains("admin@test.rapport");
    }
}
