package io.rapport.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Lead and admin pages driven like a browser: session, CSRF token, form posts, errors shown beside their fields. */
@IntegrationTest
class LeadPagesTest {

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    LeadFixtures leads;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        leads = new LeadFixtures(api, admin);
    }

    @Test
    void aSellerCreatesEditsQualifiesAndAssessesALeadOnItsPages() {
        ApiFixtures.User seller = fx.user("SALES", fx.team());
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        String campaign = Api.unique("pages");

        assertThat(page.get("/leads").body()).contains("Leads", "+ New lead");
        HttpResponse<String> invalid = page.post("/leads", Map.of("firstName", "No", "lastName", "", "email", "nope <b>x</b>"));
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(invalid.body()).contains("Please correct the marked fields", "not an e-mail address", "nope &lt;b&gt;x&lt;/b&gt;");

        HttpResponse<String> created = page.post("/leads", Map.of("firstName", "Page", "lastName", "Lead", "email", "page@lead.example",
                "company", "Pages Inc", "companySize", "40", "campaign", campaign, "source", "Phone", "ownerId", ""));
        assertThat(created.statusCode()).isEqualTo(302);
        String location = created.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.replaceAll(".*/leads/(\\d+).*", "$1"));
        JsonNode lead = api.get("/api/v1/leads/" + id, seller.token()).json();
        assertThat(lead.get("ownerId").asLong()).isEqualTo(seller.id());
        assertThat(lead.get("campaign").asString()).isEqualTo(campaign);

        String detail = page.get("/leads/" + id).body();
        assertThat(detail).contains("Page Lead", "Pages Inc", "Needs assessment", "Convert…", "Score");
        assertThat(page.get("/leads?campaign=" + campaign).body()).contains("href=\"/leads/" + id + "\"");
        assertThat(page.get("/leads?minScore=lots").body()).contains("Minimum score must be a whole number");

        assertThat(page.post("/leads/" + id + "/status", Map.of("status", "QUALIFIED", "version", "0")).statusCode()).isEqualTo(302);
        assertThat(api.get("/api/v1/leads/" + id, seller.token()).json().get("status").asString()).isEqualTo("QUALIFIED");
        // a stale version on the page: the lead was changed meanwhile
        assertThat(page.post("/leads/" + id + "/status", Map.of("status", "WORKING", "version", "0")).body()).contains("version");

        HttpResponse<String> badNeeds = page.post("/leads/" + id + "/needs", Map.of("pains", "Slow", "budget", "lots", "budgetCurrency", "EUR"));
        assertThat(badNeeds.body()).contains("Please correct the marked fields");
        assertThat(page.post("/leads/" + id + "/needs", Map.of("pains", "Slow quotes", "budget", "9,000", "budgetCurrency", "eur"))
                .statusCode()).isEqualTo(302);
        assertThat(api.get("/api/v1/leads/" + id + "/needs-assessment", seller.token()).json().get("budget").asInt()).isEqualTo(9000);

        String edit = page.get("/leads/" + id + "/edit").body();
        assertThat(edit).contains("value=\"Pages Inc\"");
        Map<String, String> form = new HashMap<>(Map.of("firstName", "Page", "lastName", "Renamed", "email", "page@lead.example",
                "company", "Pages Inc", "version", "1", "ownerId", String.valueOf(seller.id())));
        assertThat(page.post("/leads/" + id, form).statusCode()).isEqualTo(302);
        assertThat(api.get("/api/v1/leads/" + id, seller.token()).json().get("lastName").asString()).isEqualTo("Renamed");

        String convert = page.get("/leads/" + id + "/convert").body();
        assertThat(convert).contains("What will happen", "New contact", "Pages Inc");
        HttpResponse<String> badConvert = page.post("/leads/" + id + "/convert", Map.of("createDeal", "true", "amount", "-1", "currency", "EUR"));
        assertThat(badConvert.body()).contains("must not be negative");
        HttpResponse<String> converted = page.post("/leads/" + id + "/convert", Map.of("createDeal", "true", "amount", "9000", "currency", "EUR"));
        assertThat(converted.statusCode()).isEqualTo(302);
        assertThat(converted.headers().firstValue("Location").orElseThrow()).contains("/contacts/");
        assertThat(page.get("/leads/" + id).body()).contains("Converted on").doesNotContain("Convert…");
    }

    @Test
    void anotherTeamsLeadIsNotFoundOnThePagesAndReadOnlyUsersSeeNoButtons() {
        ApiFixtures.User stranger = fx.user("SALES", fx.team());
        long hidden = leads.leadOwnedBy(stranger.id(), "Hidden");
        ApiFixtures.User seller = fx.user("SALES", fx.team());
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/leads/" + hidden).statusCode()).isEqualTo(404);
        assertThat(page.get("/leads/" + hidden + "/convert").statusCode()).isEqualTo(404);
        assertThat(page.post("/leads/" + hidden + "/status", Map.of("status", "WORKING", "version", "0")).statusCode()).isEqualTo(404);

        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        PageSession readOnly = PageSession.signIn(api.base(), reader.email(), ApiFixtures.PASSWORD);
        String detail = readOnly.get("/leads/" + hidden).body();
        assertThat(detail).contains("Hidden").doesNotContain("Convert…").doesNotContain("Save needs assessment");
        assertThat(readOnly.get("/leads").body()).doesNotContain("+ New lead");
        assertThat(readOnly.post("/leads/" + hidden + "/delete", Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void adminsBuildFormsAndRulesOnTheirPagesOthersAreTurnedAway() {
        PageSession adminPage = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        String name = Api.unique("Page form");
        HttpResponse<String> noEmail = adminPage.post("/admin/web-forms", Map.of("name", name, "on.lastName", "true"));
        assertThat(noEmail.body()).contains("must include email or phone");
        HttpResponse<String> created = adminPage.post("/admin/web-forms", Map.of("name", name, "on.lastName", "true",
                "on.email", "true", "req.email", "true", "consentText", "Yes, e-mail me.", "source", "Website"));
        assertThat(created.statusCode()).isEqualTo(302);
        String editor = adminPage.get(created.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body();
        assertThat(editor).contains("Embed", ".js&quot; async&gt;&lt;/script&gt;", "&lt;iframe src=");

        String rule = Api.unique("Page rule");
        assertThat(adminPage.post("/admin/lead-scoring", Map.of("name", rule, "kind", "ATTRIBUTE", "field", "jobTitle",
                "operator", "CONTAINS", "value", rule, "points", "7")).statusCode()).isEqualTo(302);
        assertThat(adminPage.get("/admin/lead-scoring").body()).contains(rule);
        assertThat(adminPage.post("/admin/lead-scoring", Map.of("name", "x", "kind", "INACTIVITY", "days", "0", "points", "-1")).body())
                .contains("days");
        JsonNode created2 = api.get("/api/v1/lead-scoring-rules", admin).json();
        for (JsonNode r : created2) if (r.get("name").asString().equals(rule)) leads.deleteScoringRule(r.get("id").asLong());

        assertThat(adminPage.post("/admin/lead-assignment", Map.of("name", "x", "field", "country", "values", "", "target", "")).body())
                .contains("values");
        assertThat(adminPage.get("/admin/lead-assignment").statusCode()).isEqualTo(200);

        for (String role : List.of("MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            ApiFixtures.User u = fx.user(role, null);
            PageSession p = PageSession.signIn(api.base(), u.email(), ApiFixtures.PASSWORD);
            assertThat(p.get("/admin/web-forms").statusCode()).isEqualTo(403);
            assertThat(p.get("/admin/lead-scoring").statusCode()).isEqualTo(403);
            assertThat(p.get("/admin/lead-assignment").statusCode()).isEqualTo(403);
            assertThat(p.get("/leads").statusCode()).isEqualTo(200);
        }
    }
}
