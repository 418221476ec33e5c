package io.rapport.sales;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static io.rapport.support.ApiFixtures.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class LeadApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
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
    void createsReadsChangesAndDeletesALeadWithSourceCampaignAndAudit() {
        String campaign = Api.unique("camp");
        Api.Response created = api.post("/api/v1/leads", admin, """
                {"firstName":"Ada","lastName":"Lovelace","email":"ada@analytical.example","company":"Analytical Engines",
                 "jobTitle":"Director of Research","companySize":250,"country":"gb","source":"Trade show","campaign":"%s"}""".formatted(campaign));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode lead = created.json();
        long id = lead.get("id").asLong();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/leads/" + id);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(lead.get("source").asString()).isEqualTo("Trade show");
        assertThat(lead.get("campaign").asString()).isEqualTo(campaign);
        assertThat(lead.get("country").asString()).isEqualTo("GB");
        assertThat(lead.get("status").asString()).isEqualTo("NEW");
        assertThat(lead.get("scoreReasons").isArray()).isTrue();

        // source defaults to API
        JsonNode plain = leads.lead(admin, "{\"lastName\":\"Plain\"}");
        assertThat(plain.get("source").asString()).isEqualTo("API");

        assertThat(api.get("/api/v1/leads/" + id, admin).json().get("email").asString()).isEqualTo("ada@analytical.example");

        // versions as for contacts: none → 428, stale body version → 409, stale If-Match → 412
        assertProblem(api.patch("/api/v1/leads/" + id, admin, "{\"status\":\"WORKING\"}"), 428);
        Api.Response changed = api.patch("/api/v1/leads/" + id, admin, "{\"status\":\"working\",\"version\":0}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("status").asString()).isEqualTo("WORKING");
        assertThat(changed.json().get("version").asInt()).isEqualTo(1);
        assertProblem(api.patch("/api/v1/leads/" + id, admin, "{\"status\":\"QUALIFIED\",\"version\":0}"), 409);
        assertProblem(api.send("PATCH", "/api/v1/leads/" + id, admin, "{\"status\":\"QUALIFIED\"}", Map.of("If-Match", "\"0\"")), 412);
        Api.Response qualified = api.send("PATCH", "/api/v1/leads/" + id, admin, "{\"status\":\"QUALIFIED\"}", Map.of("If-Match", "\"1\""));
        assertThat(qualified.status()).as(qualified.body()).isEqualTo(200);
        assertInvalid(api.patch("/api/v1/leads/" + id, admin, "{\"status\":\"CONVERTED\",\"version\":2}"), "status");

        long audits = jdbc.sql("select count(*) from audit_log where entity_type = 'LEAD' and entity_id = :id").param("id", id)
                .query(Long.class).single();
        assertThat(audits).isEqualTo(3);  // create + two updates

        assertThat(api.delete("/api/v1/leads/" + id, admin).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/leads/" + id, admin), 404);
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'LEAD' and entity_id = :id and action = 'DELETE'")
                .param("id", id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void listsWithFiltersAndPagesByCursor() {
        String campaign = Api.unique("list");
        for (int i = 0; i < 5; i++) {
            leads.lead(admin, Map.of("lastName", "Lister" + i, "campaign", campaign, "country", i % 2 == 0 ? "DE" : "FR",
                    "source", "Webinar"));
        }
        assertThat(fx.allIds("/api/v1/leads?limit=2&campaign=" + enc(campaign), admin)).hasSize(5).doesNotHaveDuplicates();
        assertThat(ApiFixtures.ids(api.get("/api/v1/leads?campaign=" + enc(campaign) + "&country=DE", admin))).hasSize(3);
        JsonNode page = api.get("/api/v1/leads?campaign=" + enc(campaign) + "&sort=name&q=lister3", admin).json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("lastName").asString()).isEqualTo("Lister3");
        assertThat(ApiFixtures.ids(api.get("/api/v1/leads?campaign=" + enc(campaign) + "&status=NEW,WORKING&source=webinar", admin))).hasSize(5);
        assertInvalid(api.get("/api/v1/leads?status=HOT", admin), "status");
        assertInvalid(api.get("/api/v1/leads?sort=color", admin), "sort");
        assertInvalid(api.get("/api/v1/leads?limit=0", admin), "limit");
        assertInvalid(api.get("/api/v1/leads?minScore=lots", admin), "minScore");
    }

    @Test
    void refusesBadInputWithProblemsNamingTheFieldAndWritesNothing() {
        long before = jdbc.sql("select count(*) from leads").query(Long.class).single();
        assertInvalid(api.post("/api/v1/leads", admin, "{\"firstName\":\"No last name\"}"), "lastName");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"X\",\"email\":\"not-an-address\"}"), "email");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"X\",\"companySize\":-3}"), "companySize");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"X\",\"country\":\"Germany\"}"), "country");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"X\",\"favouriteColour\":\"blue\"}"), "favouriteColour");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"X\",\"ownerId\":987654321}"), "ownerId");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"" + "x".repeat(101) + "\"}"), "lastName");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"X\",\"notes\":\"" + "n".repeat(10_001) + "\"}"), "notes");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"X\",\"company\":\"" + "c".repeat(201) + "\"}"), "company");
        assertInvalid(api.post("/api/v1/leads", admin, "{\"lastName\":\"bad\\u0000nul\"}"), "lastName");
        assertProblem(api.post("/api/v1/leads", admin, "{\"lastName\": \"X\""), 400);
        assertProblem(api.post("/api/v1/leads", admin, "[1,2]"), 400);
        assertProblem(api.post("/api/v1/leads", admin, "{\"lastName\":\"" + "x".repeat(1_100_000) + "\"}"), 413);
        assertThat(jdbc.sql("select count(*) from leads").query(Long.class).single()).isEqualTo(before);

        assertProblem(api.get("/api/v1/leads/999999999", admin), 404);
        assertProblem(api.patch("/api/v1/leads/999999999", admin, "{\"version\":0}"), 404);
        assertProblem(api.delete("/api/v1/leads/999999999", admin), 404);
        assertProblem(api.post("/api/v1/leads/999999999/events", admin, "{\"type\":\"page_visit\"}"), 404);
        assertProblem(api.send("PUT", "/api/v1/leads/999999999/needs-assessment", admin, "{}", Map.of()), 404);
        assertProblem(api.post("/api/v1/leads/999999999/convert", admin, "{}"), 404);
        assertProblem(api.get("/api/v1/leads/abc", admin), 400);
    }

    @Test
    void recordsBehaviourEventsAndRefusesBadOnes() {
        long id = leads.leadOwnedBy(null, "Eventful");
        Api.Response visit = api.post("/api/v1/leads/" + id + "/events", admin,
                "{\"type\":\"page_visit\",\"url\":\"https://example.com/pricing\",\"occurredAt\":\"2026-11-01T10:00:00Z\"}");
        assertThat(visit.status()).as(visit.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"email_open\"}").status()).isEqualTo(201);
        JsonNode events = api.get("/api/v1/leads/" + id + "/events", admin).json();
        assertThat(events).hasSize(2);
        assertThat(api.get("/api/v1/leads/" + id, admin).json().get("lastActivityAt").isNull()).isFalse();

        assertInvalid(api.post("/api/v1/leads/" + id + "/events", admin, "{\"url\":\"https://x\"}"), "type");
        assertInvalid(api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"Page Visit!\"}"), "type");
        assertInvalid(api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"page_visit\",\"occurredAt\":\"yesterday\"}"), "occurredAt");
        assertInvalid(api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"page_visit\",\"occurredAt\":\"2099-01-01T00:00:00Z\"}"), "occurredAt");
        assertInvalid(api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"page_visit\",\"url\":\"" + "u".repeat(2001) + "\"}"), "url");
        assertProblem(api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":"), 400);
        assertThat(api.get("/api/v1/leads/" + id + "/events", admin).json()).hasSize(2);
    }

    @Test
    void keepsANeedsAssessmentOnTheLead() {
        long id = leads.leadOwnedBy(null, "Needy");
        assertThat(api.get("/api/v1/leads/" + id + "/needs-assessment", admin).json().get("pains").isNull()).isTrue();
        Api.Response put = api.send("PUT", "/api/v1/leads/" + id + "/needs-assessment", admin, """
                {"pains":"Manual follow-ups","goals":"One pipeline","budget":25000.50,"budgetCurrency":"eur",
                 "authority":"CFO signs","decisionTimeline":"Q2"}""", Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode needs = api.get("/api/v1/leads/" + id + "/needs-assessment", admin).json();
        assertThat(needs.get("budgetCurrency").asString()).isEqualTo("EUR");
        assertThat(needs.get("budget").decimalValue()).isEqualByComparingTo("25000.50");
        assertThat(needs.get("authority").asString()).isEqualTo("CFO signs");

        assertInvalid(api.send("PUT", "/api/v1/leads/" + id + "/needs-assessment", admin, "{\"budget\":-1,\"budgetCurrency\":\"EUR\"}", Map.of()), "budget");
        assertInvalid(api.send("PUT", "/api/v1/leads/" + id + "/needs-assessment", admin, "{\"budget\":10,\"budgetCurrency\":\"XYZ\"}", Map.of()), "budgetCurrency");
        assertInvalid(api.send("PUT", "/api/v1/leads/" + id + "/needs-assessment", admin, "{\"budget\":10}", Map.of()), "budgetCurrency");
        assertInvalid(api.send("PUT", "/api/v1/leads/" + id + "/needs-assessment", admin, "{\"pains\":\"" + "p".repeat(4001) + "\"}", Map.of()), "pains");
        assertInvalid(api.send("PUT", "/api/v1/leads/" + id + "/needs-assessment", admin, "{\"mood\":\"good\"}", Map.of()), "mood");
        assertThat(api.get("/api/v1/leads/" + id + "/needs-assessment", admin).json().get("authority").asString()).isEqualTo("CFO signs");
    }

    @Test
    void anIdempotencyKeyMakesARetriedCreateOneLead() {
        String key = Api.unique("idem");
        String campaign = Api.unique("idem");
        String body = "{\"lastName\":\"Once\",\"campaign\":\"" + campaign + "\"}";
        Api.Response first = api.send("POST", "/api/v1/leads", admin, body, Map.of("Idempotency-Key", key));
        Api.Response again = api.send("POST", "/api/v1/leads", admin, body, Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(ApiFixtures.ids(api.get("/api/v1/leads?campaign=" + enc(campaign), admin))).hasSize(1);
    }
}
