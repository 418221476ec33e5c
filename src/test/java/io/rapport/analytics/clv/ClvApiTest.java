package io.rapport.analytics.clv;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * CLV end to end: the CDNOW sample loaded through the normal order import reproduces the published BG/NBD and
 * Gamma-Gamma estimates; bad input, a non-converging fit, visibility and the contact's value.
 */
@IntegrationTest
class ClvApiTest {

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

    void loadCdnow() throws IOException {
        CdnowImport.load(api, admin, jdbc);
    }

    @Test
    void cdnowThroughTheOrderImportReproducesThePublishedEstimates() throws IOException {
        loadCdnow();
        Api.Response r = api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1997-09-30\", \"timeUnit\": \"WEEKS\", \"firstPurchaseFrom\": \"1997-01-01\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode fit = r.json();
        assertThat(fit.get("converged").asBoolean()).as(r.body()).isTrue();
        assertThat(fit.get("customers").asInt()).isEqualTo(2357);
        assertThat(fit.get("repeatCustomers").asInt()).isEqualTo(946);
        // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
        assertThat(fit.get("r").asDouble()).isCloseTo(0.243, within(0.005));
        assertThat(fit.get("alpha").asDouble()).isCloseTo(4.414, within(0.005));
        assertThat(fit.get("a").asDouble()).isCloseTo(0.793, within(0.005));
        assertThat(fit.get("b").asDouble()).isCloseTo(2.426, within(0.005));
        assertThat(fit.get("bgnbdLogLikelihood").asDouble()).isCloseTo(-9582.4, within(0.05));
        // Fader & Hardie (2013) Gamma-Gamma note: p = 6.25, q = 3.74, γ = 15.44
        assertThat(fit.get("p").asDouble()).isCloseTo(6.25, within(0.01));
        assertThat(fit.get("q").asDouble()).isCloseTo(3.74, within(0.01));
        assertThat(fit.get("gamma").asDouble()).isCloseTo(15.44, within(0.01));
        assertThat(fit.get("ggLogLikelihood").isNumber()).isTrue();
        assertThat(fit.get("parametersInForceFitId").asLong()).isEqualTo(fit.get("id").asLong());
        assertThat(fit.get("scored").asInt()).isEqualTo(2357);
        // the calibration chart: 1,411 customers without repeat purchases, and the model's count near it
        JsonNode zero = fit.get("calibration").get(0);
        assertThat(zero.get("actual").asLong()).isEqualTo(1411);
        assertThat(zero.get("expected").asDouble()).isCloseTo(1411, within(60.0));

        // every CDNOW customer was scored with this fit; the paper's customer (x=2, t_x=30.43, T=38.86) is customer 1 (master id 00004)
        long contact = jdbc.sql("select contact_id from customer_refs where ref = 'CDNOW-00004'").query(Long.class).single();
        JsonNode value = api.get("/api/v1/contacts/" + contact + "/clv", admin).json();
        assertThat(value.get("orders").asInt()).isEqualTo(3);
        assertThat(value.get("pAlive").asDouble()).isBetween(0.0, 1.0);
        assertThat(value.get("expectedPurchases").asDouble()).isGreaterThan(0);
        assertThat(value.get("predictedClv").decimalValue().signum()).isPositive();
        assertThat(value.get("fitId").asLong()).isEqualTo(fit.get("id").asLong());
        assertNoNaN(value);

        JsonNode summary = api.get("/api/v1/analytics/clv", admin).json();
        assertThat(summary.get("totals").get("customers").asLong()).isGreaterThanOrEqualTo(2357);
        assertThat(summary.get("topCustomers").size()).isEqualTo(10);
        long inBuckets = 0;
        for (JsonNode b : summary.get("distribution")) inBuckets += b.get("customers").asLong();
        assertThat(inBuckets).isEqualTo(summary.get("totals").get("customers").asLong());
        assertNoNaN(summary);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1997-09-30\", \"timeUnit\": \"MONTHS\"}"), "timeUnit");
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"30/09/1997\", \"timeUnit\": \"WEEKS\"}"), "asOf");
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1900-01-01\", \"timeUnit\": \"WEEKS\"}"), "asOf");
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"2999-01-01\"}"), "asOf");
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1997-09-30\", \"monthlyDiscount\": \"-1\"}"), "monthlyDiscount");
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1997-09-30\", \"horizonMonths\": 1.5}"), "horizonMonths");
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1997-09-30\", \"firstPurchaseFrom\": \"1998-01-01\"}"), "firstPurchaseFrom");
        assertInvalid(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1997-09-30\", \"firstPurchaseFrom\": \"Q1\"}"), "firstPurchaseFrom");
        assertInvalid(api.get("/api/v1/analytics/clv?from=yesterday", admin), "from");
        assertInvalid(api.get("/api/v1/analytics/clv?minPAlive=2", admin), "minPAlive");
        assertProblem(api.get("/api/v1/contacts/999999999/clv", admin), 404);
    }

    @Test
    void aFitThatDoesNotConvergeIsReportedAndThePreviousParametersStay() throws IOException {
        loadCdnow();
        JsonNode good = api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1997-09-30\", \"timeUnit\": \"WEEKS\", \"firstPurchaseFrom\": \"1997-01-01\"}").json();
        assertThat(good.get("converged").asBoolean()).isTrue();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long product = product();
        try {
            // five customers, one order each in 1990 and nothing else before 1990-06-30: no repeat purchase to learn from
            for (int i = 0; i < 5; i++) {
                long c = fx.contact("Degenerate" + i, tag, null).get("id").asLong();
                order(admin, "DEG-" + tag + "-" + i, c, "1990-0" + (i + 1) + "-10T10:00:00Z", "COMPLETED", product, 1).status();
            }
            Api.Response r = api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"1990-06-30\", \"timeUnit\": \"DAYS\", \"firstPurchaseFrom\": \"1990-01-01\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode failed = r.json();
            assertThat(failed.get("converged").asBoolean()).isFalse();
            assertThat(failed.get("status").asString()).isEqualTo("FAILED");
            assertThat(failed.get("message").asString()).contains("Gamma-Gamma");
            assertThat(failed.get("customers").asInt()).isEqualTo(5);
            assertThat(failed.get("parametersInForceFitId").asLong()).isEqualTo(good.get("id").asLong());
            assertThat(failed.get("scored").isNull()).isTrue();
            assertNoNaN(failed);
            // the scores are still those of the good fit
            assertThat(jdbc.sql("select count(*) from customer_values where fit_id is distinct from :id").param("id", good.get("id").asLong())
                    .query(Long.class).single()).isZero();
            JsonNode summary = api.get("/api/v1/analytics/clv", admin).json();
            assertThat(summary.get("fit").get("id").asLong()).isEqualTo(good.get("id").asLong());
            JsonNode fits = api.get("/api/v1/analytics/clv/fits?limit=5", admin).json();
            assertThat(fits.get(0).get("status").asString()).isEqualTo("FAILED");
        } finally {
            jdbc.sql("delete from orders where number like :n").param("n", "DEG-" + tag + "-%").update();
        }
    }

    @Test
    void oneOrderZeroOrdersAndRefundsGiveClearValuesWithoutNaN() throws IOException {
        loadCdnow();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long product = product();
        long one = fx.contact("OneOrder", tag, null).get("id").asLong();
        long none = fx.contact("NoOrders", tag, null).get("id").asLong();
        long refunded = fx.contact("Refunded", tag, null).get("id").asLong();
        long twice = fx.contact("SameDay", tag, null).get("id").asLong();
        assertThat(order(admin, "ONE-" + tag, one, "2026-01-05T10:00:00Z", "PAID", product, 2).status()).isEqualTo(201);
        assertThat(order(admin, "REF1-" + tag, refunded, "2026-01-05T10:00:00Z", "COMPLETED", product, 1).status()).isEqualTo(201);
        assertThat(order(admin, "REF2-" + tag, refunded, "2026-02-05T10:00:00Z", "REFUNDED", product, 5).status()).isEqualTo(201);
        assertThat(order(admin, "REF3-" + tag, refunded, "2026-03-05T10:00:00Z", "CANCELLED", product, 5).status()).isEqualTo(201);
        assertThat(order(admin, "DAY1-" + tag, twice, "2026-01-05T09:00:00Z", "SHIPPED", product, 1).status()).isEqualTo(201);
        assertThat(order(admin, "DAY2-" + tag, twice, "2026-01-05T17:00:00Z", "COMPLETED", product, 1).status()).isEqualTo(201);
        assertThat(order(admin, "DAY3-" + tag, twice, "2026-01-20T17:00:00Z", "PENDING", product, 1).status()).isEqualTo(201);
        // negative lines are refused by the orders API, so they never reach the model
        assertThat(order(admin, "NEG-" + tag, one, "2026-01-06T10:00:00Z", "PAID", product, -1).status()).isEqualTo(400);

        Api.Response r = api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"2026-06-30\", \"timeUnit\": \"DAYS\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertNoNaN(r.json());
        assertThat(r.json().get("converged").asBoolean()).as(r.body()).isTrue();

        JsonNode v1 = api.get("/api/v1/contacts/" + one + "/clv", admin).json();
        assertThat(v1.get("orders").asInt()).isEqualTo(1);
        assertThat(v1.get("historicRevenue").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(v1.get("historicMargin").decimalValue()).isEqualByComparingTo("6.00");
        assertThat(v1.get("pAlive").asDouble()).isEqualTo(1.0);
        assertThat(v1.get("predictedClv").decimalValue().signum()).isPositive();
        assertNoNaN(v1);

        JsonNode v0 = api.get("/api/v1/contacts/" + none + "/clv", admin).json();
        assertThat(v0.get("orders").asInt()).isZero();
        assertThat(v0.get("historicRevenue").decimalValue()).isEqualByComparingTo("0");
        assertThat(v0.get("predictedClv").isNull()).isTrue();
        assertThat(v0.get("note").asString()).contains("no counted orders");
        assertNoNaN(v0);

        JsonNode vr = api.get("/api/v1/contacts/" + refunded + "/clv", admin).json();
        assertThat(vr.get("orders").asInt()).as("refunded and cancelled orders do not count").isEqualTo(1);
        assertThat(vr.get("historicRevenue").decimalValue()).isEqualByComparingTo("10.00");

        // two orders on one day are one transaction; the pending order does not count
        int x = jdbc.sql("select count(*) - 1 from (select distinct (ordered_at at time zone 'UTC')::date from orders "
                + "where contact_id = :c and status in ('COMPLETED','PAID','SHIPPED')) d").param("c", twice).query(Integer.class).single();
        assertThat(x).isZero();
        JsonNode vt = api.get("/api/v1/contacts/" + twice + "/clv", admin).json();
        assertThat(vt.get("orders").asInt()).isEqualTo(2);
        assertThat(vt.get("pAlive").asDouble()).as("no repeat transaction: alive by the model").isEqualTo(1.0);

        // a period without customers: zeros, no NaN
        JsonNode empty = api.get("/api/v1/analytics/clv?from=1980-01-01&to=1980-12-31", admin).json();
        assertThat(empty.get("totals").get("customers").asLong()).isZero();
        assertThat(empty.get("distribution").size()).isZero();
        assertNoNaN(empty);
    }

    @Test
    void usersSeeTheValueOfContactsTheyMaySeeAndOnlyAdminsFit() throws IOException {
        loadCdnow();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ApiFixtures.User sales = fx.user("SALES", null);
        ApiFixtures.User manager = fx.user("MANAGER", null);
        long product = product();
        long mine = fx.contact("Mine", tag, sales.id()).get("id").asLong();
        long theirs = fx.contact("Theirs", tag, null).get("id").asLong();
        assertThat(order(admin, "MINE-" + tag, mine, "2026-01-05T10:00:00Z", "PAID", product, 3).status()).isEqualTo(201);
        assertThat(order(admin, "THEIRS-" + tag, theirs, "2026-01-05T10:00:00Z", "PAID", product, 3).status()).isEqualTo(201);
        assertProblem(api.post("/api/v1/analytics/clv/fit", sales.token(), "{\"asOf\": \"2026-06-30\"}"), 403);
        assertProblem(api.post("/api/v1/analytics/clv/fit", manager.token(), "{\"asOf\": \"2026-06-30\"}"), 403);
        assertThat(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\": \"2026-06-30\", \"timeUnit\": \"DAYS\"}").status()).isEqualTo(200);

        assertThat(api.get("/api/v1/contacts/" + mine + "/clv", sales.token()).json().get("historicRevenue").decimalValue())
                .isEqualByComparingTo("30.00");
        assertProblem(api.get("/api/v1/contacts/" + theirs + "/clv", sales.token()), 404);
        JsonNode own = api.get("/api/v1/analytics/clv", sales.token()).json();
        assertThat(own.get("totals").get("customers").asLong()).isEqualTo(1);
        assertThat(own.get("topCustomers").get(0).get("contactId").asLong()).isEqualTo(mine);
        JsonNode all = api.get("/api/v1/analytics/clv", manager.token()).json();
        assertThat(all.get("totals").get("customers").asLong()).isGreaterThan(2357);
        assertThat(api.get("/api/v1/contacts/" + theirs + "/clv", manager.token()).status()).isEqualTo(200);
    }

    private long product() {
        Api.Response r = api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"CLV test\",\"prices\":{\"EUR\":10.00}}"
                .formatted(Api.unique("CLV")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private Api.Response order(String token, String number, long contact, String at, String status, long product, int quantity) {
        return api.post("/api/v1/orders", token, """
                {"number":"%s","contactId":%d,"orderedAt":"%s","status":"%s","channel":"WEB","currency":"EUR",
                 "lines":[{"productId":%d,"quantity":%d}]}""".formatted(number, contact, at, status, product, quantity));
    }

    static void assertNoNaN(JsonNode node) {
        assertThat(node.toString()).doesNotContain("NaN").doesNotContain("Infinity");
    }
}
