package io.rapport.sales;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static io.rapport.support.ApiFixtures.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Web forms from the outside: hosted page, script snippet, posts as a browser and as JSON, honeypot and rate limit. */
@IntegrationTest
class WebFormTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

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

    Api.Response postForm(String key, String urlEncoded, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/forms/" + key))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncoded));
        if (accept != null) b.header("Accept", accept);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body(), r.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long leadsOfForm(long formId) {
        return jdbc.sql("select count(*) from leads where web_form_id = :id").param("id", formId).query(Long.class).single();
    }

    @Test
    void servesTheHostedFormAndItsScriptWithoutSignIn() {
        JsonNode form = leads.standardForm(Api.unique("hosted"));
        String key = form.get("publicKey").asString();
        Api.Response page = api.get("/forms/" + key, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("name=\"lastName\"", "name=\"email\"", "name=\"consent\"", "I agree to receive news by e-mail.",
                "name=\"contact_me_by_fax\"");
        // embeddable in other sites' pages, unlike the app
        assertThat(page.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors *");

        Api.Response script = api.get("/forms/" + key + ".js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(script.body()).contains("iframe", "\"/forms/" + key + "\"");

        assertThat(api.get("/forms/unknown-key-0000000000", null).status()).isEqualTo(404);
        assertProblem(api.get("/forms/unknown-key-0000000000.js", null), 404);
        assertProblem(api.post("/forms/unknown-key-0000000000", null, "{\"lastName\":\"x\"}"), 404);
    }

    @Test
    void aBrowserPostCreatesALeadWithTheFormsSourceCampaignAndConsent() {
        String campaign = Api.unique("post");
        JsonNode form = leads.standardForm(campaign);
        String key = form.get("publicKey").asString();
        Api.Response thanks = postForm(key, "firstName=Grace&lastName=Hopper&email=grace%40navy.example&company=Navy&companySize=500"
                + "&consent=true&contact_me_by_fax=", "text/html");
        assertThat(thanks.status()).as(thanks.body()).isEqualTo(200);
        assertThat(thanks.body()).contains("Thanks, " + campaign + "!");

        JsonNode lead = api.get("/api/v1/leads?campaign=" + enc(campaign), admin).json().get("items").get(0);
        assertThat(lead.get("lastName").asString()).isEqualTo("Hopper");
        assertThat(lead.get("source").asString()).isEqualTo("Website");
        assertThat(lead.get("campaign").asString()).isEqualTo(campaign);
        assertThat(lead.get("companySize").asInt()).isEqualTo(500);
        assertThat(lead.get("emailConsent").asBoolean()).isTrue();
        assertThat(lead.get("emailConsentText").asString()).isEqualTo("I agree to receive news by e-mail.");
        assertThat(lead.get("emailConsentAt").isNull()).isFalse();
        assertThat(lead.get("webFormId").asLong()).isEqualTo(form.get("id").asLong());
        // the submit is the lead's first behaviour event
        assertThat(api.get("/api/v1/leads/" + lead.get("id").asLong() + "/events", admin).json().get(0).get("type").asString())
                .isEqualTo("form_submit");

        // without the consent box ticked: no consent
        Api.Response json = api.post("/forms/" + key, null, "{\"lastName\":\"Noconsent\",\"email\":\"nc@example.com\",\"companySize\":12}");
        assertThat(json.status()).as(json.body()).isEqualTo(201);
        assertThat(json.json().get("message").asString()).isEqualTo("Thanks, " + campaign + "!");
        JsonNode second = api.get("/api/v1/leads?campaign=" + enc(campaign) + "&q=noconsent", admin).json().get("items").get(0);
        assertThat(second.get("emailConsent").asBoolean()).isFalse();
        assertThat(second.get("emailConsentText").isNull()).isTrue();
    }

    @Test
    void refusesInvalidPostsNamingTheFieldAndWritesNothing() {
        JsonNode form = leads.standardForm(Api.unique("invalid"));
        String key = form.get("publicKey").asString();
        long formId = form.get("id").asLong();
        assertInvalid(api.post("/forms/" + key, null, "{\"lastName\":\"Only\"}"), "email");
        assertInvalid(api.post("/forms/" + key, null, "{\"lastName\":\"X\",\"email\":\"nope\"}"), "email");
        assertInvalid(api.post("/forms/" + key, null, "{\"lastName\":\"X\",\"email\":\"a@b.example\",\"phone\":\"123\"}"), "phone");
        assertInvalid(api.post("/forms/" + key, null, "{\"lastName\":\"X\",\"email\":\"a@b.example\",\"companySize\":\"many\"}"), "companySize");
        assertInvalid(api.post("/forms/" + key, null, "{\"lastName\":\"" + "x".repeat(101) + "\",\"email\":\"a@b.example\"}"), "lastName");
        assertInvalid(api.post("/forms/" + key, null, "{\"lastName\":{\"a\":1},\"email\":\"a@b.example\"}"), "lastName");
        assertProblem(api.post("/forms/" + key, null, "{\"lastName\":"), 400);
        assertProblem(api.post("/forms/" + key, null, "{\"lastName\":\"" + "x".repeat(70_000) + "\"}"), 413);
        // the hosted page shows its own errors next to the fields
        Api.Response page = postForm(key, "lastName=&email=", "text/html");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Please correct the marked fields", "required");
        assertThat(leadsOfForm(formId)).isZero();
    }

    @Test
    void aBotFillingTheHoneypotIsAnsweredAsUsualButNothingIsWritten() {
        JsonNode form = leads.standardForm(Api.unique("honeypot"));
        String key = form.get("publicKey").asString();
        long formId = form.get("id").asLong();

        Api.Response html = postForm(key, "lastName=Bot&email=bot%40spam.example&contact_me_by_fax=call+me", "text/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("Thanks, ");
        Api.Response json = api.post("/forms/" + key, null, "{\"lastName\":\"Bot\",\"email\":\"bot@spam.example\",\"contact_me_by_fax\":\"1\"}");
        assertThat(json.status()).isEqualTo(201);

        assertThat(leadsOfForm(formId)).isZero();
        assertThat(jdbc.sql("select count(*) from leads where email = 'bot@spam.example'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from lead_events e join leads l on l.id = e.lead_id where l.web_form_id = :id")
                .param("id", formId).query(Long.class).single()).isZero();
        // the bot's posts still count towards the address's rate limit
        assertThat(jdbc.sql("select count(*) from web_form_posts where form_id = :id").param("id", formId).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void aFloodOfConcurrentPostsFromOneAddressCreatesOnlyTheLimitAndTheRestGet429() throws Exception {
        JsonNode form = leads.standardForm(Api.unique("flood"));
        String key = form.get("publicKey").asString();
        long formId = form.get("id").asLong();
        List<Future<Api.Response>> sent = new ArrayList<>();
        // 20 times the limit from 16 threads: the count-then-insert must hold under concurrency. The window slides,
        // so the flood must end within its minute: 1,000 posts took over a minute on a loaded CI machine.
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                sent.add(pool.submit(() -> api.post("/forms/" + key, null,
                        "{\"lastName\":\"Flood%d\",\"email\":\"flood%d@example.com\"}".formatted(n, n))));
            }
        }
        int created = 0;
        int limited = 0;
        for (Future<Api.Response> f : sent) {
            Api.Response r = f.get();
            if (r.status() == 201) created++;
            else {
                assertProblem(r, 429);
                assertThat(r.json().get("detail").asString()).contains("at most 10");
                limited++;
            }
        }
        assertThat(created).isEqualTo(10);
        assertThat(limited).isEqualTo(190);
        assertThat(leadsOfForm(formId)).isEqualTo(10);
        // the limit is per form: another form from the same address still works
        String other = leads.standardForm(Api.unique("other")).get("publicKey").asString();
        assertThat(api.post("/forms/" + other, null, "{\"lastName\":\"Fine\",\"email\":\"fine@example.com\"}").status()).isEqualTo(201);
    }

    @Test
    void onlyAdminsBuildFormsAndBadDefinitionsAreRefused() {
        String campaign = Api.unique("admin");
        for (String role : List.of("MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            String token = fx.user(role, null).token();
            assertProblem(api.post("/api/v1/web-forms", token, "{\"name\":\"x\",\"fields\":[\"lastName\",\"email\"]}"), 403);
            assertProblem(api.get("/api/v1/web-forms", token), 403);
        }
        assertInvalid(api.post("/api/v1/web-forms", admin, "{\"fields\":[\"lastName\",\"email\"]}"), "name");
        assertInvalid(api.post("/api/v1/web-forms", admin, "{\"name\":\"x\",\"fields\":[\"email\"]}"), "fields");
        assertInvalid(api.post("/api/v1/web-forms", admin, "{\"name\":\"x\",\"fields\":[\"lastName\",\"email\",\"salary\"]}"), "fields[2]");
        assertInvalid(api.post("/api/v1/web-forms", admin, "{\"name\":\"x\",\"fields\":[\"lastName\",\"email\"],\"teamId\":987654321}"), "teamId");
        assertInvalid(api.post("/api/v1/web-forms", admin, "{\"name\":\"x\",\"fields\":[\"lastName\",\"email\"],\"consentText\":\"" + "c".repeat(1001) + "\"}"), "consentText");

        JsonNode form = leads.form("{\"name\":\"Simple\",\"fields\":[\"lastName\",\"email\"],\"campaign\":\"%s\"}".formatted(campaign));
        long id = form.get("id").asLong();
        Api.Response off = api.patch("/api/v1/web-forms/" + id, admin, "{\"active\":false,\"version\":0}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertProblem(api.post("/forms/" + form.get("publicKey").asString(), null, "{\"lastName\":\"x\",\"email\":\"x@example.com\"}"), 404);
        assertProblem(api.patch("/api/v1/web-forms/" + id, admin, "{\"active\":true,\"version\":0}"), 409);
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'WEB_FORM' and entity_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(api.delete("/api/v1/web-forms/" + id, admin).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/web-forms/" + id, admin), 404);
    }
}
