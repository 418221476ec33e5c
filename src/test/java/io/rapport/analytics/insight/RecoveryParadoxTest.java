package io.rapport.analytics.insight;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
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
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RecoveryParadoxTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    InsightFixtures in;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        in = new InsightFixtures(fx, jdbc);
    }

    /**
     * 12 customers whose complaint (200 days ago) was recovered: satisfied and back within 90 days; 4 whose complaint was
     * not recovered; 12 who never complained (first order 200 days ago): 3 satisfied, 2 back within 90 days.
     */
    private String business(boolean recoveredDoBetter) {
        String tag = Api.unique("srp");
        for (int i = 0; i < 12; i++) {
            long c = in.contact(tag, null, InsightFixtures.daysAgo(400));
            in.order(c, InsightFixtures.daysAgo(300), 100);
            long t = in.ticket(c, "COMPLAINT", "EMAIL", InsightFixtures.daysAgo(200), InsightFixtures.daysAgo(198), -0.7);
            in.recovered(t, InsightFixtures.daysAgo(198));
            in.answer(c, "CSAT", recoveredDoBetter ? 5 : 1, InsightFixtures.daysAgo(197));
            in.answer(c, "NPS", recoveredDoBetter ? 9 : 3, InsightFixtures.daysAgo(150));
            if (recoveredDoBetter) in.order(c, InsightFixtures.daysAgo(170), 120);
        }
        for (int i = 0; i < 4; i++) {
            long c = in.contact(tag, null, InsightFixtures.daysAgo(400));
            in.order(c, InsightFixtures.daysAgo(300), 100);
            long t = in.ticket(c, "COMPLAINT", "PHONE", InsightFixtures.daysAgo(200), null, -0.9);
            in.answer(c, "CSAT", 1, InsightFixtures.daysAgo(190));
        }
        for (int i = 0; i < 12; i++) {
            long c = in.contact(tag, null, InsightFixtures.daysAgo(400));
            in.order(c, InsightFixtures.daysAgo(200), 100);
            in.answer(c, "CSAT", i < 3 ? 5 : 2, InsightFixtures.daysAgo(190));
            in.answer(c, "NPS", i < 3 ? 10 : 6, InsightFixtures.daysAgo(150));
            if (i < 2) in.order(c, InsightFixtures.daysAgo(150), 80);
        }
        return tag;
    }

    @Test
    void theParadoxHoldsWhenRecoveredCustomersDoClearlyBetter() {
        String tag = business(true);
        Api.Response r = api.get("/api/v1/analytics/recovery?segment=tag:" + tag, fx.admin());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode res = r.json();
        JsonNode rec = res.get("groups").get(0), not = res.get("groups").get(1), never = res.get("groups").get(2);
        assertThat(rec.get("group").asString()).isEqualTo("RECOVERED");
        assertThat(rec.get("customers").asLong()).isEqualTo(12);
        assertThat(not.get("customers").asLong()).isEqualTo(4);
        assertThat(never.get("customers").asLong()).isEqualTo(12);
        assertThat(rec.get("laterCsatSatisfiedPct").get("value").asDouble()).isEqualTo(100.0);
        // Wilson 12/12: [75.8, 100]
        assertThat(rec.get("laterCsatSatisfiedPct").get("low").asDouble()).isEqualTo(75.8);
        assertThat(never.get("laterCsatSatisfiedPct").get("value").asDouble()).isEqualTo(25.0);
        // Wilson 3/12: [8.9, 53.2]
        assertThat(never.get("laterCsatSatisfiedPct").get("low").asDouble()).isEqualTo(8.9);
        assertThat(never.get("laterCsatSatisfiedPct").get("high").asDouble()).isEqualTo(53.2);
        assertThat(rec.get("repurchasePct").get("value").asDouble()).isEqualTo(100.0);
        assertThat(never.get("repurchasePct").get("value").asDouble()).isEqualTo(16.7);
        assertThat(never.get("churnPct").get("value").asDouble()).isEqualTo(83.3);
        assertThat(rec.get("laterNps").get("value").asDouble()).isEqualTo(9.0);
        assertThat(never.get("laterNps").get("n").asLong()).isEqualTo(12);
        assertThat(not.get("laterNps").get("value").isNull()).isTrue();
        assertThat(res.get("verdict").asString()).isEqualTo("HOLDS");
        assertThat(res.get("summary").asString()).contains("paradox holds");
        assertThat(res.toString()).doesNotContain("NaN").doesNotContain("Infinity");

        Api.Response csv = api.get("/api/v1/analytics/recovery.csv?segment=tag:" + tag, fx.admin());
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("RECOVERED,12,later_csat_satisfied_pct,100.0,75.8,100.0,12");

        PageSession page = PageSession.signIn(api.base(), fx.user("MANAGER", null).email(), ApiFixtures.PASSWORD);
        String html = page.get("/analytics/recovery?segment=tag:" + tag).body();
        assertThat(html).contains("The paradox holds").contains("n=12").doesNotContain("NaN");
    }

    @Test
    void itDoesNotHoldWhenRecoveredCustomersDoWorse() {
        String tag = business(false);
        JsonNode res = api.get("/api/v1/analytics/recovery?segment=tag:" + tag + "&repurchaseDays=60&churnDays=120", fx.admin()).json();
        assertThat(res.get("repurchaseDays").asInt()).isEqualTo(60);
        assertThat(res.get("verdict").asString()).isEqualTo("DOES_NOT_HOLD");
    }

    @Test
    void noComplaintsOrTooFewCustomersSayNotEnoughData() {
        String tag = Api.unique("calm");
        for (int i = 0; i < 3; i++) in.order(in.contact(tag, null, InsightFixtures.daysAgo(300)), InsightFixtures.daysAgo(200), 10);
        JsonNode res = api.get("/api/v1/analytics/recovery?segment=tag:" + tag, fx.admin()).json();
        assertThat(res.get("verdict").asString()).isEqualTo("NOT_ENOUGH_DATA");
        assertThat(res.get("summary").asString()).contains("No complaints");
        assertThat(res.get("groups").get(2).get("customers").asLong()).isEqualTo(3);
        assertThat(res.get("groups").get(0).get("laterNps").get("value").isNull()).isTrue();
        assertThat(res.toString()).doesNotContain("NaN");
        JsonNode empty = api.get("/api/v1/analytics/recovery?segment=tag:" + Api.unique("nobody"), fx.admin()).json();
        assertThat(empty.get("verdict").asString()).isEqualTo("NOT_ENOUGH_DATA");
        assertInvalid(api.get("/api/v1/analytics/recovery?repurchaseDays=0", fx.admin()), "repurchaseDays");
        assertInvalid(api.get("/api/v1/analytics/recovery?churnDays=99999", fx.admin()), "churnDays");
        assertInvalid(api.get("/api/v1/analytics/recovery?segment=tag:", fx.admin()), "segment");
    }

    @Test
    void onlyManagersAdminsAndReadersSeeIt() {
        for (String role : new String[] {"SALES", "AGENT", "MARKETING"}) {
            assertProblem(api.get("/api/v1/analytics/recovery", fx.user(role, null).token()), 403);
        }
        assertThat(api.get("/api/v1/analytics/recovery?segment=tag:x", fx.user("READ_ONLY", null).token()).status()).isEqualTo(200);
        PageSession page = PageSession.signIn(api.base(), fx.user("AGENT", null).email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/analytics/recovery").statusCode()).isEqualTo(403);
    }
}
