package io.rapport.analytics.snapshots;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.analytics.jobs.Snapshots;
import io.rapport.analytics.rfm.RfmSegment;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The RFM and journey snapshots (V37, ADR 0037) against the computations they replaced, kept here only: on randomized
 * customers (orders in 1985–1989, with ties, cancellations and refunds), the RFM scores of every customer equal the
 * rank-based definition, the summary equals the old per-request query, and the funnel equals the old per-request
 * funnel query, for all contacts, a tag and a seller's own book. Then the background path (a business too big to
 * refresh inline) and the jobs: saving a segment as a list and refreshing, with their progress and permissions.
 */
@IntegrationTest
class AnalyticsSnapshotTest {

    /** The RFM definition before V37, computed with rank() windows: score = 1 + floor(5 · (rank − 1) / N). */
    static final String OLD_RANK_SCORES = """
            select contact_id,
                   1 + floor(5.0 * (rank() over (order by last_order_at) - 1) / count(*) over ())::int r,
                   1 + floor(5.0 * (rank() over (order by orders) - 1) / count(*) over ())::int f,
                   1 + floor(5.0 * (rank() over (order by revenue) - 1) / count(*) over ())::int m
              from contact_order_stats""";

    /** The summary query before V37: the scores of every customer computed per request, joined to the visible contacts. */
    static final String OLD_SUMMARY = """
            with x as (%s)
            select x.segment, count(*) n, sum(x.revenue) revenue, sum(x.orders) orders,
                   sum(extract(epoch from now() - x.last_order_at) / 86400) recency
              from x join contacts c on c.id = x.contact_id group by 1""";

    /** The funnel query before V37: every source aggregated per contact of the segment, per request. */
    static final String OLD_FUNNEL = """
            with seg as (select c.id, c.created_at from contacts c where %s),
                 l as (select l.converted_contact_id cid, min(l.created_at) created, min(l.converted_at) converted
                         from leads l join seg on seg.id = l.converted_contact_id group by 1),
                 d as (select dc.contact_id cid, min(d.created_at) opened, min(d.closed_at) filter (where d.status = 'WON') won
                         from deal_contacts dc join seg on seg.id = dc.contact_id join deals d on d.id = dc.deal_id group by 1),
                 e as (select a.contact_id cid,
                              min(a.occurred_at) filter (where a.kind in ('CALL','MEETING') or a.direction = 'INBOUND'
                                                          or a.journey_stage = 'CONSIDERATION') engaged,
                              min(a.occurred_at) filter (where a.journey_stage = 'ADVOCACY') advocated
                         from activities a join seg on seg.id = a.contact_id group by 1),
                 o as (select cid, min(ordered_at) first_at, min(ordered_at) filter (where rn = 2) second_at
                         from (select o.contact_id cid, o.ordered_at, row_number() over (partition by o.contact_id order by o.ordered_at, o.id) rn
                                 from orders o join seg on seg.id = o.contact_id
                                where o.status not in ('CANCELLED','REFUNDED')) x where rn <= 2 group by cid),
                 p as (select s.contact_id cid, min(s.answered_at) promoted from survey_responses s join seg on seg.id = s.contact_id
                        where s.kind = 'NPS' and s.score >= 9 group by 1),
                 j as (select least(seg.created_at, l.created) t1, least(l.converted, d.opened, e.engaged) t2,
                              least(o.first_at, d.won) t3, o.second_at t4, least(p.promoted, e.advocated) t5
                         from seg left join l on l.cid = seg.id left join d on d.cid = seg.id left join e on e.cid = seg.id
                         left join o on o.cid = seg.id left join p on p.cid = seg.id)
            select count(*),
                   count(*) filter (where coalesce(t2, t3, t4) is not null),
                   count(*) filter (where coalesce(t3, t4) is not null),
                   count(*) filter (where t4 is not null or (t3 is not null and t5 is not null)),
                   count(*) filter (where t5 is not null and coalesce(t3, t4) is not null),
                   percentile_cont(0.5) within group (order by extract(epoch from t2 - t1) / 86400) filter (where t2 >= t1),
                   count(*) filter (where t2 >= t1),
                   percentile_cont(0.5) within group (order by extract(epoch from t3 - t2) / 86400) filter (where t3 >= t2),
                   count(*) filter (where t3 >= t2),
                   percentile_cont(0.5) within group (order by extract(epoch from t4 - t3) / 86400) filter (where t4 >= t3),
                   count(*) filter (where t4 >= t3),
                   percentile_cont(0.5) within group (order by extract(epoch from t5 - t4) / 86400) filter (where t5 >= t4),
                   count(*) filter (where t5 >= t4)
              from j""";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Snapshots snapshots;
    Api api;
    ApiFixtures fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
    }

    static Instant in1985to1989(Random random) {
        long from = LocalDate.of(1985, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long to = LocalDate.of(1989, 12, 31).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        // whole days only, so several customers share a last-order date (ties in R)
        return Instant.ofEpochSecond(from + (Math.floorMod(random.nextLong(), (to - from) / 86400)) * 86400);
    }

    private long contact(String tag, Long owner, Instant created) {
        Map<String, Object> body = new HashMap<>(Map.of("lastName", Api.unique("Snap"), "tags", List.of(tag)));
        if (owner != null) body.put("ownerId", owner);
        long id = fx.contact(fx.admin(), Api.JSON.writeValueAsString(body)).get("id").asLong();
        jdbc.sql("update contacts set created_at = :at where id = :id").param("at", Timestamp.from(created)).param("id", id).update();
        return id;
    }

    private void order(long contact, Instant at, String status, BigDecimal total) {
        jdbc.sql("insert into orders (number, contact_id, ordered_at, status, channel, currency, total) values (:n, :c, :at, :s, 'WEB', 'EUR', :t)")
                .param("n", Api.unique("SNAP")).param("c", contact).param("at", Timestamp.from(at)).param("s", status).param("t", total).update();
    }

    /** Random customers with 0–6 orders (a few cancelled or refunded; totals from a short list: ties in F and M), leads, calls, NPS. */
    private List<Long> randomCustomers(String tag, Long owner, long seed, int n) {
        Random random = new Random(seed);
        BigDecimal[] totals = {new BigDecimal("10.00"), new BigDecimal("25.50"), new BigDecimal("99.99"), new BigDecimal("250.00")};
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant created = in1985to1989(random).minus(Duration.ofDays(400));
            long c = contact(tag, owner, created);
            ids.add(c);
            int orders = random.nextInt(7);
            for (int k = 0; k < orders; k++) {
                double x = random.nextDouble();
                order(c, in1985to1989(random), x < 0.1 ? "CANCELLED" : x < 0.15 ? "REFUNDED" : "COMPLETED", totals[random.nextInt(totals.length)]);
            }
            if (random.nextDouble() < 0.3) {
                Instant at = created.plus(Duration.ofDays(random.nextInt(30)));
                jdbc.sql("insert into leads (last_name, source, status, converted_contact_id, converted_at, created_at) "
                                + "values ('Snap', 'web', 'CONVERTED', :c, :conv, :at)")
                        .param("c", c).param("conv", Timestamp.from(at.plus(Duration.ofDays(3)))).param("at", Timestamp.from(at.minus(Duration.ofDays(5))))
                        .update();
            }
            if (random.nextDouble() < 0.4) {
                jdbc.sql("insert into activities (kind, channel, occurred_at, contact_id, subject, direction) values ('CALL', 'PHONE', :at, :c, 'Snap', 'OUTBOUND')")
                        .param("at", Timestamp.from(created.plus(Duration.ofDays(1 + random.nextInt(200))))).param("c", c).update();
            }
            if (random.nextDouble() < 0.3) {
                jdbc.sql("insert into survey_responses (kind, score, contact_id, source, answered_at) values ('NPS', :s, :c, 'SURVEY', :at)")
                        .param("s", random.nextInt(11)).param("c", c).param("at", Timestamp.from(in1985to1989(random).plus(Duration.ofDays(30)))).update();
            }
        }
        return ids;
    }

    private JsonNode awaitJob(long id, String token) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = api.get("/api/v1/analytics/jobs/" + id, token).json();
            return !last[0].get("status").asString().matches("QUEUED|RUNNING");
        });
        assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo("DONE");
        return last[0];
    }

    @Test
    void rfmSnapshotEqualsTheOldComputationOnRandomizedCustomers() {
        String tag = Api.unique("snap-rfm");
        randomCustomers(tag, null, 85, 60);
        JsonNode summary = api.get("/api/v1/analytics/rfm", fx.admin()).json();
        assertThat(summary.get("freshness").get("stale").asBoolean()).isFalse();

        // every customer's scores equal the rank-based definition
        Map<Long, int[]> expected = new HashMap<>();
        jdbc.sql(OLD_RANK_SCORES).query(rs -> {
            expected.put(rs.getLong(1), new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4)});
        });
        Map<Long, Object[]> actual = new HashMap<>();
        jdbc.sql("select contact_id, r, f, m, fm, segment from rfm_scores").query(rs -> {
            actual.put(rs.getLong(1), new Object[] {rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getString(6)});
        });
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, rfm) -> {
            Object[] a = actual.get(id);
            int fm = RfmSegment.fm(rfm[1], rfm[2]);
            assertThat(a).as("contact " + id).containsExactly(rfm[0], rfm[1], rfm[2], fm, RfmSegment.of(rfm[0], fm).key());
        });

        // the summary equals the old per-request query, segment by segment
        Map<String, Object[]> old = new HashMap<>();
        jdbc.sql(OLD_SUMMARY.formatted(io.rapport.analytics.rfm.Rfm.SCORES)).query(rs -> {
            old.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getBigDecimal(3), rs.getDouble(4), rs.getDouble(5)});
        });
        long customers = 0;
        for (JsonNode s : summary.get("segments")) {
            Object[] o = old.get(s.get("key").asString());
            long n = o == null ? 0 : (Long) o[0];
            customers += n;
            assertThat(s.get("customers").asLong()).as(s.get("key").asString()).isEqualTo(n);
            if (n == 0) continue;
            assertThat(s.get("revenue").decimalValue()).isEqualByComparingTo((BigDecimal) o[1]);
            assertThat(s.get("avgOrders").asDouble()).isEqualTo(Math.round((Double) o[2] / n * 10) / 10.0);
            // "now" moved by the time between the two queries: within a tenth of a day
            assertThat(s.get("avgRecencyDays").asDouble()).isCloseTo((Double) o[3] / n, within(0.11));
        }
        assertThat(summary.get("customers").asLong()).isEqualTo(customers);
    }

    private double[] oldFunnel(String condition, Map<String, Object> params) {
        return jdbc.sql(OLD_FUNNEL.formatted(condition)).params(params).query(rs -> {
            rs.next();
            double[] f = new double[13];
            for (int i = 0; i < 13; i++) {
                f[i] = rs.getDouble(i + 1);
                if (rs.wasNull()) f[i] = Double.NaN;
            }
            return f;
        });
    }

    private static void assertSameFunnel(JsonNode funnel, double[] old) {
        assertThat(funnel.get("contacts").asLong()).isEqualTo((long) old[0]);
        JsonNode stages = funnel.get("stages");
        for (int s = 1; s < 5; s++) {
            JsonNode st = stages.get(s);
            assertThat(st.get("reached").asLong()).as(st.get("stage").asString()).isEqualTo((long) old[s]);
            assertThat(st.get("timedContacts").asLong()).isEqualTo((long) old[4 + 2 * s]);
            double median = old[3 + 2 * s];
            if (Double.isNaN(median)) assertThat(st.get("medianDaysFromPrevious").isNull()).isTrue();
            else assertThat(st.get("medianDaysFromPrevious").asDouble()).isEqualTo(Math.round(median * 10) / 10.0);
        }
    }

    @Test
    void journeySnapshotEqualsTheOldFunnelForAllATagAndAnOwnBook() {
        ApiFixtures.User seller = fx.user("SALES", null);
        String tag = Api.unique("snap-jrn");
        randomCustomers(tag, null, 86, 40);
        randomCustomers(tag, seller.id(), 87, 20);

        JsonNode tagged = api.get("/api/v1/analytics/journeys?segment=tag:" + tag, fx.admin()).json();
        assertThat(tagged.get("freshness").get("stale").asBoolean()).isFalse();
        assertSameFunnel(tagged, oldFunnel("c.tags @> array[cast(:t as text)]", Map.of("t", tag)));
        assertThat(tagged.get("contacts").asLong()).isEqualTo(60);

        JsonNode all = api.get("/api/v1/analytics/journeys", fx.admin()).json();
        assertSameFunnel(all, oldFunnel("true", Map.of()));

        JsonNode own = api.get("/api/v1/analytics/journeys?segment=tag:" + tag, seller.token()).json();
        assertSameFunnel(own, oldFunnel("c.tags @> array[cast(:t as text)] and c.owner_id = :o", Map.of("t", tag, "o", seller.id())));
        assertThat(own.get("contacts").asLong()).isEqualTo(20);
    }

    @Test
    void aBigBusinessReadsTheLastSnapshotWhileABackgroundJobRefreshesIt() {
        String tag = Api.unique("snap-bg");
        long c = contact(tag, null, Instant.parse("1986-01-01T00:00:00Z"));
        api.get("/api/v1/analytics/rfm", fx.admin());  // current before the limit drops
        int previous = snapshots.inlineMaxRows(0);
        try {
            order(c, Instant.parse("1987-03-04T10:00:00Z"), "COMPLETED", new BigDecimal("77.00"));
            JsonNode stale = api.get("/api/v1/analytics/rfm", fx.admin()).json();
            JsonNode freshness = stale.get("freshness");
            assertThat(freshness.get("stale").asBoolean()).isTrue();
            assertThat(freshness.get("refreshedAt").isNull()).isFalse();
            long job = freshness.get("refreshJobId").asLong();
            awaitJob(job, fx.admin());
            JsonNode now = api.get("/api/v1/analytics/rfm", fx.admin()).json();
            assertThat(jdbc.sql("select count(*) from rfm_scores where contact_id = :c").param("c", c).query(Long.class).single()).isOne();
            assertThat(now.toString()).doesNotContain("NaN");

            // the journey page says how old its figures are, and the funnel of the tag is read from the snapshot
            api.get("/api/v1/analytics/journeys?segment=tag:" + tag, fx.admin());
            JsonNode funnel = api.get("/api/v1/analytics/journeys?segment=tag:" + tag, fx.admin()).json();
            JsonNode jf = funnel.get("freshness");
            if (jf.get("stale").asBoolean()) awaitJob(jf.get("refreshJobId").asLong(), fx.admin());
            JsonNode after = api.get("/api/v1/analytics/journeys?segment=tag:" + tag, fx.admin()).json();
            assertThat(after.get("contacts").asLong()).isEqualTo(1);
            PageSession page = PageSession.signIn(api.base(), fx.user("MANAGER", null).email(), ApiFixtures.PASSWORD);
            assertThat(page.get("/analytics/rfm").body()).contains("Scores as of").contains("Recompute now");
            assertThat(page.get("/analytics/journeys?segment=tag:" + tag).body()).contains("Stage dates as of");
        } finally {
            snapshots.inlineMaxRows(previous);
        }
    }

    @Test
    void savingASegmentAsAListIsABackgroundJobWithProgressSeenByItsStarter() {
        ApiFixtures.User seller = fx.user("SALES", null), other = fx.user("SALES", null);
        String tag = Api.unique("snap-list");
        List<Long> mine = randomCustomers(tag, seller.id(), 88, 12);
        JsonNode summary = api.get("/api/v1/analytics/rfm", seller.token()).json();
        long tagged = 0;
        for (JsonNode s : summary.get("segments")) {
            if (s.get("customers").asLong() == 0) continue;
            String list = Api.unique("lst-" + s.get("key").asString());
            Api.Response r = api.post("/api/v1/analytics/rfm/segments/" + s.get("key").asString() + "/list", seller.token(), "{\"tag\":\"" + list + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/analytics/jobs/" + r.json().get("id").asLong());
            assertThat(r.json().get("kind").asString()).isEqualTo("RFM_LIST");
            JsonNode done = awaitJob(r.json().get("id").asLong(), seller.token());
            assertThat(done.get("percent").asInt()).isEqualTo(100);
            assertThat(done.get("result").get("contacts").asLong()).isEqualTo(s.get("customers").asLong());
            assertThat(done.get("result").get("list").asString()).isEqualTo("/contacts?tag=" + list);
            assertThat(fx.allIds("/api/v1/contacts?tag=" + list, fx.admin())).hasSize(s.get("customers").asInt()).isSubsetOf(mine);
            tagged += s.get("customers").asLong();
            // the job is its starter's (and ADMIN's and MANAGER's) to see
            long id = r.json().get("id").asLong();
            assertThat(api.get("/api/v1/analytics/jobs/" + id, fx.admin()).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/analytics/jobs/" + id, fx.user("MANAGER", null).token()).status()).isEqualTo(200);
            for (String role : List.of("MARKETING", "AGENT", "READ_ONLY")) {
                assertProblem(api.get("/api/v1/analytics/jobs/" + id, fx.user(role, null).token()), 404);
            }
            assertProblem(api.get("/api/v1/analytics/jobs/" + id, other.token()), 404);
        }
        assertThat(tagged).isEqualTo(mine.stream().filter(c -> jdbc.sql("select count(*) from rfm_scores where contact_id = :c")
                .param("c", c).query(Long.class).single() > 0).count());
        assertProblem(api.get("/api/v1/analytics/jobs/999999999", fx.admin()), 404);
        // bad input queues nothing
        long before = jdbc.sql("select count(*) from analytics_jobs").query(Long.class).single();
        assertInvalid(api.post("/api/v1/analytics/rfm/segments/lost/list", seller.token(), "{\"tag\":\"" + "x".repeat(51) + "\"}"), "tag");
        assertInvalid(api.post("/api/v1/analytics/rfm/segments/nobody/list", seller.token(), "{\"tag\":\"x\"}"), "segment");
        assertProblem(api.post("/api/v1/analytics/rfm/segments/lost/list", fx.user("READ_ONLY", null).token(), "{\"tag\":\"x\"}"), 403);
        assertThat(jdbc.sql("select count(*) from analytics_jobs").query(Long.class).single()).isEqualTo(before);

        // the page shows the job's progress fragment
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        long any = jdbc.sql("select max(id) from analytics_jobs where started_by = :u").param("u", seller.id()).query(Long.class).single();
        assertThat(page.get("/analytics/rfm?job=" + any).body()).contains("Saving the segment as a list").contains("contacts carry the tag");
        assertThat(page.get("/analytics/jobs/" + any).body()).contains("job-" + any);
    }

    @Test
    void analystsRefreshOnDemandOtherRolesMayNot() {
        for (String role : List.of("ADMIN", "MANAGER", "MARKETING")) {
            String token = role.equals("ADMIN") ? fx.admin() : fx.user(role, null).token();
            for (String path : List.of("/api/v1/analytics/rfm/refresh", "/api/v1/analytics/journeys/refresh")) {
                Api.Response r = api.post(path, token, "");
                assertThat(r.status()).as(role + " " + path + " " + r.body()).isEqualTo(202);
                assertThat(r.json().get("kind").asString()).isIn("RFM_REFRESH", "JOURNEY_REFRESH");
                awaitJob(r.json().get("id").asLong(), fx.admin());
            }
        }
        for (String role : List.of("SALES", "AGENT", "READ_ONLY")) {
            String token = fx.user(role, null).token();
            assertProblem(api.post("/api/v1/analytics/rfm/refresh", token, ""), 403);
            assertProblem(api.post("/api/v1/analytics/journeys/refresh", token, ""), 403);
        }
    }
}
