package io.rapport.analytics.kpis;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PastPeriods;
import io.rapport.support.PageSession;
import io.rapport.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class KpiDashboardTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    WeeklyKpiReport report;
    Api api;
    ApiFixtures fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_YEAR = new java.util.concurrent.atomic.AtomicInteger(1901);

    /**
     * A Monday in February of this test's own year: an odd year of 1901–1947 (see PastPeriods), emptied first. The
     * even year between stays empty, so a window reaching months ahead or a previous period never meets another
     * test's orders, tickets or answers.
     */
    LocalDate window() {
        int year = NEXT_YEAR.getAndAdd(2);
        assertThat(year).as("KPI years left in 1901–1947").isLessThanOrEqualTo(1947);
        PastPeriods.clearYear(jdbc, year);
        return LocalDate.of(year, 2, 10).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    static Instant at(LocalDate day, int hour) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(hour));
    }

    long order(Long contact, Long account, Instant at, String total, String currency, String status) {
        return jdbc.sql("""
                        insert into orders (number, contact_id, account_id, ordered_at, currency, total, status)
                        values (:n, :c, :a, :at, :cur, cast(:t as numeric), :s) returning id""")
                .param("n", Api.unique("KPI")).param("c", contact).param("a", account).param("at", Timestamp.from(at))
                .param("cur", currency).param("t", total).param("s", status).query(Long.class).single();
    }

    void answer(String kind, int score, Long contact, Instant at) {
        jdbc.sql("insert into survey_responses (kind, score, contact_id, source, answered_at) values (:k, :s, :c, 'TEST', :at)")
                .param("k", kind).param("s", score).param("c", contact).param("at", Timestamp.from(at)).update();
    }

    long ticket(Long requester, Instant created, Duration firstResponse, Duration solvedAfter, int replies) {
        return jdbc.sql("""
                        insert into tickets (subject, channel, status, requester_id, created_at, updated_at, first_response_at, solved_at,
                                             agent_public_replies)
                        values ('KPI fixture', 'EMAIL', :status, :r, :at, :at, :fr, :solved, :replies) returning id""")
                .param("status", solvedAfter == null ? "OPEN" : "SOLVED").param("r", requester).param("at", Timestamp.from(created))
                .param("fr", firstResponse == null ? null : Timestamp.from(created.plus(firstResponse)))
                .param("solved", solvedAfter == null ? null : Timestamp.from(created.plus(solvedAfter)))
                .param("replies", replies).query(Long.class).single();
    }

    Api.Response put(String path, String token, String body) {
        return api.send("PUT", path, token, body, Map.of());
    }

    JsonNode kpis(String query) {
        Api.Response r = api.get("/api/v1/analytics/kpis?" + query, fx.admin());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode tile(JsonNode result, String key) {
        for (JsonNode t : result.get("tiles")) if (t.get("key").asString().equals(key)) return t;
        return null;
    }

    static Double value(JsonNode result, String key, String field) {
        JsonNode v = tile(result, key).get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    @Test
    void figuresFollowEveryWriteAndMatchTheDefinitions() {
        LocalDate d0 = window();
        String tag = Api.unique("kpitag");
        long accountId = fx.account(Api.unique("KPI account"), "other", null).get("id").asLong();
        long a = fx.contact("Alpha", tag, null).get("id").asLong();
        long b = fx.contact("Beta", Api.unique("t"), null).get("id").asLong();
        jdbc.sql("update contacts set account_id = :acc where id = :id").param("acc", accountId).param("id", a).update();

        long aFirst = order(a, null, at(d0.minusDays(5), 10), "40.00", "EUR", "COMPLETED");
        order(a, null, at(d0.plusDays(1), 10), "100.00", "EUR", "COMPLETED");
        long aSecond = order(a, null, at(d0.plusDays(2), 10), "50.00", "EUR", "PAID");
        order(b, null, at(d0.plusDays(3), 10), "200.00", "EUR", "COMPLETED");
        order(b, null, at(d0.plusDays(4), 10), "999.00", "EUR", "CANCELLED");
        order(b, null, at(d0.plusDays(5), 23), "30.00", "USD", "COMPLETED");
        for (int s : new int[] {10, 3}) answer("NPS", s, a, at(d0.plusDays(1), 9));
        for (int s : new int[] {9, 7}) answer("NPS", s, b, at(d0.plusDays(2), 9));
        for (int s : new int[] {5, 4, 2}) answer("CSAT", s, b, at(d0.plusDays(3), 9));
        for (int s : new int[] {2, 4}) answer("CES", s, b, at(d0.plusDays(3), 9));
        answer("NPS", 0, b, at(d0.minusDays(1), 9));  // previous period: NPS −100
        ticket(a, at(d0.plusDays(1), 10), Duration.ofHours(2), Duration.ofHours(30), 1);
        long second = ticket(b, at(d0.plusDays(3), 10), Duration.ofHours(4), Duration.ofHours(50), 2);
        long third = ticket(b, at(d0.plusDays(4), 10), null, null, 0);

        String period = "from=" + d0 + "&to=" + d0.plusDays(13) + "&currency=EUR";
        JsonNode r = kpis(period);
        assertThat(r.get("period").asString()).isEqualTo("custom");
        assertThat(r.get("previousFrom").asString()).isEqualTo(d0.minusDays(14).toString());
        assertThat(r.get("grain").asString()).isEqualTo("day");
        assertThat(value(r, "revenue", "value")).isEqualTo(350.0);
        assertThat(value(r, "revenue", "previous")).isEqualTo(40.0);
        assertThat(value(r, "revenue", "changePercent")).isEqualTo(775.0);
        assertThat(tile(r, "revenue").get("direction").asString()).isEqualTo("better");
        assertThat(value(r, "orders", "value")).isEqualTo(4.0);   // the USD order counts, the cancelled one does not
        assertThat(value(r, "new-customers", "value")).isEqualTo(1.0);  // Beta; Alpha's first order was before
        assertThat(value(r, "new-customers", "previous")).isEqualTo(1.0);
        assertThat(value(r, "nps", "value")).isEqualTo(25.0);     // 2 promoters, 1 detractor of 4
        assertThat(value(r, "nps", "previous")).isEqualTo(-100.0);
        assertThat(value(r, "csat", "value")).isEqualTo(66.67);
        assertThat(value(r, "ces", "value")).isEqualTo(3.0);
        assertThat(tile(r, "ces").get("higherIsBetter").asBoolean()).isFalse();
        assertThat(value(r, "first-response-time", "value")).isEqualTo(10800.0);
        assertThat(value(r, "resolution-time", "value")).isEqualTo(144000.0);
        assertThat(value(r, "first-contact-resolution", "value")).isEqualTo(50.0);
        JsonNode series = tile(r, "orders").get("series");
        assertThat(series.size()).isEqualTo(14);
        assertThat(series.get(0).get("start").asString()).isEqualTo(d0.toString());
        assertThat(series.get(1).get("value").asDouble()).isEqualTo(1.0);
        assertThat(tile(r, "nps").get("series").get(0).get("value").isNull()).isTrue();  // no answers that day: null, not 0 or NaN
        assertThat(tile(r, "clv-average").get("series").size()).isZero();

        // updates and deletes move the figures: a cancellation, a removed first order, a ticket merged away
        jdbc.sql("update orders set status = 'CANCELLED' where id = :id").param("id", aSecond).update();
        jdbc.sql("delete from orders where id = :id").param("id", aFirst).update();
        jdbc.sql("update tickets set merged_into_id = :into where id = :id").param("into", second).param("id", third).update();
        jdbc.sql("update survey_responses set score = 10 where contact_id = :b and kind = 'NPS' and score = 7").param("b", b).update();
        r = kpis(period);
        assertThat(value(r, "revenue", "value")).isEqualTo(300.0);
        assertThat(value(r, "revenue", "previous")).isEqualTo(0.0);   // a sum over no orders is 0 …
        assertThat(tile(r, "revenue").get("changePercent").isNull()).isTrue();  // … and a change against 0 has no percentage
        assertThat(value(r, "orders", "value")).isEqualTo(3.0);
        assertThat(value(r, "new-customers", "value")).isEqualTo(2.0);   // Alpha's first order is now in the period
        assertThat(value(r, "new-customers", "previous")).isEqualTo(0.0);
        assertThat(value(r, "nps", "value")).isEqualTo(50.0);
        assertThat(tile(r, "orders").get("freshness").asString()).contains("triggers");

        // the rollups agree with a direct aggregate over the base tables for the window
        long rollup = jdbc.sql("select coalesce(sum(received), 0) from kpi_daily_tickets where day >= :f and day < :t")
                .param("f", java.sql.Date.valueOf(d0)).param("t", java.sql.Date.valueOf(d0.plusDays(14))).query(Long.class).single();
        long base = jdbc.sql("select count(*) from tickets where created_at >= :f and created_at < :t and merged_into_id is null")
                .param("f", Timestamp.from(at(d0, 0))).param("t", Timestamp.from(at(d0.plusDays(14), 0))).query(Long.class).single();
        assertThat(rollup).isEqualTo(base).isEqualTo(2);

        // segments: the tag is Alpha's; the account is Alpha's through the contact; stage filters on today's stage
        JsonNode byTag = kpis(period + "&segment=tag:" + tag);
        assertThat(byTag.get("segment").get("type").asString()).isEqualTo("tag");
        assertThat(value(byTag, "revenue", "value")).isEqualTo(100.0);
        assertThat(value(byTag, "orders", "value")).isEqualTo(1.0);
        assertThat(value(byTag, "nps", "value")).isEqualTo(0.0);
        assertThat(value(byTag, "csat", "value")).isNull();
        assertThat(value(byTag, "first-contact-resolution", "value")).isEqualTo(100.0);
        assertThat(tile(byTag, "sla-compliance")).isNull();
        assertThat(byTag.get("notSegmentable").toString()).contains("sla-compliance");
        assertThat(tile(byTag, "orders").get("freshness").asString()).contains("base tables");
        JsonNode byAccount = kpis(period + "&segment=account:" + accountId);
        assertThat(byAccount.get("segment").get("label").asString()).startsWith("KPI account");
        assertThat(value(byAccount, "revenue", "value")).isEqualTo(100.0);
        assertThat(value(byAccount, "new-customers", "value")).isEqualTo(1.0);
        jdbc.sql("update contacts set lifecycle_stage = 'ADVOCATE' where id = :id").param("id", b).update();
        JsonNode byStage = kpis(period + "&segment=stage:advocate");
        assertThat(value(byStage, "revenue", "value")).isGreaterThanOrEqualTo(200.0);
    }

    @Test
    void cacChurnAndRetentionArePartOfTheDashboard() {
        LocalDate month = window().withDayOfMonth(1);
        jdbc.sql("insert into acquisition_spend (month, channel, amount, currency) values (:m, 'Search', 900.00, 'XTS')")
                .param("m", java.sql.Date.valueOf(month)).update();
        for (String name : new String[] {"Cac one", "Cac two", "Cac three"}) {
            long c = fx.contact(name, Api.unique("cac"), null).get("id").asLong();
            order(c, null, at(month.plusDays(3), 12), "10.00", "XTS", "COMPLETED");
        }
        JsonNode json = kpis("period=custom&currency=XTS&from=" + month + "&to=" + month.plusMonths(1).minusDays(1));
        assertThat(value(json, "cac", "value")).isEqualTo(300.0);  // 900 spent ÷ 3 new customers
        assertThat(tile(json, "churn-rate")).isNotNull();
        assertThat(tile(json, "retention-rate")).isNotNull();
        Double churn = value(json, "churn-rate", "value"), retention = value(json, "retention-rate", "value");
        if (churn != null) assertThat(churn + retention).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(json.toString()).doesNotContain("NaN");
        assertThat(kpis("period=custom&currency=XTS&from=" + month.plusYears(1) + "&to=" + month.plusYears(1).plusDays(20))
                .toString()).doesNotContain("NaN");
    }

    @Test
    void emptyPeriodsGiveNullsNotNaN() {
        LocalDate d0 = window();
        Api.Response r = api.get("/api/v1/analytics/kpis?period=custom&from=" + d0 + "&to=" + d0.plusDays(200), fx.admin());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode json = r.json();
        assertThat(json.get("grain").asString()).isEqualTo("month");
        assertThat(value(json, "nps", "value")).isNull();
        assertThat(value(json, "orders", "value")).isEqualTo(0.0);
        assertThat(value(json, "first-response-time", "value")).isNull();
        assertThat(tile(json, "nps").get("direction").isNull()).isTrue();
        assertThat(tile(json, "orders").get("series").size()).isEqualTo(7);  // partial first month + six
    }

    @Test
    void badInputIsA400NamingTheField() {
        String admin = fx.admin();
        assertInvalid(api.get("/api/v1/analytics/kpis?period=decade", admin), "period");
        assertInvalid(api.get("/api/v1/analytics/kpis?period=custom", admin), "from");
        assertInvalid(api.get("/api/v1/analytics/kpis?from=2026-13-01", admin), "from");
        assertInvalid(api.get("/api/v1/analytics/kpis?from=2026-02-01&to=2026-01-01", admin), "to");
        assertInvalid(api.get("/api/v1/analytics/kpis?from=1800-01-01&to=1801-01-01", admin), "from");
        assertInvalid(api.get("/api/v1/analytics/kpis?from=2000-01-01&to=2020-01-01", admin), "from");
        assertInvalid(api.get("/api/v1/analytics/kpis?segment=planet:mars", admin), "segment");
        assertInvalid(api.get("/api/v1/analytics/kpis?segment=stage:SLEEPING", admin), "segment");
        assertInvalid(api.get("/api/v1/analytics/kpis?segment=account:abc", admin), "segment");
        assertInvalid(api.get("/api/v1/analytics/kpis?segment=account:999999999", admin), "segment");
        assertInvalid(api.get("/api/v1/analytics/kpis?segment=tag:", admin), "segment");
        assertInvalid(api.get("/api/v1/analytics/kpis?currency=euro", admin), "currency");
        assertInvalid(api.get("/api/v1/analytics/kpis?grain=hour", admin), "grain");
        assertInvalid(api.get("/api/v1/analytics/kpis?grain=day&from=2000-01-01&to=2002-01-01", admin), "grain");
        assertInvalid(put("/api/v1/analytics/kpis/weekly-report", admin, "{\"subscribed\":\"yes\"}"), "subscribed");
        assertProblem(api.get("/api/v1/analytics/kpis/no-such-kpi.csv", admin), 404);
    }

    @Test
    void onlyAdminsManagersAndReadOnlyUsersSeeTheExecutiveDashboard() {
        for (String role : new String[] {"SALES", "AGENT", "MARKETING"}) {
            ApiFixtures.User u = fx.user(role, null);
            assertProblem(api.get("/api/v1/analytics/kpis", u.token()), 403);
            assertProblem(api.get("/api/v1/analytics/kpis/revenue.csv", u.token()), 403);
            assertProblem(put("/api/v1/analytics/kpis/weekly-report", u.token(), "{\"subscribed\":true}"), 403);
            PageSession page = PageSession.signIn(api.base(), u.email(), ApiFixtures.PASSWORD);
            assertThat(page.get("/analytics").statusCode()).isEqualTo(403);
            assertThat(page.get("/").body()).doesNotContain("href=\"/analytics\"");
        }
        assertThat(api.get("/api/v1/analytics/kpis", null).status()).isEqualTo(401);
        for (String role : new String[] {"READ_ONLY", "MANAGER"}) {
            ApiFixtures.User u = fx.user(role, null);
            assertThat(api.get("/api/v1/analytics/kpis?period=quarter", u.token()).status()).isEqualTo(200);
            PageSession page = PageSession.signIn(api.base(), u.email(), ApiFixtures.PASSWORD);
            var html = page.get("/analytics?period=year");
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).contains("Executive KPIs").contains("href=\"/analytics\"").contains("data-kpi=\"nps\"")
                    .doesNotContain("NaN");
        }
    }

    @Test
    void thePageShowsTilesChartsAndExportsEachChartAsCsv() {
        LocalDate d0 = window();
        long c = fx.contact("Gamma", Api.unique("t"), null).get("id").asLong();
        order(c, null, at(d0.plusDays(2), 12), "120.00", "EUR", "COMPLETED");
        order(c, null, at(d0.plusDays(40), 12), "80.00", "EUR", "COMPLETED");
        ApiFixtures.User manager = fx.user("MANAGER", null);
        PageSession page = PageSession.signIn(api.base(), manager.email(), ApiFixtures.PASSWORD);
        String q = "period=custom&from=" + d0 + "&to=" + d0.plusDays(89) + "&currency=EUR";
        var html = page.get("/analytics?" + q);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("data-kpi=\"revenue\"").contains("EUR 200").contains("<polyline")
                .contains("/analytics/kpis/revenue.csv?").contains("E-mail me this summary");
        var csv = page.get("/analytics/kpis/revenue.csv?" + q);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("bucket_start,revenue");
        assertThat(lines).contains(d0 + ",120.0");
        assertThat(Arrays.stream(lines).skip(1).mapToDouble(l -> Double.parseDouble(l.split(",", -1)[1].isEmpty() ? "0" : l.split(",")[1])).sum())
                .isCloseTo(200.0, within(0.001));
        var all = api.get("/api/v1/analytics/kpis.csv?" + q, fx.admin());
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).startsWith("kpi,label,unit,value,previous").contains("revenue,\"Revenue\",MONEY,200.0");
        var bad = page.get("/analytics?segment=stage:NOPE");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("role=\"alert\"").contains("stage must be one of");
    }

    @Test
    void theWeeklyReportMailsSubscribersOnceInTextAndHtml() throws Exception {
        LocalDate monday = window();
        long c = fx.contact("Delta", Api.unique("t"), null).get("id").asLong();
        order(c, null, at(monday.plusDays(1), 12), "75.00", "EUR", "COMPLETED");
        answer("NPS", 10, c, at(monday.plusDays(2), 12));
        ApiFixtures.User manager = fx.user("MANAGER", null);
        ApiFixtures.User readOnly = fx.user("READ_ONLY", null);
        ApiFixtures.User quiet = fx.user("MANAGER", null);
        assertThat(put("/api/v1/analytics/kpis/weekly-report", manager.token(), "{\"subscribed\":true}").json().get("subscribed").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/analytics/kpis/weekly-report", manager.token()).json().get("subscribed").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/analytics/kpis/weekly-report", quiet.token()).json().get("subscribed").asBoolean()).isFalse();
        PageSession page = PageSession.signIn(api.base(), readOnly.email(), ApiFixtures.PASSWORD);
        page.get("/analytics");
        assertThat(page.post("/analytics/weekly-report", Map.of("subscribed", "true")).statusCode()).isEqualTo(302);
        assertThat(report.subscribed(readOnly.id())).isTrue();

        assertThat(report.send(monday)).isGreaterThanOrEqualTo(2);
        assertThat(report.send(monday)).isZero();   // a rerun (or a second node) sends nothing twice
        MimeMessage mail = awaitMailTo(manager.email());
        assertThat(mail.getSubject()).isEqualTo("Rapport KPIs: week of " + monday);
        String raw = GreenMailUtil.getWholeMessage(mail);
        assertThat(raw).contains("text/plain").contains("text/html").contains("Revenue").contains("NPS");
        awaitMailTo(readOnly.email());
        assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = :r").param("r", quiet.email()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = :r").param("r", manager.email()).query(Long.class).single()).isEqualTo(1);
        String text = report.text(new KpiDashboard.Result("week", monday, monday.plusDays(6), monday.minusDays(7), monday.minusDays(1), "day",
                null, "EUR", java.util.List.of("EUR"), java.util.List.of(), java.util.List.of()));
        assertThat(text).contains("No KPIs are available yet").contains("/analytics");

        // unsubscribing stops it
        assertThat(put("/api/v1/analytics/kpis/weekly-report", manager.token(), "{\"subscribed\":false}").status()).isEqualTo(200);
        assertThat(report.send(monday.plusWeeks(1))).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = :r").param("r", manager.email()).query(Long.class).single()).isEqualTo(1);
    }

    MimeMessage awaitMailTo(String email) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
                if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().equalsIgnoreCase(email)) return m;
            }
            return null;
        }, java.util.Objects::nonNull);
    }
}
