package io.rapport.commerce;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class OrderApiTest {

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    CommerceFixtures shop;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        shop = new CommerceFixtures(api, admin);
    }

    @Test
    void recordsAnOrderPricedFromTheCatalogueWithItsTotalAndTheContactsAccount() {
        long account = fx.account(Api.unique("Buyer Co"), "orders", null).get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Buyer\",\"accountId\":%d}".formatted(account)).get("id").asLong();
        JsonNode pro = shop.product("Pro", null, null, "49.00", "55.00");
        JsonNode addon = shop.product("Add-on");
        Api.Response r = shop.order(admin, contact, "usd", """
                {"sku":"%s","quantity":2},{"productId":%d,"quantity":3,"unitPrice":"1.50"}"""
                .formatted(pro.get("sku").asString(), addon.get("id").asLong()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode order = r.json();
        assertThat(order.get("currency").asString()).isEqualTo("USD");
        assertThat(order.get("total").decimalValue()).isEqualByComparingTo("114.50");
        assertThat(order.get("accountId").asLong()).isEqualTo(account);
        assertThat(order.get("lines").get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("55.00");
        assertThat(order.get("lines").get(1).get("lineTotal").decimalValue()).isEqualByComparingTo("4.50");
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/orders/" + order.get("id").asLong());

        JsonNode fetched = api.get("/api/v1/orders/" + order.get("id").asLong(), admin).json();
        assertThat(fetched.get("lines").size()).isEqualTo(2);
        assertThat(fetched.get("contactName").asString()).isEqualTo("Buyer");
    }

    @Test
    void listFiltersByContactAccountDateRangeAndStatus() {
        long account = fx.account(Api.unique("Filter Co"), "orders", null).get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Filter\",\"accountId\":%d}".formatted(account)).get("id").asLong();
        long other = fx.contact(admin, "{\"lastName\":\"Other\"}").get("id").asLong();
        long product = shop.product("Thing").get("id").asLong();
        long march = post(contact, "2026-03-01T10:00:00Z", "PAID", product);
        long april = post(contact, "2026-04-15T10:00:00Z", "SHIPPED", product);
        long otherOrder = post(other, "2026-03-02T10:00:00Z", "PAID", product);

        assertThat(ids("/api/v1/orders?contact=" + contact)).containsExactly(april, march);
        assertThat(ids("/api/v1/orders?account=" + account)).containsExactly(april, march);
        assertThat(ids("/api/v1/orders?contact=" + contact + "&from=2026-04-01")).containsExactly(april);
        assertThat(ids("/api/v1/orders?contact=" + contact + "&to=2026-03-01")).containsExactly(march);
        assertThat(ids("/api/v1/orders?contact=" + contact + "&status=paid")).containsExactly(march);
        assertThat(ids("/api/v1/orders?contact=" + other)).containsExactly(otherOrder);
        assertThat(ids("/api/v1/orders?contact=" + contact + "&limit=1")).containsExactly(april);
        String cursor = api.get("/api/v1/orders?contact=" + contact + "&limit=1", admin).json().get("nextCursor").asString();
        assertThat(ids("/api/v1/orders?contact=" + contact + "&limit=1&cursor=" + cursor)).containsExactly(march);

        assertInvalid(api.get("/api/v1/orders?status=LOST", admin), "status");
        assertInvalid(api.get("/api/v1/orders?from=yesterday", admin), "from");
        assertInvalid(api.get("/api/v1/orders?from=2026-05-01&to=2026-04-01", admin), "to");
    }

    @Test
    void changesTheStatusWithAVersionAndAudits() {
        long contact = fx.contact(admin, "{\"lastName\":\"Status\"}").get("id").asLong();
        long id = shop.order(contact, shop.product("Boxed").get("id").asLong(), 1).get("id").asLong();
        assertProblem(api.patch("/api/v1/orders/" + id, admin, "{\"status\":\"SHIPPED\"}"), 428);
        assertProblem(api.patch("/api/v1/orders/" + id, admin, "{\"status\":\"SHIPPED\",\"version\":3}"), 409);
        assertProblem(api.send("PATCH", "/api/v1/orders/" + id, admin, "{\"status\":\"SHIPPED\"}", Map.of("If-Match", "\"3\"")), 412);
        assertInvalid(api.patch("/api/v1/orders/" + id, admin, "{\"status\":\"LOST\",\"version\":0}"), "status");
        assertInvalid(api.patch("/api/v1/orders/" + id, admin, "{\"total\":1,\"version\":0}"), "total");
        Api.Response ok = api.patch("/api/v1/orders/" + id, admin, "{\"status\":\"shipped\",\"version\":0}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("status").asString()).isEqualTo("SHIPPED");
        assertThat(ok.json().get("version").asInt()).isEqualTo(1);
        assertProblem(api.patch("/api/v1/orders/999999999", admin, "{\"status\":\"PAID\",\"version\":0}"), 404);
    }

    @Test
    void badInputIsRejectedNamingTheFieldAndWritesNothing() {
        long contact = fx.contact(admin, "{\"lastName\":\"Bad\"}").get("id").asLong();
        JsonNode product = shop.product("Euro only");
        long pid = product.get("id").asLong();
        String sku = product.get("sku").asString();

        JsonNode unknownId = assertInvalid(shop.order(admin, contact, "EUR", "{\"productId\":987654321,\"quantity\":1}"), "lines[0].productId");
        assertThat(unknownId.get("detail").asString()).contains("987654321");
        JsonNode unknownSku = assertInvalid(shop.order(admin, contact, "EUR",
                "{\"productId\":%d,\"quantity\":1},{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}".formatted(pid)), "lines[1].sku");
        assertThat(unknownSku.get("detail").asString()).contains("NO-SUCH-SKU");
        JsonNode noPrice = assertInvalid(shop.order(admin, contact, "GBP", "{\"sku\":\"%s\",\"quantity\":1}".formatted(sku)), "lines[0].unitPrice");
        assertThat(noPrice.get("detail").asString()).contains(sku).contains("GBP");
        assertInvalid(shop.order(admin, contact, "EUR", "{\"productId\":%d,\"quantity\":-2}".formatted(pid)), "lines[0].quantity");
        assertInvalid(shop.order(admin, contact, "EUR", "{\"productId\":%d,\"quantity\":0}".formatted(pid)), "lines[0].quantity");
        assertInvalid(shop.order(admin, contact, "EUR", "{\"productId\":%d,\"quantity\":1,\"unitPrice\":-5}".formatted(pid)), "lines[0].unitPrice");
        assertInvalid(shop.order(admin, contact, "EUR", "{\"productId\":%d,\"quantity\":1,\"unitPrice\":\"abc\"}".formatted(pid)), "lines[0].unitPrice");
        assertInvalid(shop.order(admin, contact, "XYZ", "{\"productId\":%d,\"quantity\":1,\"unitPrice\":5}".formatted(pid)), "currency");
        assertInvalid(shop.order(admin, contact, "EURO", "{\"productId\":%d,\"quantity\":1,\"unitPrice\":5}".formatted(pid)), "currency");
        assertInvalid(shop.order(admin, contact, "EUR", ""), "lines");
        assertInvalid(shop.order(admin, 987654321L, "EUR", "{\"productId\":%d,\"quantity\":1}".formatted(pid)), "contactId");
        assertInvalid(api.post("/api/v1/orders", admin, """
                {"number":"%s","currency":"EUR","lines":[{"productId":%d,"quantity":1}]}""".formatted(Api.unique("SO"), pid)), "contactId");
        assertInvalid(api.post("/api/v1/orders", admin, """
                {"number":"%s","accountId":987654321,"currency":"EUR","lines":[{"productId":%d,"quantity":1}]}""".formatted(Api.unique("SO"), pid)), "accountId");
        assertInvalid(api.post("/api/v1/orders", admin, """
                {"contactId":%d,"currency":"EUR","status":"LOST","channel":"FAX","orderedAt":"yesterday","lines":[{"productId":%d,"quantity":1}]}"""
                .formatted(contact, pid)), "number", "status", "channel", "orderedAt");
        assertProblem(api.send("POST", "/api/v1/orders", admin, "[1,2]", Map.of()), 400);

        assertThat(api.get("/api/v1/orders?contact=" + contact, admin).json().get("items").size()).isZero();
        assertThat(api.get("/api/v1/contacts/" + contact, admin).json().get("lifecycleStage").asString()).isEqualTo("LEAD");
    }

    @Test
    void aDuplicateOrderNumberIsAConflict() {
        long contact = fx.contact(admin, "{\"lastName\":\"Dup\"}").get("id").asLong();
        long pid = shop.product("Dup").get("id").asLong();
        String body = """
                {"number":"%s","contactId":%d,"currency":"EUR","lines":[{"productId":%d,"quantity":1}]}""".formatted(Api.unique("SO"), contact, pid);
        assertThat(api.post("/api/v1/orders", admin, body).status()).isEqualTo(201);
        JsonNode problem = assertProblem(api.post("/api/v1/orders", admin, body), 409);
        assertThat(problem.get("detail").asString()).contains("already exists");
    }

    @Test
    void aFirstOrderMakesALeadOrProspectACustomerButLeavesLaterStagesAlone() {
        long product = shop.product("First").get("id").asLong();
        long lead = fx.contact(admin, "{\"lastName\":\"Lead\"}").get("id").asLong();
        long prospect = fx.contact(admin, "{\"lastName\":\"Prospect\",\"lifecycleStage\":\"PROSPECT\"}").get("id").asLong();
        long client = fx.contact(admin, "{\"lastName\":\"Client\",\"lifecycleStage\":\"CLIENT\"}").get("id").asLong();
        for (long c : new long[] {lead, prospect, client}) shop.order(c, product, 1);
        assertThat(stage(lead)).isEqualTo("CUSTOMER");
        assertThat(stage(prospect)).isEqualTo("CUSTOMER");
        assertThat(stage(client)).isEqualTo("CLIENT");
    }

    @Test
    void anOrderIsATouchpointOnTheContactsTimeline() {
        long contact = fx.contact(admin, "{\"lastName\":\"Timeline\"}").get("id").asLong();
        JsonNode order = shop.order(contact, shop.product("Shown").get("id").asLong(), 2);
        JsonNode items = api.get("/api/v1/activities?contact=" + contact, admin).json().get("items");
        assertThat(items.size()).isEqualTo(1);
        JsonNode t = items.get(0);
        assertThat(t.get("type").asString()).isEqualTo("TOUCHPOINT");
        assertThat(t.get("channel").asString()).isEqualTo("ORDER");
        assertThat(t.get("journeyStage").asString()).isEqualTo("PURCHASE");
        assertThat(t.get("source").asString()).isEqualTo("order");
        assertThat(t.get("subject").asString()).contains(order.get("number").asString());
        assertThat(t.get("occurredAt").asString()).isEqualTo("2026-03-01T10:00:00Z");
    }

    @Test
    void everyRoleReadsWhatItSeesAndReadOnlyCannotWrite() {
        long team = fx.team();
        ApiFixtures.User owner = fx.user("SALES", team);
        ApiFixtures.User outsider = fx.user("SALES", null);
        long mine = fx.contact("Mine", "orders", owner.id()).get("id").asLong();
        long product = shop.product("Roles").get("id").asLong();
        long order = shop.order(mine, product, 1).get("id").asLong();
        for (String role : new String[] {"ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"}) {
            String token = role.equals("ADMIN") ? admin : role.equals("SALES") ? owner.token() : api.userToken(admin, role, null);
            boolean sees = !role.equals("AGENT");
            assertThat(api.get("/api/v1/orders/" + order, token).status()).as(role).isEqualTo(sees ? 200 : 404);
            if (sees) assertThat(ids(api.get("/api/v1/orders?contact=" + mine, token))).as(role).contains(order);
            else assertThat(ids(api.get("/api/v1/orders?contact=" + mine, token))).as(role).isEmpty();
            Api.Response created = shop.order(token, mine, "EUR", "{\"productId\":%d,\"quantity\":1}".formatted(product));
            int expected = role.equals("READ_ONLY") ? 403 : sees ? 201 : 400;
            assertThat(created.status()).as(role + " " + created.body()).isEqualTo(expected);
            Api.Response patched = api.patch("/api/v1/orders/" + order, token, "{\"status\":\"PAID\",\"version\":99}");
            assertThat(patched.status()).as(role).isEqualTo(role.equals("READ_ONLY") ? 403 : sees ? 409 : 404);
        }
        // a SALES user outside the owner's team: the order is not found, the contact cannot be ordered for
        assertProblem(api.get("/api/v1/orders/" + order, outsider.token()), 404);
        assertThat(ids(api.get("/api/v1/orders?contact=" + mine, outsider.token()))).isEmpty();
        assertInvalid(shop.order(outsider.token(), mine, "EUR", "{\"productId\":%d,\"quantity\":1}".formatted(product)), "contactId");
        assertProblem(api.patch("/api/v1/orders/" + order, outsider.token(), "{\"status\":\"PAID\",\"version\":0}"), 404);
        assertThat(api.get("/api/v1/orders/" + order, null).status()).isEqualTo(401);
    }

    @Test
    void ordersFollowAContactMergeAndGoBackOnUndo() {
        long product = shop.product("Merged").get("id").asLong();
        JsonNode survivor = fx.contact(admin, "{\"lastName\":\"Survivor\"}");
        JsonNode merged = fx.contact(admin, "{\"lastName\":\"Merged\"}");
        long order = shop.order(merged.get("id").asLong(), product, 1).get("id").asLong();
        long survivorId = survivor.get("id").asLong();
        long mergedId = merged.get("id").asLong();
        Api.Response m = api.post("/api/v1/contacts/" + survivorId + "/merge", admin, """
                {"otherId":%d,"version":%d,"otherVersion":%d}""".formatted(mergedId,
                api.get("/api/v1/contacts/" + survivorId, admin).json().get("version").asInt(),
                api.get("/api/v1/contacts/" + mergedId, admin).json().get("version").asInt()));
        assertThat(m.status()).as(m.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + order, admin).json().get("contactId").asLong()).isEqualTo(survivorId);
        Api.Response undo = api.post("/api/v1/contacts/merges/" + m.json().get("merge").get("id").asLong() + "/undo", admin, null);
        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + order, admin).json().get("contactId").asLong()).isEqualTo(mergedId);
    }

    @Test
    void ordersFollowAnAccountMergeAndGoBackOnUndo() {
        long product = shop.product("Account merged").get("id").asLong();
        long survivor = fx.account(Api.unique("Survivor Co"), "orders", null).get("id").asLong();
        long merged = fx.account(Api.unique("Merged Co"), "orders", null).get("id").asLong();
        Api.Response created = api.post("/api/v1/orders", admin, """
                {"number":"%s","accountId":%d,"currency":"EUR","lines":[{"productId":%d,"quantity":1}]}""".formatted(Api.unique("SO"), merged, product));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long order = created.json().get("id").asLong();
        Api.Response m = api.post("/api/v1/accounts/" + survivor + "/merge", admin, """
                {"otherId":%d,"version":0,"otherVersion":0}""".formatted(merged));
        assertThat(m.status()).as(m.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + order, admin).json().get("accountId").asLong()).isEqualTo(survivor);
        Api.Response undo = api.post("/api/v1/accounts/merges/" + m.json().get("merge").get("id").asLong() + "/undo", admin, null);
        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + order, admin).json().get("accountId").asLong()).isEqualTo(merged);
    }

    @Test
    void deletingAContactKeepsItsOrdersForTheRevenueHistory() {
        long contact = fx.contact(admin, "{\"lastName\":\"Leaving\"}").get("id").asLong();
        long order = shop.order(contact, shop.product("Kept").get("id").asLong(), 1).get("id").asLong();
        assertThat(api.delete("/api/v1/contacts/" + contact, admin).status()).isEqualTo(204);
        JsonNode kept = api.get("/api/v1/orders/" + order, admin).json();
        assertThat(kept.get("contactId").isNull()).isTrue();
        assertThat(kept.get("total").decimalValue()).isEqualByComparingTo("10.00");
    }

    private long post(long contact, String at, String status, long product) {
        Api.Response r = api.post("/api/v1/orders", admin, """
                {"number":"%s","contactId":%d,"orderedAt":"%s","status":"%s","currency":"EUR","lines":[{"productId":%d,"quantity":1}]}"""
                .formatted(Api.unique("SO"), contact, at, status, product));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private java.util.List<Long> ids(String path) {
        return ids(api.get(path, admin));
    }

    private static java.util.List<Long> ids(Api.Response r) {
        return ApiFixtures.ids(r);
    }

    private String stage(long contact) {
        return api.get("/api/v1/contacts/" + contact, admin).json().get("lifecycleStage").asString();
    }
}
