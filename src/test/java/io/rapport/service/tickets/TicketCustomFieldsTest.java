package io.rapport.service.tickets;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Ticket custom fields: defined on the shared custom-field admin API, checked on ticket writes, filtered, removed. */
@IntegrationTest
class TicketCustomFieldsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.rapport.service.intake.SupportForm supportForm;
    Api api;
    ApiFixtures fx;
    TicketFixtures tf;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        tf = new TicketFixtures(api, fx);
    }

    private JsonNode define(String json) {
        Api.Response r = api.post("/api/v1/custom-fields", fx.admin(), json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private long contact() {
        return fx.contact(Api.unique("Cf"), "tickets", null).get("id").asLong();
    }

    @Test
    void valuesAreCheckedAgainstTheDefinitionsStoredFilteredAndRemovedWithTheField() {
        String product = Api.unique("product").toLowerCase().replaceAll("[^a-z0-9_]", "_");
        String serial = Api.unique("serial").toLowerCase().replaceAll("[^a-z0-9_]", "_");
        long productId = define("{\"entity\":\"TICKET\",\"key\":\"" + product + "\",\"label\":\"Product\",\"type\":\"SELECT\","
                + "\"options\":[\"Router\",\"Modem\"]}").get("id").asLong();
        long serialId = define("{\"entity\":\"TICKET\",\"key\":\"" + serial + "\",\"label\":\"Serial\",\"type\":\"TEXT\"}").get("id").asLong();
        try {
            // an agent may not define fields; admins only
            var agent = fx.user("AGENT", null);
            assertProblem(api.post("/api/v1/custom-fields", agent.token(), "{\"entity\":\"TICKET\",\"key\":\"x1\",\"label\":\"X\",\"type\":\"TEXT\"}"), 403);
            assertThat(api.get("/api/v1/custom-fields?entity=TICKET", fx.admin()).body()).contains(product).contains(serial);

            long c = contact();
            // bad values: unknown option, wrong type, too long, unknown key — 400 naming each field, nothing written
            long before = jdbc.sql("select count(*) from tickets").query(Long.class).single();
            JsonNode problem = assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"s\",\"body\":\"b\",\"requesterId\":" + c
                    + ",\"custom\":{\"" + product + "\":\"Toaster\",\"" + serial + "\":42,\"nope\":1}}"),
                    "custom." + product, "custom." + serial, "custom.nope");
            assertThat(problem.toString()).contains("Router");
            assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"s\",\"body\":\"b\",\"requesterId\":" + c
                    + ",\"custom\":{\"" + serial + "\":\"" + "x".repeat(1001) + "\"}}"), "custom." + serial);
            assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"s\",\"body\":\"b\",\"requesterId\":" + c
                    + ",\"custom\":[1]}"), "custom");
            assertThat(jdbc.sql("select count(*) from tickets").query(Long.class).single()).isEqualTo(before);

            JsonNode t = tf.ticket(fx.admin(), "{\"subject\":\"s\",\"body\":\"b\",\"requesterId\":" + c
                    + ",\"custom\":{\"" + product + "\":\"Router\",\"" + serial + "\":\"  SN-1  \"}}");
            long id = t.get("id").asLong();
            assertThat(t.get("custom").get(product).asString()).isEqualTo("Router");
            assertThat(t.get("custom").get(serial).asString()).isEqualTo("SN-1");

            // PATCH: bad value → 400 and unchanged; a good one replaces; null removes
            assertInvalid(api.patch("/api/v1/tickets/" + id, fx.admin(), "{\"custom\":{\"" + product + "\":\"Fax\"},\"version\":"
                    + t.get("version").asInt() + "}"), "custom." + product);
            Api.Response ok = api.patch("/api/v1/tickets/" + id, fx.admin(), "{\"custom\":{\"" + product + "\":\"Modem\",\""
                    + serial + "\":null},\"version\":" + t.get("version").asInt() + "}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("custom").get(product).asString()).isEqualTo("Modem");
            assertThat(ok.json().get("custom").has(serial)).isFalse();

            // the queue filters on a value
            assertThat(ApiFixtures.ids(api.get("/api/v1/tickets?view=all&cf." + product + "=Modem&requester=" + c, fx.admin()))).containsExactly(id);
            assertThat(ApiFixtures.ids(api.get("/api/v1/tickets?view=all&cf." + product + "=Router&requester=" + c, fx.admin()))).isEmpty();
            assertInvalid(api.get("/api/v1/tickets?cf.Bad-Key=1", fx.admin()), "cf.Bad-Key");

            // the ticket page shows the card; saving it through the page checks like the API
            PageSession s = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
            var page = s.get("/tickets/" + id);
            assertThat(page.body()).contains("custom-fields-card").contains("cf." + product).contains("Modem");
            int version = tf.get(id).get("version").asInt();
            s.post("/tickets/" + id + "/custom", Map.of("cf." + product, "Router", "cf." + serial, "SN-9", "version", "" + version));
            JsonNode saved = tf.get(id);
            assertThat(saved.get("custom").get(product).asString()).isEqualTo("Router");
            assertThat(saved.get("custom").get(serial).asString()).isEqualTo("SN-9");
            s.post("/tickets/" + id + "/custom", Map.of("cf." + product, "Fax", "version", "" + saved.get("version").asInt()));
            assertThat(tf.get(id).get("custom").get(product).asString()).as("bad value refused").isEqualTo("Router");
            assertThat(s.get("/tickets?view=all&cf." + product + "=Router").body()).contains("/tickets/" + id);

            // removing the definition removes the stored values
            assertThat(api.delete("/api/v1/custom-fields/" + serialId, fx.admin()).status()).isEqualTo(204);
            assertThat(tf.get(id).get("custom").has(serial)).isFalse();
            assertThat(tf.get(id).get("custom").get(product).asString()).isEqualTo("Router");
        } finally {
            api.delete("/api/v1/custom-fields/" + productId, fx.admin());
            api.delete("/api/v1/custom-fields/" + serialId, fx.admin());
        }
    }

    @Test
    void requiredFieldsBindAgentsAndTheApiButNotChannelIntake() {
        String key = Api.unique("req").toLowerCase().replaceAll("[^a-z0-9_]", "_");
        long fieldId = define("{\"entity\":\"TICKET\",\"key\":\"" + key + "\",\"label\":\"Contract no\",\"type\":\"NUMBER\",\"required\":true}")
                .get("id").asLong();
        try {
            long c = contact();
            assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"s\",\"body\":\"b\",\"requesterId\":" + c + "}"), "custom." + key);
            assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"s\",\"body\":\"b\",\"requesterId\":" + c
                    + ",\"custom\":{\"" + key + "\":\"twelve\"}}"), "custom." + key);
            JsonNode t = tf.ticket(fx.admin(), "{\"subject\":\"s\",\"body\":\"b\",\"requesterId\":" + c + ",\"custom\":{\"" + key + "\":\"12\"}}");
            assertThat(t.get("custom").get(key).asInt()).isEqualTo(12);
            // a field change without custom values still works on a ticket that has them
            Api.Response p = api.patch("/api/v1/tickets/" + t.get("id").asLong(), fx.admin(), "{\"priority\":\"HIGH\",\"version\":"
                    + t.get("version").asInt() + "}");
            assertThat(p.status()).as(p.body()).isEqualTo(200);
            // the support form cannot ask for the field: its tickets are still taken in
            String email = Api.unique("form") + "@example.com";
            supportForm.submit(Map.of("name", "Form Person", "email", email, "subject", "Help", "message", "please"),
                    "10.28." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
            assertThat(jdbc.sql("select count(*) from tickets t join contacts c on c.id = t.requester_id where :e = any(c.emails)")
                    .param("e", email).query(Long.class).single()).isEqualTo(1);
        } finally {
            api.delete("/api/v1/custom-fields/" + fieldId, fx.admin());
        }
    }

    @Test
    void macrosSetCustomFieldsAndAutomationRulesTestAndSetThem() {
        String tier = Api.unique("tier").toLowerCase().replaceAll("[^a-z0-9_]", "_");
        String note = Api.unique("note").toLowerCase().replaceAll("[^a-z0-9_]", "_");
        long tierId = define("{\"entity\":\"TICKET\",\"key\":\"" + tier + "\",\"label\":\"Tier\",\"type\":\"SELECT\",\"options\":[\"A\",\"B\"]}")
                .get("id").asLong();
        long noteId = define("{\"entity\":\"TICKET\",\"key\":\"" + note + "\",\"label\":\"Escalation\",\"type\":\"TEXT\"}").get("id").asLong();
        Long ruleId = null;
        try {
            assertInvalid(api.post("/api/v1/macros", fx.admin(), "{\"name\":\"bad\",\"body\":\"x\",\"changes\":{\"custom\":{\"" + tier + "\":\"Z\"}}}"),
                    "changes.custom." + tier);
            Api.Response macro = api.post("/api/v1/macros", fx.admin(), "{\"name\":\"Tier A " + tier + "\",\"body\":\"\",\"changes\":{\"custom\":{\""
                    + tier + "\":\"A\"}}}");
            assertThat(macro.status()).as(macro.body()).isEqualTo(201);

            assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), "{\"name\":\"bad\",\"trigger\":\"UPDATED\",\"conditions\":[{\"field\":"
                    + "\"custom.nope\",\"op\":\"IS\",\"value\":\"A\"}],\"actions\":[{\"type\":\"SET_CUSTOM\",\"field\":\"" + tier + "\",\"value\":\"Z\"}]}"),
                    "conditions[0].field", "actions[0].value");
            Api.Response rule = api.post("/api/v1/automation-rules", fx.admin(), "{\"name\":\"Tier A escalates " + tier + "\",\"trigger\":\"UPDATED\","
                    + "\"conditions\":[{\"field\":\"custom." + tier + "\",\"op\":\"IS\",\"value\":\"A\"},{\"field\":\"custom." + note + "\",\"op\":\"IS_EMPTY\"}],"
                    + "\"actions\":[{\"type\":\"SET_CUSTOM\",\"field\":\"" + note + "\",\"value\":\"second line\"}]}");
            assertThat(rule.status()).as(rule.body()).isEqualTo(201);
            ruleId = rule.json().get("id").asLong();

            long id = tf.ticket("").get("id").asLong();
            Api.Response applied = api.post("/api/v1/tickets/" + id + "/macros/" + macro.json().get("id").asLong() + "/apply", fx.admin(), null);
            assertThat(applied.status()).as(applied.body()).isEqualTo(200);
            assertThat(tf.get(id).get("custom").get(tier).asString()).isEqualTo("A");
            // the macro's change is an update: the rule sees tier A and fills in the escalation field, once
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> tf.get(id).get("custom").has(note));
            assertThat(tf.get(id).get("custom").get(note).asString()).isEqualTo("second line");
            assertThat(api.get("/api/v1/tickets/" + id + "/automation-log", fx.admin()).body()).contains(note + " → second line");
            // a ticket of tier B is left alone
            long other = tf.ticket("\"custom\":{\"" + tier + "\":\"B\"},").get("id").asLong();
            JsonNode o = tf.get(other);
            api.patch("/api/v1/tickets/" + other, fx.admin(), "{\"priority\":\"HIGH\",\"version\":" + o.get("version").asInt() + "}");
            assertThat(jdbc.sql("select count(*) from automation_log where rule_id = :r and ticket_id = :t").param("r", ruleId).param("t", other)
                    .query(Long.class).single()).isZero();
        } finally {
            if (ruleId != null) {
                int v = api.get("/api/v1/automation-rules/" + ruleId, fx.admin()).json().get("version").asInt();
                api.patch("/api/v1/automation-rules/" + ruleId, fx.admin(), "{\"active\":false,\"version\":" + v + "}");
            }
            api.delete("/api/v1/custom-fields/" + tierId, fx.admin());
            api.delete("/api/v1/custom-fields/" + noteId, fx.admin());
        }
    }
}
