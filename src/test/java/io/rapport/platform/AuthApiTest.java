package io.rapport.platform;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class AuthApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
    }

    private Api.Response login(String email, String password) {
        return api.post("/api/v1/auth/token", null, Api.JSON.writeValueAsString(Map.of("email", email, "password", password)));
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void issuesABearerTokenThatExpiresInThirtyDays() {
        ApiFixtures.User u = fx.user("SALES", null);
        var r = login(u.email(), ApiFixtures.PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("token").asString()).startsWith("rpt_");
        Instant expires = Instant.parse(r.json().get("expiresAt").asString());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));

        var me = api.get("/api/v1/me", r.json().get("token").asString());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo(u.email());
        assertThat(me.json().get("role").asString()).isEqualTo("SALES");
    }

    @Test
    void signsInWithTheEmailInAnyCase() {
        ApiFixtures.User u = fx.user("AGENT", null);
        assertThat(login(u.email().toUpperCase(), ApiFixtures.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailAreTheSame401() {
        ApiFixtures.User u = fx.user("SALES", null);
        var wrong = assertProblem(login(u.email(), "not-the-password"), 401);
        var unknown = assertProblem(login(Api.unique("nobody") + "@test.rapport", "whatever-123"), 401);
        assertThat(wrong.get("detail")).isEqualTo(unknown.get("detail"));
        assertThat(wrong.get("type")).isEqualTo(unknown.get("type"));
    }

    @Test
    void rejectsMissingCredentialsNamingTheField() {
        assertInvalid(api.post("/api/v1/auth/token", null, "{\"password\":\"x-password-1\"}"), "email");
        assertInvalid(api.post("/api/v1/auth/token", null, "{\"email\":\"a@b.example\"}"), "password");
        assertInvalid(api.post("/api/v1/auth/token", null, "{\"email\":\"  \",\"password\":\"\"}"), "email");
    }

    @Test
    void rejectsMalformedLoginBodyWith400() {
        assertProblem(api.post("/api/v1/auth/token", null, "{\"email\": \"a@b.example\", "), 400);
        assertProblem(api.post("/api/v1/auth/token", null, "not json"), 400);
        assertProblem(api.post("/api/v1/auth/token", null, "[1,2]"), 400);
    }

    @Test
    void rejectsUnknownFieldsInLoginNamingThem() {
        ApiFixtures.User u = fx.user("SALES", null);
        assertInvalid(api.post("/api/v1/auth/token", null, Api.JSON.writeValueAsString(
                Map.of("email", u.email(), "password", ApiFixtures.PASSWORD, "rememberMe", true))), "rememberMe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/contacts", "/api/v1/accounts", "/api/v1/users", "/api/v1/me", "/api/v1/teams",
            "/api/v1/custom-fields", "/api/v1/search?q=x", "/api/v1/contacts/1"})
    void everyEndpointWantsABearerToken(String path) {
        var none = api.get(path, null);
        assertProblem(none, 401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertProblem(api.get(path, "rpt_unknown-token-" + Api.unique("x")), 401);
        assertProblem(api.get(path, "garbage"), 401);
    }

    @Test
    void writesWithoutATokenAre401AndChangeNothing() {
        String tag = Api.unique("noauth").toLowerCase();
        assertProblem(api.post("/api/v1/contacts", null, "{\"lastName\":\"X\",\"tags\":[\"" + tag + "\"]}"), 401);
        assertThat(api.get("/api/v1/contacts?tag=" + tag, fx.admin()).json().get("items").size()).isZero();
    }

    @Test
    void basicAuthAndSessionsAreNotAcceptedOnTheApi() {
        ApiFixtures.User u = fx.user("SALES", null);
        String basic = java.util.Base64.getEncoder().encodeToString((u.email() + ":" + ApiFixtures.PASSWORD).getBytes());
        var r = api.send("GET", "/api/v1/me", null, null, Map.of("Authorization", "Basic " + basic));
        assertProblem(r, 401);
    }

    @Test
    void revokedTokenIs401() throws Exception {
        ApiFixtures.User u = fx.user("SALES", null);
        assertThat(api.get("/api/v1/me", u.token()).status()).isEqualTo(200);
        jdbc.sql("update api_tokens set revoked_at = now() where token_hash = :h").param("h", sha256(u.token())).update();
        assertProblem(api.get("/api/v1/me", u.token()), 401);
    }

    @Test
    void expiredTokenIs401() throws Exception {
        ApiFixtures.User u = fx.user("SALES", null);
        jdbc.sql("update api_tokens set expires_at = now() - interval '1 second' where token_hash = :h")
                .param("h", sha256(u.token())).update();
        assertProblem(api.get("/api/v1/contacts", u.token()), 401);
    }

    @Test
    void deactivatedUsersTokensStopWorkingAndTheyCannotSignIn() {
        ApiFixtures.User u = fx.user("MARKETING", null);
        assertThat(api.delete("/api/v1/users/" + u.id(), fx.admin()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/me", u.token()), 401);
        assertProblem(login(u.email(), ApiFixtures.PASSWORD), 401);
    }

    @Test
    void locksAnEmailForFifteenMinutesAfterFiveFailedSignIns() {
        ApiFixtures.User u = fx.user("SALES", null);
        for (int i = 1; i <= 5; i++) {
            assertProblem(login(u.email(), "wrong-password-" + i), 401);
        }
        // even the right password is refused now
        var locked = assertProblem(login(u.email(), ApiFixtures.PASSWORD), 429);
        assertThat(locked.get("type").asString()).endsWith("too-many-attempts");
        assertProblem(login(u.email().toUpperCase(), ApiFixtures.PASSWORD), 429);

        Double minutes = jdbc.sql("select extract(epoch from locked_until - now()) / 60 from login_throttle where email = :e")
                .param("e", u.email()).query(Double.class).single();
        assertThat(minutes).isBetween(14.0, 15.01);

        // other people are not affected, and an existing token keeps working
        assertThat(api.get("/api/v1/me", u.token()).status()).isEqualTo(200);
        assertThat(login(fx.user("SALES", null).email(), ApiFixtures.PASSWORD).status()).isEqualTo(200);

        // once the lock has run out, the right password works again
        jdbc.sql("update login_throttle set locked_until = now() - interval '1 second' where email = :e").param("e", u.email()).update();
        assertThat(login(u.email(), ApiFixtures.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void countsFailuresPerEmailRegardlessOfCase() {
        ApiFixtures.User u = fx.user("AGENT", null);
        String[] variants = {u.email(), u.email().toUpperCase(), " " + u.email() + " ", u.email(), u.email().toUpperCase()};
        for (String v : variants) assertProblem(login(v, "wrong-password"), 401);
        assertProblem(login(u.email(), ApiFixtures.PASSWORD), 429);
    }

    @Test
    void locksUnknownEmailsToo() {
        String email = Api.unique("ghost") + "@test.rapport";
        for (int i = 0; i < 5; i++) assertProblem(login(email, "wrong-password"), 401);
        assertProblem(login(email, "wrong-password"), 429);
    }

    @Test
    void aSuccessfulSignInResetsTheFailureCount() {
        ApiFixtures.User u = fx.user("SALES", null);
        for (int i = 0; i < 4; i++) assertProblem(login(u.email(), "wrong-password"), 401);
        assertThat(login(u.email(), ApiFixtures.PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) assertProblem(login(u.email(), "wrong-password"), 401);
        assertThat(login(u.email(), ApiFixtures.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void failedAndSuccessfulSignInsAreAudited() {
        ApiFixtures.User u = fx.user("SALES", null);
        login(u.email(), "wrong-password");
        login(u.email(), ApiFixtures.PASSWORD);
        var actions = jdbc.sql("select action from audit_log where entity_type = 'USER' and entity_id = :id order by id")
                .param("id", u.id()).query(String.class).list();
        assertThat(actions).contains("CREATE", "LOGIN_FAILED", "LOGIN");
    }
}
