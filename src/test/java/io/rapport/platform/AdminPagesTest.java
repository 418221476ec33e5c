package io.rapport.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.Browser;
import io.rapport.support.IntegrationTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The admin and settings pages, driven like a browser: session cookie, CSRF token from the page, form posts. */
@IntegrationTest
class AdminPagesTest {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void adminCreatesAUserWhoShowsInTheListAndTheAuditLog() {
        Browser admin = Browser.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        String email = Api.unique("pat") + "@test.rapport";

        var invalid = admin.post("/admin/users", Map.of("email", "not-an-email", "name", "Pat <b>Page</b>", "role", "SALES"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("not a valid e-mail address").contains("value=\"Pat &lt;b&gt;Page&lt;/b&gt;\"");

        var created = admin.post("/admin/users", Map.of("email", email, "name", "Pat Page", "role", "AGENT", "teamId", "",
                "password", ""));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("Pat Page can now sign in as " + email)
                .containsPattern("id=\"temporary-password\">[A-Za-z0-9]{16}<");

        var list = admin.get("/admin/users?q=" + email);
        assertThat(list.body()).contains(email).contains("badge role-AGENT");
        Matcher link = Pattern.compile("href=\"/admin/users/(\\d+)\">Pat Page<").matcher(list.body());
        assertThat(link.find()).isTrue();
        String id = link.group(1);

        var audit = admin.get("/admin/audit?entityType=USER&action=CREATE");
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("Created user " + email).contains("href=\"/admin/users/" + id + "\"")
                .contains("<span class=\"field\">email</span>:");

        var edit = admin.get("/admin/users/" + id);
        assertThat(edit.body()).contains("name=\"version\" value=\"0\"");
        var saved = admin.post("/admin/users/" + id, Map.of("version", "0", "name", "Pat Renamed", "email", email,
                "role", "AGENT", "teamId", "", "active", "true"));
        assertThat(saved.statusCode()).isEqualTo(302);
        var stale = admin.post("/admin/users/" + id, Map.of("version", "0", "name", "Pat Again", "email", email,
                "role", "AGENT", "teamId", "", "active", "true"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("Someone changed this user").contains("value=\"Pat Again\"");

        var reset = admin.post("/admin/users/" + id + "/reset-password", Map.of());
        assertThat(reset.body()).containsPattern("id=\"temporary-password\">[A-Za-z0-9]{16}<");

        var missing = admin.get("/admin/users/987654321");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("class=\"sidebar\"").contains("not visible to you");
        // the page advice leaves the API's problem+json alone
        var apiMissing = api.get("/api/v1/users/987654321", api.adminToken());
        assertThat(apiMissing.status()).isEqualTo(404);
        assertThat(apiMissing.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aSignedInUserManagesTokensAndPasswordButMayNotOpenAdminPages() {
        String token = api.userToken(api.adminToken(), "SALES", null);
        String email = api.get("/api/v1/me", token).json().get("email").asString();
        Browser user = Browser.signIn(api.base(), email, "password-123");

        assertThat(user.get("/admin/users").statusCode()).isEqualTo(403);

        var tokens = user.get("/settings/tokens");
        assertThat(tokens.body()).contains("script token").contains("Authorization: Bearer");
        var issued = user.post("/settings/tokens", Map.of("name", "Nightly export", "expiresInDays", "30"));
        Matcher secret = Pattern.compile("id=\"new-token\">(rpt_[A-Za-z0-9_-]+)<").matcher(issued.body());
        assertThat(secret.find()).isTrue();
        assertThat(api.get("/api/v1/me", secret.group(1)).status()).isEqualTo(200);
        Matcher revoke = Pattern.compile("action=\"(/settings/tokens/\\d+/revoke)\"").matcher(issued.body());
        assertThat(revoke.find()).isTrue();
        assertThat(user.post(revoke.group(1), Map.of()).statusCode()).isEqualTo(302);
        assertThat(user.get("/settings/tokens").body()).contains("status-revoked");
        assertThat(user.get("/settings/tokens").body()).doesNotContain(secret.group(1));

        var mismatch = user.post("/settings/password", Map.of("currentPassword", "password-123",
                "newPassword", "a-new-password-1", "repeatPassword", "a-new-password-2"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("does not match the new password");
        var changed = user.post("/settings/password", Map.of("currentPassword", "password-123",
                "newPassword", "a-new-password-1", "repeatPassword", "a-new-password-1"));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(user.get("/settings/password").body()).contains("Your password is changed");
    }

    @Test
    void sessionsLiveInPostgresAndEndWhenTheUserIsDeactivated(@Autowired JdbcClient jdbc) {
        String admin = api.adminToken();
        String token = api.userToken(admin, "AGENT", null);
        var me = api.get("/api/v1/me", token).json();
        String email = me.get("email").asString();
        Browser user = Browser.signIn(api.base(), email, "password-123");
        assertThat(user.get("/").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = :e").param("e", email)
                .query(Long.class).single()).isPositive();

        assertThat(api.delete("/api/v1/users/" + me.get("id").asLong(), admin).status()).isEqualTo(204);

        var after = user.get("/");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
    }
}
