package io.rapport.analytics.acquisition;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.analytics.clv.CdnowImport;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Spend entries (API, CSV, page), CAC per channel and CLV:CAC, empty periods, roles. */
@IntegrationTest
class AcquisitionApiTest {

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

    @Test
    void cacIsSpendOverNewCustomersAndClvToCacUsesTheirPredictedValue() throws IOException {
        CdnowImport.load(api, admin, jdbc);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String channel = "Podcasts " + tag;
        long product = product();
        // three new customers from the channel in 2019-03; "Old" bought first in February, so is not new in March
        long c1 = contact("A", channel);
        long c2 = contact("B", channel);
        long c3 = contact("C", channel);
        long old = contact("Old", channel);
        order("A-" + tag, c1, "2019-03-05T10:00:00Z", product, 2);
        order("A2-" + tag, c1, "2019-03-20T10:00:00Z", product, 1);
        order("B-" + tag, c2, "2019-03-10T10:00:00Z", product, 1);
        order("C-" + tag, c3, "2019-03-28T10:00:00Z", product, 4);
        order("O-" + tag, old, "2019-02-27T10:00:00Z", product, 1);
        order("O2-" + tag, old, "2019-03-02T10:00:00Z", product, 1);

        Api.Response created = api.post("/api/v1/analytics/spend", admin,
                "{\"month\":\"2019-03\",\"channel\":\"%s\",\"campaign\":\"Spring\",\"amount\":\"600.00\",\"currency\":\"EUR\"}"
                        .formatted(channel.toUpperCase()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("month").asString()).isEqualTo("2019-03");

        JsonNode report = api.get("/api/v1/analytics/cac?from=2019-03&to=2019-03", admin).json();
        JsonNode row = channelRow(report, channel);
        assertThat(row.get("newCustomers").asLong()).isEqualTo(3);
        assertThat(row.get("spend").decimalValue()).isEqualByComparingTo("600.00");
        assertThat(row.get("cac").decimalValue()).isEqualByComparingTo("200.00");
        assertThat(report.toString()).doesNotContain("NaN").doesNotContain("Infinity");

        assertThat(api.post("/api/v1/analytics/clv/fit", admin, "{\"asOf\":\"2019-12-31\",\"timeUnit\":\"WEEKS\"}").json()
                .get("converged").asBoolean()).isTrue();
        row = channelRow(api.get("/api/v1/analytics/cac?from=2019-03&to=2019-03", admin).json(), channel);
        double avg = jdbc.sql("select avg(predicted_clv) from customer_values where contact_id in (:ids)")
                .param("ids", List.of(c1, c2, c3)).query(Double.class).single();
        assertThat(avg).isPositive();
        assertThat(row.get("averagePredictedClv").asDouble()).isCloseTo(avg, within(0.01));
        assertThat(row.get("clvToCac").asDouble()).isCloseTo(avg / 200.0, within(0.001));

        Api.Response csv = api.get("/api/v1/analytics/cac.csv?from=2019-03&to=2019-03", admin);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("channel,spend,new_customers,cac").containsIgnoringCase("Podcasts " + tag).contains("\"Total\"");

        long id = created.json().get("id").asLong();
        assertThat(api.delete("/api/v1/analytics/spend/" + id, admin).status()).isEqualTo(204);
        assertProblem(api.delete("/api/v1/analytics/spend/" + id, admin), 404);
        row = channelRow(api.get("/api/v1/analytics/cac?from=2019-03&to=2019-03", admin).json(), channel);
        assertThat(row.get("spend").decimalValue()).isEqualByComparingTo("0");
        assertThat(row.get("cac").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void emptyPeriodsGiveEmptyResultsAndBadInputIsRefused() {
        JsonNode empty = api.get("/api/v1/analytics/cac?from=1970-01&to=1970-12", admin).json();
        assertThat(empty.get("channels").size()).isZero();
        assertThat(empty.get("total").get("cac").isNull()).isTrue();
        assertThat(empty.get("total").get("clvToCac").isNull()).isTrue();
        assertInvalid(api.get("/api/v1/analytics/cac?from=2020-13", admin), "from");
        assertInvalid(api.get("/api/v1/analytics/cac?from=2021-01&to=2020-01", admin), "from");
        assertInvalid(api.post("/api/v1/analytics/spend", admin, "{\"month\":\"2020-01\",\"channel\":\"\",\"amount\":\"-5\",\"currency\":\"XX\"}"),
                "channel", "amount", "currency");
        assertInvalid(api.post("/api/v1/analytics/spend", admin, "{\"month\":\"January\",\"channel\":\"Ads\",\"amount\":\"1.234\"}"), "month", "amount");
        assertProblem(api.post("/api/v1/analytics/spend", admin, "[1]"), 400);
    }

    @Test
    void csvImportIsAllOrNothingAndRolesAreChecked() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String good = "month,channel,campaign,amount,currency\n2018-01,Radio %1$s,Jan,100.00,EUR\n2018-02,Radio %1$s,,250,EUR\n".formatted(tag);
        Api.Response r = upload(admin, good);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("created").asInt()).isEqualTo(2);
        JsonNode list = api.get("/api/v1/analytics/spend?from=2018-01&to=2018-02&limit=500", admin).json();
        assertThat(list.get("items").findValuesAsString("channel")).contains("Radio " + tag);

        String bad = "month,channel,amount\n2018-03,TV %1$s,10\n2018-04,,abc\n".formatted(tag);
        assertInvalid(upload(admin, bad), "row 3: channel", "row 3: amount");
        assertThat(jdbc.sql("select count(*) from acquisition_spend where channel = :c").param("c", "TV " + tag).query(Long.class).single())
                .as("nothing of a bad file is written").isZero();
        assertInvalid(upload(admin, "when,where\n1,2\n"), "file");

        ApiFixtures.User sales = fx.user("SALES", null);
        ApiFixtures.User marketing = fx.user("MARKETING", null);
        ApiFixtures.User readOnly = fx.user("READ_ONLY", null);
        assertProblem(api.get("/api/v1/analytics/cac", sales.token()), 403);
        assertProblem(api.get("/api/v1/analytics/spend", sales.token()), 403);
        assertThat(api.get("/api/v1/analytics/cac", readOnly.token()).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/analytics/spend", readOnly.token(), "{\"month\":\"2018-05\",\"channel\":\"Ads\",\"amount\":\"1\"}"), 403);
        assertProblem(upload(readOnly.token(), good), 403);
        Api.Response m = api.post("/api/v1/analytics/spend", marketing.token(),
                "{\"month\":\"2018-05\",\"channel\":\"Ads %s\",\"amount\":\"1\"}".formatted(tag));
        assertThat(m.status()).as(m.body()).isEqualTo(201);
        assertProblem(api.delete("/api/v1/analytics/spend/" + m.json().get("id").asLong(), readOnly.token()), 403);
    }

    @Test
    void theAcquisitionPageShowsTheTableAndRecordsSpend() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        var created = browser.post("/analytics/acquisition/spend", Map.of("month", "2017-06", "channel", "Flyers " + tag, "amount", "75.50",
                "currency", "EUR"));
        assertThat(created.statusCode()).isIn(302, 303);
        var page = browser.get("/analytics/acquisition?from=2017-01&to=2017-12");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Acquisition cost").contains("Flyers " + tag).contains("75.50").doesNotContain("NaN");
        var bad = browser.post("/analytics/acquisition/spend", Map.of("month", "2017-06", "channel", "", "amount", "-1"));
        assertThat(bad.statusCode()).isIn(302, 303);
        assertThat(browser.get("/analytics/acquisition").body()).contains("channel").contains("must not be negative");
        assertThat(browser.get("/analytics/acquisition.csv?from=2017-06&to=2017-06").body()).contains("Flyers " + tag);
    }

    private JsonNode channelRow(JsonNode report, String channel) {
        for (JsonNode c : report.get("channels")) if (c.get("channel").asString().equalsIgnoreCase(channel)) return c;
        throw new AssertionError("no channel " + channel + " in " + report);
    }

    private long contact(String name, String source) {
        return fx.contact(admin, "{\"lastName\":\"%s\",\"source\":\"%s\"}".formatted(name, source)).get("id").asLong();
    }

    private long product() {
        Api.Response r = api.post("/api/v1/products", admin, "{\"sku\":\"%s\",\"name\":\"CAC test\",\"prices\":{\"EUR\":50.00}}"
                .formatted(Api.unique("CAC")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private void order(String number, long contact, String at, long product, int quantity) {
        Api.Response r = api.post("/api/v1/orders", admin, """
                {"number":"%s","contactId":%d,"orderedAt":"%s","status":"COMPLETED","channel":"WEB","currency":"EUR",
                 "lines":[{"productId":%d,"quantity":%d}]}""".formatted(number, contact, at, product, quantity));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private Api.Response upload(String token, String csv) {
        String boundary = "----rapport" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"spend.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/analytics/spend/import"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
