package io.rapport.service.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.intake.SupportForm;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Contacts created by channel intake (a mailbox, the support form) get the channel's owner and team, so agents see them. */
@IntegrationTest
class ChannelContactOwnerTest {

    @LocalServerPort int port;
    @Autowired MailIntake intake;
    @Autowired SupportForm supportForm;
    @Autowired JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    String run;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    private long contactWith(String email) {
        return jdbc.sql("select id from contacts where :e = any(emails)").param("e", email).query(Long.class).single();
    }

    @Test
    void aNewSenderOfAMailboxBelongsToItsDefaultOwnerAndTeam() {
        long team = fx.team();
        var owner = fx.user("AGENT", null);
        var teamMate = fx.user("AGENT", team);
        var outsider = fx.user("AGENT", fx.team());
        String support = "owned-" + run + "@desk.test";
        Api.Response bad = api.post("/api/v1/mailboxes", fx.admin(), Api.JSON.writeValueAsString(Map.of("name", "Owned " + run,
                "host", "127.0.0.1", "port", 143, "username", support, "password", "pw", "address", support, "active", false,
                "defaultOwnerId", 999999999)));
        ApiFixtures.assertInvalid(bad, "defaultOwnerId");
        Api.Response r = api.post("/api/v1/mailboxes", fx.admin(), Api.JSON.writeValueAsString(Map.of("name", "Owned " + run,
                "host", "127.0.0.1", "port", 143, "username", support, "password", "pw", "address", support, "active", false,
                "defaultOwnerId", owner.id(), "defaultTeamId", team)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("defaultOwnerId").asLong()).isEqualTo(owner.id());
        long mailbox = r.json().get("id").asLong();

        String sender = "new-" + run + "@customer.test";
        String raw = "From: New Sender <" + sender + ">\r\nTo: " + support + "\r\nSubject: Hello\r\nMessage-ID: <owned-" + run
                + "@customer.test>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHi\r\n";
        assertThat(intake.receive(mailbox, raw.getBytes(StandardCharsets.UTF_8)).outcome()).isEqualTo("TICKET");
        long contact = contactWith(sender);
        assertThat(jdbc.sql("select owner_id from contacts where id = :id").param("id", contact).query(Long.class).single()).isEqualTo(owner.id());
        assertThat(jdbc.sql("select team_id from contacts where id = :id").param("id", contact).query(Long.class).single()).isEqualTo(team);
        // agents see their own book: the owner and the team see the new contact, an agent of another team does not
        assertThat(api.get("/api/v1/contacts/" + contact, owner.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/contacts/" + contact, teamMate.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/contacts/" + contact, outsider.token()).status()).isEqualTo(404);
        // the admin page offers the setting
        PageSession admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(admin.get("/admin/mailboxes/" + mailbox).body()).contains("defaultOwnerId").contains("support-form-settings");
    }

    @Test
    void theSupportFormGivesNewContactsTheConfiguredOwner() {
        long team = fx.team();
        var owner = fx.user("AGENT", team);
        var outsider = fx.user("AGENT", fx.team());
        var agentToken = api.userToken(fx.admin(), "AGENT", null);
        ApiFixtures.assertProblem(api.get("/api/v1/support-form/settings", agentToken), 403);
        int version = api.get("/api/v1/support-form/settings", fx.admin()).json().get("version").asInt();
        ApiFixtures.assertInvalid(api.send("PUT", "/api/v1/support-form/settings", fx.admin(),
                "{\"contactOwnerId\":999999999,\"version\":" + version + "}", Map.of()), "contactOwnerId");
        ApiFixtures.assertProblem(api.send("PUT", "/api/v1/support-form/settings", fx.admin(), "{\"contactOwnerId\":" + owner.id() + "}", Map.of()), 428);
        Api.Response set = api.send("PUT", "/api/v1/support-form/settings", fx.admin(),
                "{\"contactOwnerId\":" + owner.id() + ",\"contactTeamId\":" + team + ",\"version\":" + version + "}", Map.of());
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        try {
            String email = "form-" + run + "@customer.test";
            supportForm.submit(Map.of("name", "Form Person", "email", email, "subject", "Help", "message", "please"),
                    "10.28." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
            long contact = contactWith(email);
            assertThat(api.get("/api/v1/contacts/" + contact, owner.token()).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/contacts/" + contact, outsider.token()).status()).isEqualTo(404);
            assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'SUPPORT_FORM_SETTINGS'").query(Long.class).single()).isPositive();
        } finally {
            int now = api.get("/api/v1/support-form/settings", fx.admin()).json().get("version").asInt();
            api.send("PUT", "/api/v1/support-form/settings", fx.admin(), "{\"contactOwnerId\":null,\"contactTeamId\":null,\"version\":" + now + "}", Map.of());
        }
    }
}
