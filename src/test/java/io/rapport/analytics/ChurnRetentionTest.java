package io.rapport.analytics;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.analytics.churn.Auc;
import io.rapport.analytics.churn.LogisticRegression;
import io.rapport.analytics.rfm.RfmSegment;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Churn and retention, cohorts, RFM and the churn-risk model over hand-made order histories on real PostgreSQL. */
@IntegrationTest
class ChurnRetentionTest {

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

    Api.Response put(String path, String token, String body) {
        return api.send("PUT", path, token, body, java.util.Map.of());
    }

    long contact(Long ownerId) {
        return jdbc.sql("insert into contacts (first_name, last_name, owner_id) values ('Churn', :n, :o) returning id")
                .param("n", Api.unique("test")).param("o", ownerId).query(Long.class).single();
    }

    long order(long contactId, Instant at, String status, String total) {
        return jdbc.sql("""
                        insert into orders (number, contact_id, ordered_at, status, currency, total)
                        values (:n, :c, :at, :s, 'EUR', cast(:t as numeric)) returning id""")
                .param("n", Api.unique("ord")).param("c", contactId).param("at", Timestamp.from(at)).param("s", status).param("t", total)
                .query(Long.class).single();
    }

    static Instant day(int year, int month, int dayOfMonth) {
        return LocalDate.of(year, month, dayOfMonth).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
    }

    private static final java.util.concurrent.atomic.AtomicInteger YEARS =
            new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(95));

    /**
     * A year of the 1800s for this class alone (other tests keep their fixtures in other years), different for every
     * test of a run and emptied of earlier runs' orders first, so exact counts hold in a reused database.
     */
    int pastYear() {
        int y = 1801 + YEARS.getAndIncrement() % 95;
        jdbc.sql("delete from orders where ordered_at >= make_date(:y, 1, 1) and ordered_at < make_date(:y + 1, 1, 1)")
                .param("y", y).update();
        return y;
    }

    void assertRollupsMatchOrders() {
        String direct = """
                with a as (select contact_id, date_trunc('month', ordered_at at time zone 'UTC')::date m from orders
                            where contact_id is not null and status not in ('CANCELLED','REFUNDED') group by 1, 2),
                     f as (select contact_id, min(m) fm from a group by 1)
                select fm, analytics_month_offset(fm, m) o, count(*) n from a join f using (contact_id) group by 1, 2""";
        long diff = jdbc.sql("select count(*) from ((" + direct + ") except (select cohort_month, month_offset, customers from cohort_month_counts)) d")
                .query(Long.class).single()
                + jdbc.sql("select count(*) from ((select cohort_month, month_offset, customers from cohort_month_counts) except (" + direct + ")) d")
                .query(Long.class).single();
        assertThat(diff).as("cohort_month_counts equals a direct aggregate of orders").isZero();
        long stats = jdbc.sql("""
                select count(*) from (
                  (select contact_id, min(ordered_at), max(ordered_at), count(*)::int, sum(total) from orders
                    where contact_id is not null and status not in ('CANCELLED','REFUNDED') group by 1)
                  except (select contact_id, first_order_at, last_order_at, orders, revenue from contact_order_stats)) d""").query(Long.class).single();
        assertThat(stats).isZero();
    }

    @Test
    void cohortTableFollowsEveryOrderChangeAndMatchesADirectAggregate() {
        int y = pastYear();
        long a = contact(null), b = contact(null), c = contact(null);
        long a1 = order(a, day(y, 1, 3), "COMPLETED", "10");
        long a2 = order(a, day(y, 2, 3), "COMPLETED", "10");
        order(a, day(y, 4, 3), "PAID", "10");
        order(b, day(y, 1, 20), "COMPLETED", "5");
        long bCancelled = order(b, day(y, 2, 20), "CANCELLED", "5");
        order(b, day(y, 3, 20), "COMPLETED", "5");
        order(c, day(y, 2, 11), "REFUNDED", "7");
        order(c, day(y, 2, 12), "COMPLETED", "7");
        String q = "/api/v1/analytics/cohorts?from=" + y + "-01&to=" + y + "-02&months=3";
        JsonNode r = api.get(q, admin).json();
        assertThat(r.get("cohorts")).hasSize(2);
        JsonNode jan = r.get("cohorts").get(0);
        assertThat(jan.get("month").asString()).isEqualTo(y + "-01-01");
        assertThat(jan.get("customers").asLong()).isEqualTo(2);
        assertThat(jan.get("cells").get(1).get("share").asDouble()).isEqualTo(0.5); // a in Feb; b's Feb order was cancelled
        assertThat(jan.get("cells").get(2).get("share").asDouble()).isEqualTo(0.5); // b in Mar
        assertThat(jan.get("cells").get(3).get("customers").asLong()).isEqualTo(1); // a in Apr
        JsonNode feb = r.get("cohorts").get(1);
        assertThat(feb.get("customers").asLong()).isEqualTo(1);
        assertThat(feb.get("cells").get(1).get("share").asDouble()).isZero();
        assertThat(r.get("average").get(1).get("customers").asLong()).isEqualTo(1);
        assertThat(r.get("average").get(1).get("share").asDouble()).isCloseTo(1 / 3.0, within(0.0001));

        jdbc.sql("update orders set status = 'COMPLETED' where id = :id").param("id", bCancelled).update();
        assertThat(api.get(q, admin).json().get("cohorts").get(0).get("cells").get(1).get("share").asDouble()).isEqualTo(1.0);
        // a's first order moves into February: a joins the February cohort
        jdbc.sql("update orders set ordered_at = :t where id = :id").param("t", Timestamp.from(day(y, 2, 1))).param("id", a1).update();
        r = api.get(q, admin).json();
        assertThat(r.get("cohorts").get(0).get("customers").asLong()).isEqualTo(1);
        assertThat(r.get("cohorts").get(1).get("customers").asLong()).isEqualTo(2);
        jdbc.sql("delete from orders where id = :id").param("id", a2).update();
        assertRollupsMatchOrders();
        // a deleted contact's orders lose their contact: the contact leaves its cohort
        jdbc.sql("delete from contacts where id = :id").param("id", c).update();
        assertThat(api.get(q, admin).json().get("cohorts").get(1).get("customers").asLong()).isEqualTo(1);
        assertRollupsMatchOrders();

        Api.Response csv = api.get("/api/v1/analytics/cohorts.csv?from=" + y + "-01&to=" + y + "-02&months=3", admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("cohort,customers,m1,m2,m3\r\n" + y + "-01,1,1.0,");

        JsonNode empty = api.get("/api/v1/analytics/cohorts?from=1900-01&to=1900-06", admin).json();
        assertThat(empty.get("cohorts")).isEmpty();
        assertThat(empty.get("average").get(1).get("share").isNull()).isTrue();
        assertInvalid(api.get("/api/v1/analytics/cohorts?months=0", admin), "months");
        assertInvalid(api.get("/api/v1/analytics/cohorts?months=x", admin), "months");
        assertInvalid(api.get("/api/v1/analytics/cohorts?from=yesterday", admin), "from");
        assertInvalid(api.get("/api/v1/analytics/cohorts?from=2020-05&to=2020-01", admin), "to");
    }

    @Test
    void churnAndRetentionPerPeriodUnderEachDefinition() {
        JsonNode before = api.get("/api/v1/analytics/churn/settings", admin).json();
        int y = pastYear();
        try {
            // EVENT and P_ALIVE count every earlier customer of the shared test database as active: measure them first
            String window = "/api/v1/analytics/churn?from=" + y + "-01-01&to=" + y + "-03-31";
            api.patch("/api/v1/analytics/churn/settings", admin, "{\"definition\":\"EVENT\"}");
            JsonNode eventBase = api.get(window, admin).json().get("periods");
            api.patch("/api/v1/analytics/churn/settings", admin, "{\"definition\":\"P_ALIVE\",\"pAliveThreshold\":0.4}");
            JsonNode aliveBase = api.get(window, admin).json().get("periods");
            assertThat(api.patch("/api/v1/analytics/churn/settings", admin, "{\"definition\":\"INACTIVITY\",\"inactivityDays\":30}").status()).isEqualTo(200);
            long p = contact(null), q = contact(null);
            order(p, day(y, 1, 10), "COMPLETED", "10");
            order(p, day(y, 2, 5), "COMPLETED", "10");   // p churns on Mar 7
            order(q, day(y, 1, 20), "COMPLETED", "10");  // q churns on Feb 19
            JsonNode r = api.get("/api/v1/analytics/churn?from=" + y + "-01-01&to=" + y + "-03-31&period=month", admin).json();
            assertThat(r.get("definition").asString()).isEqualTo("INACTIVITY");
            assertThat(r.get("description").asString()).contains("30 days");
            JsonNode periods = r.get("periods");
            assertThat(periods).hasSize(3);
            assertThat(periods.get(0).get("activeAtStart").asLong()).isZero();
            assertThat(periods.get(0).get("churnRate").isNull()).isTrue();
            assertThat(periods.get(1).get("activeAtStart").asLong()).isEqualTo(2);
            assertThat(periods.get(1).get("churned").asLong()).isEqualTo(1);
            assertThat(periods.get(1).get("churnRate").asDouble()).isEqualTo(0.5);
            assertThat(periods.get(1).get("retentionRate").asDouble()).isEqualTo(0.5);
            assertThat(periods.get(2).get("activeAtStart").asLong()).isEqualTo(1);
            assertThat(periods.get(2).get("churnRate").asDouble()).isEqualTo(1.0);
            assertThat(r.get("churnRate").asDouble()).isCloseTo(2 / 3.0, within(0.0001));
            JsonNode quarter = api.get("/api/v1/analytics/churn?from=" + y + "-01-01&to=" + y + "-06-30&period=quarter", admin).json();
            assertThat(quarter.get("periods")).hasSize(2);
            assertThat(quarter.get("periods").get(1).get("activeAtStart").asLong()).isZero();

            // explicit events: only p, marked on Feb 15, churns
            Api.Response marked = put("/api/v1/contacts/" + p + "/churn", admin, "{\"churnedOn\":\"" + y + "-02-15\",\"reason\":\"Moved to a competitor\"}");
            assertThat(marked.status()).as(marked.body()).isEqualTo(200);
            assertThat(marked.json().get("reason").asString()).isEqualTo("Moved to a competitor");
            api.patch("/api/v1/analytics/churn/settings", admin, "{\"definition\":\"EVENT\"}");
            r = api.get(window, admin).json();
            assertThat(r.get("periods").get(1).get("activeAtStart").asLong()).isEqualTo(eventBase.get(1).get("activeAtStart").asLong() + 2);
            assertThat(r.get("periods").get(1).get("churned").asLong()).isEqualTo(eventBase.get(1).get("churned").asLong() + 1);
            assertThat(r.get("periods").get(2).get("activeAtStart").asLong()).isEqualTo(eventBase.get(2).get("activeAtStart").asLong() + 1);
            assertThat(r.get("periods").get(2).get("churned").asLong()).isEqualTo(eventBase.get(2).get("churned").asLong());

            // P(alive): q below the threshold counts as churned since its last (only) order
            api.patch("/api/v1/analytics/churn/settings", admin, "{\"definition\":\"P_ALIVE\",\"pAliveThreshold\":0.4}");
            jdbc.sql("insert into customer_values (contact_id, currency, orders, historic_revenue, p_alive) values (:c, 'EUR', 1, 10, 0.1)")
                    .param("c", q).update();
            jdbc.sql("insert into customer_values (contact_id, currency, orders, historic_revenue, p_alive) values (:c, 'EUR', 2, 20, 0.9)")
                    .param("c", p).update();
            r = api.get(window, admin).json();
            assertThat(r.get("periods").get(0).get("churned").asLong()).isEqualTo(aliveBase.get(0).get("churned").asLong());
            assertThat(r.get("periods").get(1).get("activeAtStart").asLong()).isEqualTo(aliveBase.get(1).get("activeAtStart").asLong() + 1);
            assertThat(r.get("periods").get(1).get("churned").asLong()).isEqualTo(aliveBase.get(1).get("churned").asLong());

            Api.Response csv = api.get("/api/v1/analytics/churn.csv?from=" + y + "-01-01&to=" + y + "-03-31", admin);
            assertThat(csv.body()).startsWith("period_start,period_end,active_at_start,churned,churn_rate,retention_rate\r\n" + y + "-01-01,");
            assertThat(csv.body()).doesNotContain("NaN");

            assertInvalid(api.get("/api/v1/analytics/churn?segment=vips", admin), "segment");
            assertInvalid(api.get("/api/v1/analytics/churn?period=week", admin), "period");
            assertInvalid(api.get("/api/v1/analytics/churn?from=2000-01-01&to=1999-01-01", admin), "to");
            assertInvalid(api.get("/api/v1/analytics/churn?from=1900-01-01&to=2020-01-01", admin), "from");
            assertThat(api.get("/api/v1/analytics/churn?segment=at-risk", admin).status()).isEqualTo(200);
            assertInvalid(api.patch("/api/v1/analytics/churn/settings", admin, "{\"inactivityDays\":3}"), "inactivityDays");
            assertInvalid(api.patch("/api/v1/analytics/churn/settings", admin, "{\"definition\":\"SOMETIMES\",\"colour\":1}"), "definition", "colour");
            assertInvalid(api.patch("/api/v1/analytics/churn/settings", admin, "{\"pAliveThreshold\":1.5}"), "pAliveThreshold");
        } finally {
            api.patch("/api/v1/analytics/churn/settings", admin, "{\"definition\":\"" + before.get("definition").asString() + "\",\"inactivityDays\":"
                    + before.get("inactivityDays").asInt() + ",\"pAliveThreshold\":" + before.get("pAliveThreshold").asDouble()
                    + ",\"riskWindowDays\":" + before.get("riskWindowDays").asInt() + "}");
        }
    }

    @Test
    void churnEventsAndSettingsFollowRolesAndVisibility() {
        long team = fx.team();
        ApiFixtures.User sales = fx.user("SALES", team), other = fx.user("SALES", null), reader = fx.user("READ_ONLY", null),
                manager = fx.user("MANAGER", null);
        long mine = contact(sales.id()), theirs = contact(other.id());
        assertThat(put("/api/v1/contacts/" + mine + "/churn", sales.token(), "{\"reason\":\"Closed the shop\"}").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/contacts/" + mine + "/churn", sales.token()).json().get("churnedOn").asString())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertProblem(put("/api/v1/contacts/" + theirs + "/churn", sales.token(), "{\"reason\":\"x\"}"), 404);
        assertProblem(api.get("/api/v1/contacts/" + theirs + "/churn-risk", sales.token()), 404);
        assertProblem(put("/api/v1/contacts/" + mine + "/churn", reader.token(), "{\"reason\":\"x\"}"), 403);
        assertInvalid(put("/api/v1/contacts/" + mine + "/churn", sales.token(), "{\"churnedOn\":\"2999-01-01\"}"), "churnedOn", "reason");
        assertInvalid(put("/api/v1/contacts/" + mine + "/churn", sales.token(), "{\"churnedOn\":\"soon\",\"reason\":\"x\"}"), "churnedOn");
        assertThat(api.get("/api/v1/contacts/" + mine + "/churn-risk", sales.token()).json().get("churnEvent").get("reason").asString())
                .isEqualTo("Closed the shop");
        assertThat(api.delete("/api/v1/contacts/" + mine + "/churn", sales.token()).status()).isEqualTo(204);
        assertProblem(api.delete("/api/v1/contacts/" + mine + "/churn", sales.token()), 404);
        // no orders: a clear note, no score
        JsonNode none = api.get("/api/v1/contacts/" + mine + "/churn-risk", sales.token()).json();
        assertThat(none.get("score").isNull()).isTrue();
        assertThat(none.get("note").asString()).contains("No orders");

        assertThat(api.get("/api/v1/analytics/churn", reader.token()).status()).isEqualTo(200);
        assertProblem(api.patch("/api/v1/analytics/churn/settings", reader.token(), "{\"inactivityDays\":90}"), 403);
        assertProblem(api.patch("/api/v1/analytics/churn/settings", manager.token(), "{\"inactivityDays\":90}"), 403);
        assertProblem(api.post("/api/v1/analytics/churn-risk/train", sales.token(), ""), 403);
        assertProblem(api.post("/api/v1/analytics/churn-risk/train", reader.token(), ""), 403);
        assertInvalid(api.get("/api/v1/analytics/churn-risk?minScore=2", reader.token()), "minScore");
        assertInvalid(api.get("/api/v1/analytics/churn-risk?limit=0", reader.token()), "limit");
    }

    @Test
    void rfmSegmentsOverOwnBookAndSavedAsATaggedList() {
        ApiFixtures.User sales = fx.user("SALES", null), reader = fx.user("READ_ONLY", null);
        Instant now = Instant.now();
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long c = contact(sales.id());
            mine.add(c);
            for (int k = 0; k <= i; k++) order(c, now.minus(Duration.ofDays(5 + 60L * i + 7L * k)), "COMPLETED", String.valueOf(100 * (i + 1)));
        }
        long zero = contact(sales.id()); // no orders: not a customer, not scored
        order(zero, now.minus(Duration.ofDays(3)), "CANCELLED", "50");
        JsonNode rfm = api.get("/api/v1/analytics/rfm", sales.token()).json();
        assertThat(rfm.get("customers").asLong()).isEqualTo(6);
        long sum = 0, cells = 0;
        double shares = 0;
        for (JsonNode s : rfm.get("segments")) {
            sum += s.get("customers").asLong();
            if (s.get("customers").asLong() == 0) assertThat(s.get("share").isNull()).isFalse(); // 0 of 6 is 0, not null
            shares += s.get("share").asDouble();
            if (s.get("customers").asLong() == 0) assertThat(s.get("avgOrders").isNull()).isTrue();
        }
        for (JsonNode row : rfm.get("grid")) for (JsonNode v : row) cells += v.asLong();
        assertThat(sum).isEqualTo(6);
        assertThat(cells).isEqualTo(6);
        assertThat(shares).isCloseTo(1.0, within(0.001));
        assertThat(rfm.toString()).doesNotContain("NaN");

        Set<Long> tagged = new HashSet<>();
        for (JsonNode s : rfm.get("segments")) {
            if (s.get("customers").asLong() == 0) continue;
            String key = s.get("key").asString();
            JsonNode list = api.get("/api/v1/analytics/rfm/segments/" + key + "/customers?limit=200", sales.token()).json();
            assertThat(list.get("items")).hasSize(s.get("customers").asInt());
            String tag = Api.unique("rfm-" + key);
            Api.Response saved = api.post("/api/v1/analytics/rfm/segments/" + key + "/list", sales.token(), "{\"tag\":\"" + tag + "\"}");
            assertThat(saved.status()).as(saved.body()).isEqualTo(202); // a background job (ADR 0037)
            long job = saved.json().get("id").asLong();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.get("/api/v1/analytics/jobs/" + job, sales.token()).json().get("status").asString().matches("DONE|FAILED"));
            JsonNode done = api.get("/api/v1/analytics/jobs/" + job, sales.token()).json();
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.get("result").get("contacts").asLong()).isEqualTo(s.get("customers").asLong());
            List<Long> ids = fx.allIds("/api/v1/contacts?tag=" + tag, admin);
            assertThat(ids).hasSize(s.get("customers").asInt());
            tagged.addAll(ids);
        }
        assertThat(tagged).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(api.get("/api/v1/contacts/" + mine.getFirst() + "/churn-risk", sales.token()).json().get("rfm").get("segment").isString()).isTrue();
        assertThat(api.get("/api/v1/contacts/" + zero + "/churn-risk", sales.token()).json().get("rfm").isNull()).isTrue();

        assertInvalid(api.get("/api/v1/analytics/rfm/segments/vips/customers", sales.token()), "segment");
        assertInvalid(api.get("/api/v1/analytics/rfm/segments/lost/customers?limit=500", sales.token()), "limit");
        assertInvalid(api.post("/api/v1/analytics/rfm/segments/lost/list", sales.token(), "{\"tag\":\"" + "x".repeat(51) + "\"}"), "tag");
        assertProblem(api.post("/api/v1/analytics/rfm/segments/lost/list", reader.token(), "{\"tag\":\"x\"}"), 403);
        assertThat(api.get("/api/v1/analytics/rfm.csv", reader.token()).body()).startsWith("segment,label,customers");
    }

    @Test
    void segmentMappingCoversTheGridAndEverySegment() {
        Set<RfmSegment> seen = EnumSet.noneOf(RfmSegment.class);
        for (int r = 1; r <= 5; r++) for (int fm = 1; fm <= 5; fm++) seen.add(RfmSegment.of(r, fm));
        assertThat(seen).containsExactlyInAnyOrder(RfmSegment.values());
        assertThat(RfmSegment.of(5, 5)).isEqualTo(RfmSegment.CHAMPIONS);
        assertThat(RfmSegment.of(5, 1)).isEqualTo(RfmSegment.NEW_CUSTOMERS);
        assertThat(RfmSegment.of(4, 1)).isEqualTo(RfmSegment.PROMISING);
        assertThat(RfmSegment.of(3, 3)).isEqualTo(RfmSegment.NEED_ATTENTION);
        assertThat(RfmSegment.of(1, 5)).isEqualTo(RfmSegment.CANT_LOSE_THEM);
        assertThat(RfmSegment.of(2, 4)).isEqualTo(RfmSegment.AT_RISK);
        assertThat(RfmSegment.of(1, 1)).isEqualTo(RfmSegment.LOST);
        assertThat(RfmSegment.fm(5, 4)).isEqualTo(5);
        assertThat(RfmSegment.fm(1, 2)).isEqualTo(2);
    }

    @Test
    void aucCountsTiesAsOneHalfAndLogisticRegressionFindsTheSignal() {
        assertThat(Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true})).isEqualTo(0.75);
        assertThat(Auc.of(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.5);
        assertThat(Auc.of(new double[] {0.2, 0.5, 0.5, 0.9}, new boolean[] {false, true, false, true})).isEqualTo(0.875);
        assertThat(Auc.of(new double[] {0.2, 0.3}, new boolean[] {true, true})).isNull();
        Random random = new Random(7);
        List<double[]> x = new ArrayList<>();
        boolean[] y = new boolean[2000];
        for (int i = 0; i < y.length; i++) {
            double a = random.nextGaussian(), b = random.nextGaussian();
            x.add(new double[] {a, b});
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-(0.5 + 2 * a)));
        }
        double[] w = LogisticRegression.fit(x, y, 1e-6, 50);
        assertThat(w[0]).isCloseTo(0.5, within(0.2));
        assertThat(w[1]).isCloseTo(2.0, within(0.3));
        assertThat(w[2]).isCloseTo(0.0, within(0.2));
    }

    @Test
    void churnRiskModelIsTrainedBackTestedAndExplainsScores() {
        ApiFixtures.User sales = fx.user("SALES", null);
        Instant now = Instant.now();
        Random random = new Random(11);
        long loyal = 0, lapsing = 0;
        for (int i = 0; i < 120; i++) {
            long c = contact(sales.id());
            boolean stays = i % 2 == 0;
            // every ~25 days for two years; leavers stop at a random point in the last 14 months
            int stopDaysAgo = stays ? 2 + random.nextInt(10) : 40 + random.nextInt(380);
            for (int d = 730; d >= stopDaysAgo; d -= 20 + random.nextInt(10)) order(c, now.minus(Duration.ofDays(d)), "COMPLETED", "40");
            if (!stays && random.nextBoolean()) {
                jdbc.sql("insert into tickets (subject, channel, type, status, requester_id, created_at) values ('Broken', 'EMAIL', 'COMPLAINT', 'OPEN', :c, :at)")
                        .param("c", c).param("at", Timestamp.from(now.minus(Duration.ofDays(stopDaysAgo + 5)))).update();
            }
            if (stays && loyal == 0) loyal = c;
            if (!stays && stopDaysAgo > 60 && stopDaysAgo < 150 && lapsing == 0) lapsing = c;
        }
        Api.Response trained = api.post("/api/v1/analytics/churn-risk/train", admin, "");
        assertThat(trained.status()).as(trained.body()).isEqualTo(200);
        JsonNode m = trained.json();
        assertThat(m.get("status").asString()).as(m.toString()).isEqualTo("TRAINED");
        assertThat(m.get("trainRows").asInt()).isGreaterThan(100);
        assertThat(m.get("auc").asDouble()).as(m.toString()).isBetween(0.5, 1.0);
        assertThat(m.get("coefficients")).hasSize(10);
        assertThat(api.get("/api/v1/analytics/churn-risk/model", sales.token()).json().get("id").asLong()).isEqualTo(m.get("id").asLong());

        JsonNode loyalRisk = api.get("/api/v1/contacts/" + loyal + "/churn-risk", sales.token()).json();
        JsonNode lapsingRisk = api.get("/api/v1/contacts/" + lapsing + "/churn-risk", sales.token()).json();
        assertThat(lapsingRisk.get("score").asDouble()).isGreaterThan(loyalRisk.get("score").asDouble());
        assertThat(lapsingRisk.get("reasons")).isNotEmpty();
        assertThat(lapsingRisk.get("reasons").get(0).get("label").asString()).isNotBlank();
        JsonNode list = api.get("/api/v1/analytics/churn-risk?minScore=0&limit=200", sales.token()).json();
        assertThat(list.get("total").asLong()).isLessThanOrEqualTo(120).isGreaterThan(0);
        double previous = 2;
        for (JsonNode s : list.get("items")) {
            assertThat(s.get("score").asDouble()).isLessThanOrEqualTo(previous).isBetween(0.0, 1.0);
            previous = s.get("score").asDouble();
        }
        String body = list.toString();
        assertThat(body).doesNotContain("NaN").doesNotContain("Infinity");

        PageSession page = PageSession.signIn(api.base(), sales.email(), ApiFixtures.PASSWORD);
        for (String path : List.of("/analytics/churn", "/analytics/churn?period=quarter&segment=champions", "/analytics/cohorts",
                "/analytics/rfm", "/analytics/rfm?segment=at-risk", "/analytics/churn-risk?minScore=0", "/contacts/" + lapsing + "/churn-risk",
                "/analytics/churn?from=nope", "/analytics/cohorts?months=0")) {
            var r = page.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain("NaN").doesNotContain("Infinity");
        }
        assertThat(page.get("/contacts/" + lapsing + "/churn-risk").body()).contains("Churn risk").contains("Mark as churned");
        var marked = page.post("/contacts/" + lapsing + "/churn", java.util.Map.of("reason", "Said goodbye"), java.util.Map.of("HX-Request", "true"));
        assertThat(marked.body()).contains("Said goodbye").contains("Undo churned");
        PageSession adminPage = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(adminPage.get("/analytics/churn").body()).contains("Save definition");
        assertThat(adminPage.get("/analytics/churn-risk").body()).contains("Hold-out AUC");
    }
}
