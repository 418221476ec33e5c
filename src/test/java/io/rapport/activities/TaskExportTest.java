package io.rapport.activities;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tasks out as CSV: the list's filters and visibility, every page, formulas defused, audited. */
@IntegrationTest
class TaskExportTest {

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

    @Test
    void exportsEveryVisibleTaskWithTheListsFiltersAndDefusesFormulas() {
        ApiFixtures.User seller = fx.user("SALES", null);
        String tag = Api.unique("Export");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/tasks", seller.token(), "{\"title\":\"%s call %d\",\"dueAt\":\"2026-12-1%dT09:00:00Z\"}"
                    .formatted(tag, i, i)).status()).isEqualTo(201);
        }
        assertThat(api.post("/api/v1/tasks", seller.token(), "{\"title\":\"=HYPERLINK(\\\"http://x\\\") %s\",\"notes\":\"line 1\\nline, 2\"}"
                .formatted(tag)).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/tasks", api.adminToken(), "{\"title\":\"%s admin only\"}".formatted(tag)).status()).isEqualTo(201);

        Api.Response csv = api.get("/api/v1/tasks/export.csv?assignee=me", seller.token());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFTitle,Due (UTC),Priority,Status,Assignee,");
        assertThat(csv.body()).contains(tag + " call 0,2026-12-10 09:00,NORMAL,OPEN,")
                .contains(tag + " call 2,2026-12-12 09:00")
                .contains("\"'=HYPERLINK(\"\"http://x\"\") " + tag + "\"")
                .contains("\"line 1\nline, 2\"")
                .doesNotContain("admin only");
        assertThat(csv.body().split("\r\n")).as("header and four tasks").hasSize(5);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'EXPORT' and entity_type = 'TASK' and actor_id = :u")
                .param("u", seller.id()).query(Long.class).single()).isEqualTo(1);

        assertThat(api.get("/api/v1/tasks/export.csv?status=DONE&assignee=me", seller.token()).body().split("\r\n"))
                .as("header only").hasSize(1);
        assertInvalid(api.get("/api/v1/tasks/export.csv?dueBefore=tomorrow", seller.token()), "dueBefore");
        assertThat(api.get("/api/v1/tasks/export.csv", null).status()).isEqualTo(401);

        for (String role : new String[] {"ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"}) {
            Api.Response other = api.get("/api/v1/tasks/export.csv?assignee=me", fx.user(role, null).token());
            assertThat(other.status()).as(role).isEqualTo(200);
            assertThat(other.body()).as(role + " exports only its own tasks").doesNotContain(tag);
        }

        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/tasks").body()).contains("/tasks/export.csv?assignee=me&amp;status=OPEN");
        var download = page.get("/tasks/export.csv?assignee=me&status=OPEN");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains("tasks-");
        assertThat(download.body()).contains(tag + " call 1").doesNotContain("admin only");
    }
}
