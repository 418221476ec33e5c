package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class CustomFieldApiTest {

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
    }

    static String key() {
        return "k_" + Api.unique("x").substring(2).replace("-", "");
    }

    private long define(String entity, String key, String type, String options) {
        var r = api.post("/api/v1/custom-fields", admin, """
                {"entity":"%s","key":"%s","label":"Label %s","type":"%s"%s}"""
                .formatted(entity, key, key, type, options == null ? "" : ",\"options\":" + options));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/custom-fields/" + r.json().get("id").asLong());
        return r.json().get("id").asLong();
    }

    /** One field of every type on contacts. */
    record Keys(String text, String number, String date, String select, String multi, String bool) {}

    private Keys everyType() {
        Keys k = new Keys(key(), key(), key(), key(), key(), key());
        define("CONTACT", k.text(), "TEXT", null);
        define("CONTACT", k.number(), "NUMBER", null);
        define("CONTACT", k.date(), "DATE", null);
        define("CONTACT", k.select(), "SELECT", "[\"bronze\",\"gold\"]");
        define("CONTACT", k.multi(), "MULTI_SELECT", "[\"a\",\"b\",\"c\"]");
        define("CONTACT", k.bool(), "BOOLEAN", null);
        return k;
    }

    private String values(Keys k, String tag) {
        return """
                {"lastName":"Custom","tags":["%s"],"customFields":{"%s":" hello world ","%s":42.5,"%s":"2024-02-29",
                 "%s":"gold","%s":["a","c","a"],"%s":true}}"""
                .formatted(tag, k.text(), k.number(), k.date(), k.select(), k.multi(), k.bool());
    }

    @Test
    void contactsStoreValuesOfEveryFieldType() {
        Keys k = everyType();
        JsonNode c = fx.contact(admin, values(k, "cf"));
        JsonNode cf = api.get("/api/v1/contacts/" + c.get("id").asLong(), admin).json().get("customFields");
        assertThat(cf.get(k.text()).asString()).isEqualTo("hello world");
        assertThat(cf.get(k.number()).decimalValue()).isEqualByComparingTo("42.5");
        assertThat(cf.get(k.date()).asString()).isEqualTo("2024-02-29");
        assertThat(cf.get(k.select()).asString()).isEqualTo("gold");
        assertThat(cf.get(k.multi()).toString()).isEqualTo("[\"a\",\"c\"]");
        assertThat(cf.get(k.bool()).asBoolean()).isTrue();

        List<String> listed = new ArrayList<>();
        api.get("/api/v1/custom-fields?entity=CONTACT", admin).json().get("items").forEach(f -> listed.add(f.get("key").asString()));
        assertThat(listed).contains(k.text(), k.number(), k.date(), k.select(), k.multi(), k.bool());
        List<String> accountFields = new ArrayList<>();
        api.get("/api/v1/custom-fields?entity=ACCOUNT", admin).json().get("items").forEach(f -> accountFields.add(f.get("key").asString()));
        assertThat(accountFields).doesNotContain(k.text());
    }

    /** Regression: the form fragment read {@code form[name]}, which SpEL takes as the literal key "name" of a map. */
    @Test
    void theEditFormAndTheListFilterShowTheStoredValues() {
        Keys k = everyType();
        long id = fx.contact(admin, values(k, "cfpage")).get("id").asLong();
        PageSession page = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        String edit = page.get("/contacts/" + id + "/edit").body();
        assertThat(edit).contains("name=\"cf." + k.text() + "\" value=\"hello world\"")
                .contains("name=\"cf." + k.date() + "\" value=\"2024-02-29\"")
                .contains("<option value=\"gold\" selected=\"selected\">")
                .contains("name=\"cf." + k.multi() + "\" value=\"c\" checked=\"checked\"")
                .doesNotContain("name=\"cf." + k.multi() + "\" value=\"b\" checked");
        String list = page.get("/contacts?cf." + k.text() + "=hello").body();
        assertThat(list).contains("name=\"cf." + k.text() + "\" value=\"hello\"");
    }

    @Test
    void rejectsUnknownKeysAndWrongValuesNamingTheField() {
        Keys k = everyType();
        String tag = Api.unique("cfbad").toLowerCase();
        String unknown = key();
        assertInvalid(api.post("/api/v1/contacts", admin, """
                {"lastName":"X","tags":["%s"],"customFields":{"%s":"x"}}""".formatted(tag, unknown)), "customFields." + unknown);
        String[][] wrong = {{k.text(), "5"}, {k.text(), "{\"a\":1}"}, {k.number(), "\"abc\""}, {k.number(), "true"},
                {k.date(), "\"2024-02-30\""}, {k.date(), "\"29.02.2024\""}, {k.date(), "20240229"},
                {k.select(), "\"platinum\""}, {k.select(), "[\"gold\"]"}, {k.multi(), "[\"z\"]"}, {k.multi(), "\"a\""},
                {k.bool(), "\"maybe\""}, {k.bool(), "1"}};
        for (String[] w : wrong) {
            var r = api.post("/api/v1/contacts", admin, """
                    {"lastName":"X","tags":["%s"],"customFields":{"%s":%s}}""".formatted(tag, w[0], w[1]));
            assertInvalid(r, "customFields." + w[0]);
        }
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"customFields\":[1]}"), "customFields");
        assertInvalid(api.post("/api/v1/contacts", admin, """
                {"lastName":"X","customFields":{"%s":"%s"}}""".formatted(k.text(), "t".repeat(1001))), "customFields." + k.text());
        assertInvalid(api.post("/api/v1/accounts", admin, """
                {"name":"X","customFields":{"%s":"contact field on an account"}}""".formatted(k.text())), "customFields." + k.text());
        assertThat(fx.allIds("/api/v1/contacts?tag=" + tag, admin)).isEmpty();
    }

    @Test
    void filtersListsByCustomFieldValues() {
        Keys k = everyType();
        String tag = Api.unique("cffilter").toLowerCase();
        long full = fx.contact(admin, values(k, tag)).get("id").asLong();
        long other = fx.contact(admin, """
                {"lastName":"Other","tags":["%s"],"customFields":{"%s":"goodbye","%s":7,"%s":"2023-01-01","%s":"bronze",
                 "%s":["b"],"%s":false}}""".formatted(tag, k.text(), k.number(), k.date(), k.select(), k.multi(), k.bool()))
                .get("id").asLong();
        long empty = fx.contact("Empty", tag, null).get("id").asLong();
        String base = "/api/v1/contacts?tag=" + tag + "&cf.";

        assertThat(fx.allIds(base + k.text() + "=WORLD", admin)).containsExactly(full);
        assertThat(fx.allIds(base + k.number() + "=42.50", admin)).containsExactly(full);
        assertThat(fx.allIds(base + k.number() + "=7", admin)).containsExactly(other);
        assertThat(fx.allIds(base + k.date() + "=2024-02-29", admin)).containsExactly(full);
        assertThat(fx.allIds(base + k.select() + "=bronze", admin)).containsExactly(other);
        assertThat(fx.allIds(base + k.multi() + "=a", admin)).containsExactly(full);
        assertThat(fx.allIds(base + k.multi() + "=b", admin)).containsExactly(other);
        assertThat(fx.allIds(base + k.bool() + "=true", admin)).containsExactly(full);
        assertThat(fx.allIds(base + k.bool() + "=false", admin)).containsExactly(other);
        assertThat(fx.allIds(base + k.text() + "=", admin)).containsExactly(empty);
        assertThat(fx.allIds(base + k.select() + "=gold&cf." + k.bool() + "=true", admin)).containsExactly(full);
        assertThat(fx.allIds(base + k.text() + "=" + ApiFixtures.enc("%"), admin)).isEmpty();

        String unknown = key();
        assertInvalid(api.get(base + unknown + "=x", admin), "cf." + unknown);
        assertInvalid(api.get(base + k.number() + "=many", admin), "cf." + k.number());
        assertInvalid(api.get(base + k.date() + "=someday", admin), "cf." + k.date());
    }

    @Test
    void patchMergesCustomValuesAndNullRemovesOne() {
        Keys k = everyType();
        JsonNode c = fx.contact(admin, values(k, "merge"));
        long id = c.get("id").asLong();
        var r = api.patch("/api/v1/contacts/" + id, admin, """
                {"customFields":{"%s":null,"%s":"bronze"},"version":0}""".formatted(k.text(), k.select()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode cf = r.json().get("customFields");
        assertThat(cf.has(k.text())).isFalse();
        assertThat(cf.get(k.select()).asString()).isEqualTo("bronze");
        assertThat(cf.get(k.bool()).asBoolean()).isTrue();
    }

    @Test
    void validatesDefinitions() {
        String k = key();
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"Bad Key\",\"label\":\"X\",\"type\":\"TEXT\"}"), "key");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"1abc\",\"label\":\"X\",\"type\":\"TEXT\"}"), "key");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + "a".repeat(41)
                + "\",\"label\":\"X\",\"type\":\"TEXT\"}"), "key");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + k + "\",\"type\":\"TEXT\"}"), "label");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + k + "\",\"label\":\"X\"}"), "type");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"key\":\"" + k + "\",\"label\":\"X\",\"type\":\"TEXT\"}"), "entity");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + k
                + "\",\"label\":\"X\",\"type\":\"COLOUR\"}"), "type");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"DEAL\",\"key\":\"" + k
                + "\",\"label\":\"X\",\"type\":\"TEXT\"}"), "entity");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + k
                + "\",\"label\":\"X\",\"type\":\"SELECT\"}"), "options");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + k
                + "\",\"label\":\"X\",\"type\":\"TEXT\",\"options\":[\"a\"]}"), "options");
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + k
                + "\",\"label\":\"X\",\"type\":\"TEXT\",\"searchable\":true}"), "searchable");
        assertProblem(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\","), 400);

        define("CONTACT", k, "TEXT", null);
        assertInvalid(api.post("/api/v1/custom-fields", admin, "{\"entity\":\"CONTACT\",\"key\":\"" + k
                + "\",\"label\":\"Again\",\"type\":\"NUMBER\"}"), "key");
        define("ACCOUNT", k, "NUMBER", null); // keys are per entity
    }

    @Test
    void changingADefinitionNeedsItsVersion() {
        String k = key();
        long id = define("CONTACT", k, "SELECT", "[\"x\"]");
        String path = "/api/v1/custom-fields/" + id;
        assertProblem(api.patch(path, admin, "{\"label\":\"New\"}"), 428);
        var ok = api.patch(path, admin, "{\"label\":\"New\",\"options\":[\"x\",\"y\"],\"version\":0}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("options").toString()).isEqualTo("[\"x\",\"y\"]");
        assertProblem(api.patch(path, admin, "{\"label\":\"Stale\",\"version\":0}"), 409);
        assertInvalid(api.patch(path, admin, "{\"label\":\" \",\"version\":1}"), "label");
        assertInvalid(api.patch(path, admin, "{\"type\":\"TEXT\",\"version\":1}"), "type");
        assertThat(api.get(path, admin).json().get("label").asString()).isEqualTo("New");
        fx.contact(admin, "{\"lastName\":\"Y\",\"customFields\":{\"" + k + "\":\"y\"}}");
    }

    @Test
    void removingAFieldRemovesItsStoredValues() {
        String k = key();
        long id = define("CONTACT", k, "TEXT", null);
        long contact = fx.contact(admin, "{\"lastName\":\"Keeps\",\"customFields\":{\"" + k + "\":\"v\"}}").get("id").asLong();
        assertThat(api.delete("/api/v1/custom-fields/" + id, admin).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/custom-fields/" + id, admin), 404);
        assertThat(api.get("/api/v1/contacts/" + contact, admin).json().get("customFields").has(k)).isFalse();
        assertInvalid(api.get("/api/v1/contacts?cf." + k + "=v", admin), "cf." + k);
        assertInvalid(api.post("/api/v1/contacts", admin, "{\"lastName\":\"X\",\"customFields\":{\"" + k + "\":\"v\"}}"),
                "customFields." + k);
    }

    @Test
    void requiredFieldsMustHaveAValue() {
        String k = key();
        var r = api.post("/api/v1/custom-fields", admin, """
                {"entity":"ACCOUNT","key":"%s","label":"Must","type":"NUMBER","required":true}""".formatted(k));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        try {
            assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"No value\"}"), "customFields." + k);
            JsonNode ok = fx.account(admin, "{\"name\":\"Valued\",\"customFields\":{\"" + k + "\":3}}");
            String path = "/api/v1/accounts/" + ok.get("id").asLong();
            assertInvalid(api.patch(path, admin, "{\"customFields\":{\"" + k + "\":null},\"version\":0}"), "customFields." + k);
            assertThat(api.get(path, admin).json().get("customFields").get(k).asInt()).isEqualTo(3);
        } finally {
            assertThat(api.delete("/api/v1/custom-fields/" + id, admin).status()).isEqualTo(204);
        }
        assertThat(api.post("/api/v1/accounts", admin, "{\"name\":\"Free again\"}").status()).isEqualTo(201);
    }

    @Test
    void accountsHaveCustomFieldsToo() {
        String k = key();
        define("ACCOUNT", k, "MULTI_SELECT", "[\"eu\",\"us\"]");
        String tag = Api.unique("acf").toLowerCase();
        long eu = fx.account(admin, "{\"name\":\"EU\",\"tags\":[\"" + tag + "\"],\"customFields\":{\"" + k + "\":[\"eu\"]}}")
                .get("id").asLong();
        fx.account(admin, "{\"name\":\"US\",\"tags\":[\"" + tag + "\"],\"customFields\":{\"" + k + "\":[\"us\"]}}");
        assertThat(fx.allIds("/api/v1/accounts?tag=" + tag + "&cf." + k + "=eu", admin)).containsExactly(eu);
        assertInvalid(api.post("/api/v1/accounts", admin, "{\"name\":\"X\",\"customFields\":{\"" + k + "\":[\"asia\"]}}"),
                "customFields." + k);
    }
}
