package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static io.rapport.support.ApiFixtures.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
class BadInputTest {

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

    private int countTagged(String path, String tag) {
        return api.get(path + "?tag=" + tag, admin).json().get("items").size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"lastName\": \"X\"", "{lastName: 'X'}", "not json", "{\"lastName\": \"X\"} trailing",
            "{\"lastName\": \"X\",}"})
    void rejectsMalformedJsonWith400(String body) {
        var p = assertProblem(api.post("/api/v1/contacts", admin, body), 400);
        assertThat(p.get("type").asString()).startsWith("https://rapport.io/problems/");
        assertProblem(api.post("/api/v1/accounts", admin, body), 400);
        long id = fx.contact("Malformed", "bad-json", null).get("id").asLong();
        assertProblem(api.patch("/api/v1/contacts/" + id, admin, body), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void rejectsBodiesThatAreNotObjects(String body) {
        assertProblem(api.post("/api/v1/contacts", admin, body), 400);
        assertProblem(api.post("/api/v1/accounts", admin, body), 400);
    }

    @Test
    void rejectsAMissingBody() {
        assertProblem(api.send("POST", "/api/v1/contacts", admin, null, Map.of("Content-Type", "application/json")), 400);
    }

    @Test
    void rejectsUnknownFieldsNamingThem() {
        String tag = Api.unique("unknown").toLowerCase();
        var r = api.post("/api/v1/contacts", admin, """
                {"lastName":"X","tags":["%s"],"favouriteColour":"blue","address":{"city":"Berlin","planet":"Earth"}}"""
                .formatted(tag));
        assertInvalid(r, "favouriteColour", "address.planet");
        assertThat(countTagged("/api/v1/contacts", tag)).isZero();

        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"Acme\",\"revenue\":5}"), "revenue");
        long id = fx.contact("Known", tag, null).get("id").asLong();
        assertInvalid(api.patch("/api/v1/contacts/" + id, admin, "{\"nickname\":\"x\",\"version\":0}"), "nickname");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"consent\":{\"emailMarketing\":true,\"by\":\"me\"}}"),
                "consent.by");
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        var r = api.post("/api/v1/contacts", admin, """
                {"firstName":"Ann","emails":["ann@example.com","not-an-email"],"phones":["12"],
                 "lifecycleStage":"ALIEN","preferredChannel":"PIGEON","language":"english!","address":{"country":"USA"}}""");
        assertInvalid(r, "lastName", "emails[1]", "phones[0]", "lifecycleStage", "preferredChannel", "language", "address.country");
    }

    @Test
    void rejectsInvalidEmailsAndPhonesNamingTheirIndex() {
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"emails\":[\"ann@@example\"]}"), "emails[0]");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"emails\":[\"a b@example.com\"]}"), "emails[0]");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"phones\":[\"call me\"]}"), "phones[0]");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"phones\":[\"+1 415 555 2671\",\"555\"]}"),
                "phones[1]");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"phones\":[12345]}"), "phones[0]");
    }

    @Test
    void normalisesPhonesToE164() {
        JsonNode c = fx.contact(admin, """
                {"lastName":"Phones","phones":["(415) 555-2671","+44 20 7946 0958","212.456.7890"]}""");
        assertThat(c.get("phones").toString()).isEqualTo("[\"+14155552671\",\"+442079460958\",\"+12124567890\"]");
        JsonNode de = fx.contact(admin, """
                {"lastName":"Berlin","phones":["030 1234567"],"address":{"country":"de"}}""");
        assertThat(de.get("phones").get(0).asString()).isEqualTo("+49301234567");
        assertThat(de.get("address").get("country").asString()).isEqualTo("DE");
        var same = fx.contact(admin, "{\"lastName\":\"Dup\",\"phones\":[\"(415) 555-2671\",\"+14155552671\"]}");
        assertThat(same.get("phones").size()).isEqualTo(1);
    }

    @Test
    void rejectsWrongTypesNamingTheField() {
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":5}"), "lastName");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"tags\":\"vip\"}"), "tags");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"tags\":[1]}"), "tags[0]");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"ownerId\":\"me\"}"), "ownerId");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"ownerId\":-1}"), "ownerId");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"accountId\":1.5}"), "accountId");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"address\":\"Main St\"}"), "address");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"consent\":{\"emailMarketing\":\"yes\"}}"),
                "consent.emailMarketing");
        long id = fx.contact("Typed", "typed", null).get("id").asLong();
        assertInvalid(api.patch("/api/v1/contacts/" + id, admin, "{\"jobTitle\":\"CTO\",\"version\":\"0\"}"), "version");
        assertInvalid(api.patch("/api/v1/contacts/" + id, admin, "{\"jobTitle\":\"CTO\",\"version\":99999999999}"), "version");
    }

    @Test
    void rejectsReferencesToRecordsThatDoNotExist() {
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"ownerId\":987654321}"), "ownerId");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"accountId\":987654321}"), "accountId");
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"X\",\"parentId\":987654321}"), "parentId");
    }

    @Test
    void rejectsValuesThatAreTooLong() {
        String tooLong = "x".repeat(101);
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"" + tooLong + "\"}"), "lastName");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"tags\":[\"" + "t".repeat(51) + "\"]}"), "tags[0]");
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"" + "n".repeat(201) + "\"}"), "name");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"address\":{\"postalCode\":\"" + "1".repeat(21) + "\"}}"),
                "address.postalCode");
    }

    @Test
    void rejectsTextContainingNulCharacters() {
        String tag = Api.unique("nul").toLowerCase();
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"Nul\\u0000l\",\"tags\":[\"" + tag + "\"]}"), "lastName");
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"tags\":[\"a\\u0000b\"]}"), "tags[0]");
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"A\\u0000B\"}"), "name");
        assertThat(countTagged("/api/v1/contacts", tag)).isZero();
        var search = api.get("/api/v1/contacts?q=" + enc("a\u0000b"), admin);
        assertThat(search.status()).as(search.body()).isIn(200, 400);
        var global = api.get("/api/v1/search?q=" + enc("a\u0000b"), admin);
        assertThat(global.status()).as(global.body()).isIn(200, 400);
    }

    @Test
    void rejectsInvalidAccounts() {
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"X\",\"domain\":\"not a domain\"}"), "domain");
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"X\",\"size\":\"huge\"}"), "size");
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"X\",\"tier\":\"DIAMOND\"}"), "tier");
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"domain\":\"acme.com\"}"), "name");
        JsonNode acme = api.post("/api/v1/accounts", admin, "{\"name\":\"Acme\",\"domain\":\"https://www.Acme.com/about\"}").json();
        assertThat(acme.get("domain").asString()).isEqualTo("acme.com");
    }

    @Test
    void anAccountCannotBecomeItsOwnAncestor() {
        String tag = Api.unique("tree").toLowerCase();
        JsonNode parent = fx.account("Parent", tag, null);
        JsonNode child = fx.account(admin, "{\"name\":\"Child\",\"parentId\":" + parent.get("id").asLong() + "}");
        long pid = parent.get("id").asLong();
        assertInvalid(api.patch("/api/v1/accounts/" + pid, admin, "{\"parentId\":" + pid + ",\"version\":0}"), "parentId");
        assertInvalid(api.patch("/api/v1/accounts/" + pid, admin,
                "{\"parentId\":" + child.get("id").asLong() + ",\"version\":0}"), "parentId");
        assertThat(api.get("/api/v1/accounts/" + pid, admin).json().get("parentId").isNull()).isTrue();
    }

    @Test
    void storesHtmlAndSqlExactlyAsGiven() {
        String script = "<script>alert(1)</script>";
        String sql = "Robert'); DROP TABLE contacts;--";
        String tag = Api.unique("xss").toLowerCase();
        Map<String, Object> body = Map.of("lastName", script, "firstName", sql, "jobTitle", "\"Boss\" & <b>co</b> \\ 💥",
                "tags", List.of(tag), "address", Map.of("city", "'; select pg_sleep(10); --"));
        var created = api.post("/api/v1/contacts", admin, Api.JSON.writeValueAsString(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        JsonNode read = api.get("/api/v1/contacts/" + id, admin).json();
        assertThat(read.get("lastName").asString()).isEqualTo(script);
        assertThat(read.get("firstName").asString()).isEqualTo(sql);
        assertThat(read.get("jobTitle").asString()).isEqualTo("\"Boss\" & <b>co</b> \\ 💥");
        assertThat(read.get("address").get("city").asString()).isEqualTo("'; select pg_sleep(10); --");

        var found = api.get("/api/v1/contacts?tag=" + tag + "&q=" + enc("drop table"), admin).json().get("items");
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).get("lastName").asString()).isEqualTo(script);
        assertThat(api.get("/api/v1/contacts?q=" + enc("' or 1=1 --"), admin).json().get("items").size()).isZero();
        assertThat(api.get("/api/v1/search?q=" + enc(sql), admin).status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from contacts where id = :id").param("id", id).query(Long.class).single()).isEqualTo(1);

        JsonNode account = fx.account(admin, Api.JSON.writeValueAsString(Map.of("name", script, "industry", sql)));
        assertThat(api.get("/api/v1/accounts/" + account.get("id").asLong(), admin).json().get("name").asString()).isEqualTo(script);
    }

    @Test
    void likeWildcardsInSearchesAreTakenLiterally() {
        String tag = Api.unique("wild").toLowerCase();
        fx.contact("Fifty%Off", tag, null);
        fx.contact("Under_Score", tag, null);
        fx.contact("Plain", tag, null);
        assertThat(api.get("/api/v1/contacts?tag=" + tag + "&q=" + enc("%"), admin).json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/contacts?tag=" + tag + "&q=" + enc("_"), admin).json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/contacts?tag=" + tag + "&q=" + enc("\\"), admin).json().get("items").size()).isZero();
    }

    @Test
    void refusesATenMegabyteBodyWith413() {
        String tag = Api.unique("huge").toLowerCase();
        String huge = "{\"lastName\":\"Huge\",\"tags\":[\"" + tag + "\"],\"jobTitle\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        var p = assertProblem(api.post("/api/v1/contacts", admin, huge), 413);
        assertThat(p.get("type").asString()).endsWith("payload-too-large");
        assertProblem(api.post("/api/v1/accounts", admin, huge), 413);
        assertProblem(api.post("/api/v1/users", admin, huge), 413);
        assertThat(countTagged("/api/v1/contacts", tag)).isZero();
    }

    @Test
    void refusesAnOversizedChunkedBodyWith413() throws Exception {
        String tag = Api.unique("chunk").toLowerCase();
        byte[] huge = ("{\"lastName\":\"Huge\",\"tags\":[\"" + tag + "\"],\"jobTitle\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/contacts"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertProblem(new Api.Response(r.statusCode(), r.body(), r.headers()), 413);
        assertThat(countTagged("/api/v1/contacts", tag)).isZero();
    }

    @Test
    void acceptsBodiesUpToTheLimit() {
        // 900 KB of JSON is fine size-wise; the field itself is then too long
        String body = "{\"lastName\":\"Big\",\"jobTitle\":\"" + "x".repeat(900 * 1024) + "\"}";
        assertInvalid(api.post("/api/v1/contacts", admin, body), "jobTitle");
    }

    @Test
    void rejectsBadPathAndQueryParameters() {
        assertInvalid(api.get("/api/v1/contacts/abc", admin), "id");
        assertInvalid(api.get("/api/v1/contacts/99999999999999999999999", admin), "id");
        assertInvalid(api.get("/api/v1/contacts?limit=abc", admin), "limit");
        assertInvalid(api.get("/api/v1/contacts?limit=0", admin), "limit");
        assertInvalid(api.get("/api/v1/contacts?limit=501", admin), "limit");
        assertInvalid(api.get("/api/v1/contacts?sort=shoeSize", admin), "sort");
        assertInvalid(api.get("/api/v1/contacts?stage=ALIEN", admin), "stage");
        assertInvalid(api.get("/api/v1/contacts?owner=someone", admin), "owner");
        assertInvalid(api.get("/api/v1/contacts?account=acme", admin), "account");
        assertInvalid(api.get("/api/v1/contacts?updatedSince=yesterday", admin), "updatedSince");
        assertInvalid(api.get("/api/v1/contacts?emailConsent=maybe", admin), "emailConsent");
        assertInvalid(api.get("/api/v1/accounts?parent=x", admin), "parent");
        assertInvalid(api.get("/api/v1/accounts?sort=stage", admin), "sort");
        assertInvalid(api.get("/api/v1/search?q=x&limit=51", admin), "limit");
        assertInvalid(api.get("/api/v1/search?q=" + "x".repeat(201), admin), "q");
        assertInvalid(api.get("/api/v1/search", admin), "q");
        assertInvalid(api.get("/api/v1/custom-fields?entity=PLANET", admin), "entity");
    }

    @Test
    void unknownRecordsAre404Problems() {
        var p = assertProblem(api.get("/api/v1/contacts/987654321", admin), 404);
        assertThat(p.get("type").asString()).endsWith("not-found");
        assertProblem(api.patch("/api/v1/contacts/987654321", admin, "{\"lastName\":\"X\",\"version\":0}"), 404);
        assertProblem(api.delete("/api/v1/contacts/987654321", admin), 404);
        assertProblem(api.get("/api/v1/accounts/987654321", admin), 404);
        assertProblem(api.delete("/api/v1/accounts/987654321", admin), 404);
        assertProblem(api.get("/api/v1/custom-fields/987654321", admin), 404);
        assertProblem(api.get("/api/v1/nothing-here", admin), 404);
    }

    @Test
    void wrongMethodsAndMediaTypesAreProblemsToo() {
        assertProblem(api.send("PUT", "/api/v1/contacts/1", admin, "{}", Map.of()), 405);
        var text = api.send("POST", "/api/v1/contacts", admin, null,
                Map.of("Content-Type", "text/plain"));
        assertThat(text.status()).isIn(400, 415);
        assertThat(text.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anInvalidUpdateChangesNothing() {
        JsonNode c = fx.contact(admin, "{\"lastName\":\"Stable\",\"jobTitle\":\"CTO\",\"emails\":[\"stable@example.com\"]}");
        long id = c.get("id").asLong();
        assertInvalid(api.patch("/api/v1/contacts/" + id, admin,
                "{\"jobTitle\":\"CEO\",\"emails\":[\"broken\"],\"version\":0}"), "emails[0]");
        JsonNode after = api.get("/api/v1/contacts/" + id, admin).json();
        assertThat(after.get("jobTitle").asString()).isEqualTo("CTO");
        assertThat(after.get("emails").get(0).asString()).isEqualTo("stable@example.com");
        assertThat(after.get("version").asInt()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'CONTACT' and entity_id = :id and action = 'UPDATE'")
                .param("id", id).query(Long.class).single()).isZero();
    }

    @Test
    void patchCanClearFieldsWithNullButNotTheRequiredName() {
        JsonNode c = fx.contact(admin, "{\"lastName\":\"Clear\",\"jobTitle\":\"CTO\"}");
        long id = c.get("id").asLong();
        var cleared = api.patch("/api/v1/contacts/" + id, admin, "{\"jobTitle\":null,\"version\":0}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("jobTitle").isNull()).isTrue();
        assertInvalid(api.patch("/api/v1/contacts/" + id, admin, "{\"lastName\":null,\"version\":1}"), "lastName");
        assertInvalid(api.patch("/api/v1/contacts/" + id, admin, "{\"lastName\":\"   \",\"version\":1}"), "lastName");
    }
}
