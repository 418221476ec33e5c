package io.rapport.service;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import io.rapport.support.PastPeriods;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Metrics over a hand-made week of tickets, in a period of the past no other test writes into. */
@IntegrationTest
class ServiceMetricsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    LocalDate day;
    Instant d;
    long team;
    ApiFixtures.User a, b, reviewer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        day = LocalDate.of(1950, 1, 2);  // this class's week (see PastPeriods), emptied before every test
        d = PastPeriods.start(day);
        PastPeriods.clearTickets(jdbc, d.minus(Duration.ofDays(2)), d.plus(Duration.ofDays(8)));
        team = fx.team();
        a = fx.user("AGENT", team);
        b = fx.user("AGENT", team);
        reviewer = fx.user("MANAGER", null);
        long t1 = ticket(a, h(0), h(2), 0, h(1));
        long t2 = ticket(a, h(0), h(10), 0, h(3), h(4));
        long t3 = ticket(b, h(0), h(20), 1, h(5));
        ticket(b, h(0), null, 0);
        ticket(a, h(-24), h(24), 0, h(-23));
        survey(t1, 5);
        survey(t2, 3);
        survey(t3, 4);
        review(t1, a, "4.00");
        review(t3, b, "2.50");
    }

    Instant h(int hours) {
        return d.plus(Duration.ofHours(hours));
    }

    long ticket(ApiFixtures.User agent, Instant created, Instant solved, int reopens, Instant... replies) {
        long id = jdbc.sql("""
                        insert into tickets (subject, channel, status, assignee_id, team_id, created_at, solved_at, reopen_count)
                        values ('Metrics', 'EMAIL', :s, :a, :team, :c, :solved, :r) returning id""")
                .param("s", solved == null ? "OPEN" : "SOLVED").param("a", agent.id()).param("team", agent.teamId())
                .param("c", Timestamp.from(created)).param("solved", solved == null ? null : Timestamp.from(solved)).param("r", reopens)
                .query(Long.class).single();
        for (Instant at : replies) {
            jdbc.sql("""
                    insert into ticket_messages (ticket_id, kind, direction, channel, author_user_id, body_text, created_at)
                    values (:t, 'PUBLIC', 'OUTBOUND', 'EMAIL', :a, 'Reply', :at)""")
                    .param("t", id).param("a", agent.id()).param("at", Timestamp.from(at)).update();
        }
        // an internal note never counts as a reply
        jdbc.sql("insert into ticket_messages (ticket_id, kind, direction, channel, body_text) values (:t, 'NOTE', 'OUTBOUND', 'EMAIL', 'note')")
                .param("t", id).update();
        return id;
    }

    void survey(long ticket, int score) {
        jdbc.sql("""
                insert into csat_surveys (ticket_id, reason, token_hash, sent_at, score, answered_at)
                values (:t, 'SOLVED', gen_random_uuid()::text::bytea, :at, :s, :at)""")
                .param("t", ticket).param("s", score).param("at", Timestamp.from(h(30))).update();
    }

    void review(long ticket, ApiFixtures.User agent, String score) {
        jdbc.sql("insert into qa_reviews (ticket_id, reviewer_id, agent_id, score, created_at) values (:t, :r, :a, :s::numeric, :at)")
                .param("t", ticket).param("r", reviewer.id()).param("a", agent.id()).param("s", score)
                .param("at", Timestamp.from(h(40))).update();
    }

    String period() {
        return "from=" + day + "&to=" + day.plusDays(6);
    }

    @Test
    void overallFiguresAreExact() {
        JsonNode r = api.get("/api/v1/service/metrics?" + period(), fx.admin()).json();
        JsonNode t = r.get("total");
        // no SLA policy calendar and no default calendar: wall-clock, and the result says so
        assertThat(r.get("timeBasis").asString()).isEqualTo("wall-clock");
        assertThat(r.get("timeBasisCounts").get("wallClock").asLong()).isEqualTo(7);
        assertThat(r.get("timeBasisCounts").get("policyCalendar").asLong()).isZero();
        assertThat(r.get("timeBasisCounts").get("unmeasured").asLong()).isZero();
        assertThat(jdbc.sql("select count(*) from tickets where created_at >= :f and created_at < :t and business_times_pending")
                .param("f", Timestamp.from(d.minus(Duration.ofDays(2)))).param("t", Timestamp.from(d.plus(Duration.ofDays(8))))
                .query(Long.class).single()).as("measured and stored by the dashboard before it aggregated").isZero();
        assertThat(t.get("received").asLong()).isEqualTo(4);
        assertThat(t.get("solved").asLong()).isEqualTo(4);
        assertThat(t.get("firstResponseMedian").asDouble()).isEqualTo(10800.0);
        assertThat(t.get("firstResponseP90").asDouble()).isEqualTo(16560.0);
        assertThat(t.get("resolutionMedian").asDouble()).isEqualTo(54000.0);
        assertThat(t.get("resolutionP90").asDouble()).isEqualTo(142560.0);
        assertThat(t.get("firstContactResolution").asDouble()).isEqualTo(50.0);
        assertThat(t.get("reopenRate").asDouble()).isEqualTo(25.0);
        assertThat(t.get("csat").asDouble()).isEqualTo(66.7);
        assertThat(t.get("csatAnswers").asLong()).isEqualTo(3);
        assertThat(t.get("qaAverage").asDouble()).isEqualTo(3.3);
        assertThat(t.get("slaCompliance").isNull()).isTrue();
        assertThat(r.get("groups").size()).isZero();
        assertThat(r.get("weeks").get(0).get("received").asLong()).isEqualTo(4);
    }

    @Test
    void perAgentAndPerTeam() {
        JsonNode groups = api.get("/api/v1/service/metrics?groupBy=agent&" + period(), fx.admin()).json().get("groups");
        JsonNode ga = null, gb = null;
        for (JsonNode g : groups) {
            if (g.get("groupId").asLong() == a.id()) ga = g;
            if (g.get("groupId").asLong() == b.id()) gb = g;
        }
        assertThat(groups.size()).isEqualTo(2);
        assertThat(ga.get("received").asLong()).isEqualTo(2);
        assertThat(ga.get("solved").asLong()).isEqualTo(3);
        assertThat(ga.get("firstResponseMedian").asDouble()).isEqualTo(7200.0);
        assertThat(ga.get("firstResponseP90").asDouble()).isEqualTo(10080.0);
        assertThat(ga.get("resolutionMedian").asDouble()).isEqualTo(36000.0);
        assertThat(ga.get("resolutionP90").asDouble()).isEqualTo(145440.0);
        assertThat(ga.get("firstContactResolution").asDouble()).isEqualTo(66.7);
        assertThat(ga.get("reopenRate").asDouble()).isEqualTo(0.0);
        assertThat(ga.get("csat").asDouble()).isEqualTo(50.0);
        assertThat(ga.get("qaAverage").asDouble()).isEqualTo(4.0);
        assertThat(gb.get("received").asLong()).isEqualTo(2);
        assertThat(gb.get("solved").asLong()).isEqualTo(1);
        assertThat(gb.get("firstResponseMedian").asDouble()).isEqualTo(18000.0);
        assertThat(gb.get("resolutionP90").asDouble()).isEqualTo(72000.0);
        assertThat(gb.get("firstContactResolution").asDouble()).isEqualTo(0.0);
        assertThat(gb.get("reopenRate").asDouble()).isEqualTo(100.0);
        assertThat(gb.get("csat").asDouble()).isEqualTo(100.0);
        assertThat(gb.get("qaAverage").asDouble()).isEqualTo(2.5);

        JsonNode teams = api.get("/api/v1/service/metrics?groupBy=team&" + period(), fx.admin()).json().get("groups");
        assertThat(teams.size()).isEqualTo(1);
        assertThat(teams.get(0).get("groupId").asLong()).isEqualTo(team);
        assertThat(teams.get(0).get("received").asLong()).isEqualTo(4);
        assertThat(teams.get(0).get("firstContactResolution").asDouble()).isEqualTo(50.0);
    }

    @Test
    void percentilesPerGroupAndOverallAreThoseOfPercentileContOverTheStoredFigures() {
        // many tickets with scattered times (ties, odd and even counts, no reply, unsolved, unassigned) on top of setUp's
        var random = new java.util.Random(day.toEpochDay());
        for (int i = 0; i < 90; i++) {
            ApiFixtures.User agent = i % 3 == 0 ? a : b;
            Instant created = d.plusSeconds(random.nextInt(5 * 86400));
            Instant solved = i % 7 == 0 ? null : created.plusSeconds(60L * (1 + random.nextInt(i % 5 == 0 ? 10 : 3000)));
            long id = ticket(agent, created, solved, i % 11 == 0 ? 1 : 0,
                    i % 4 == 0 ? new Instant[0] : new Instant[] {created.plusSeconds(60L * (1 + random.nextInt(600)))});
            if (i % 10 == 0) jdbc.sql("update tickets set assignee_id = null where id = :id").param("id", id).update();
        }
        for (String groupBy : new String[] {"none", "agent", "team"}) {
            JsonNode r = api.get("/api/v1/service/metrics?groupBy=" + groupBy + "&" + period(), fx.admin()).json();
            String key = switch (groupBy) { case "agent" -> "assignee_id"; case "team" -> "team_id"; default -> "null::bigint"; };
            var expected = new java.util.HashMap<String, java.util.List<Object>>();
            jdbc.sql("""
                            select g, grouping(g), percentile_cont(0.5) within group (order by s),
                                   percentile_cont(0.9) within group (order by s), count(*), kind
                              from (select %1$s g, first_response_business_s s, 'fr' kind from tickets
                                     where created_at >= :f and created_at < :t and merged_into_id is null
                                    union all
                                    select %1$s g, resolution_business_s, 'res' from tickets
                                     where solved_at >= :f and solved_at < :t and merged_into_id is null) x
                             group by kind, rollup (g)""".formatted(key))
                    .param("f", Timestamp.from(d)).param("t", Timestamp.from(d.plus(Duration.ofDays(7))))
                    .query(rs -> {
                        String g = rs.getInt(2) == 1 ? "total" : String.valueOf(rs.getObject(1));
                        // the API rounds to one decimal as it always has: the same rounding of percentile_cont's float8
                        expected.put(rs.getString(6) + ":" + g, java.util.Arrays.asList(
                                Math.round(rs.getDouble(3) * 10) / 10.0, Math.round(rs.getDouble(4) * 10) / 10.0, rs.getLong(5)));
                    });
            java.util.List<JsonNode> rows = new java.util.ArrayList<>();
            r.get("groups").forEach(rows::add);
            for (JsonNode row : rows) check(expected, String.valueOf(row.get("groupId").isNull() ? null : row.get("groupId").asLong()), row);
            check(expected, "total", r.get("total"));
            assertThat(rows).as(groupBy).hasSize(groupBy.equals("agent") ? 3 : groupBy.equals("team") ? 1 : 0);
        }
    }

    private static void check(java.util.Map<String, java.util.List<Object>> expected, String group, JsonNode row) {
        var fr = expected.get("fr:" + group);
        var res = expected.get("res:" + group);
        assertThat(row.get("received").asLong()).as(group).isEqualTo(fr.get(2));
        assertThat(row.get("solved").asLong()).as(group).isEqualTo(res.get(2));
        assertThat(row.get("firstResponseMedian").asDouble()).as(group).isEqualTo(fr.get(0));
        assertThat(row.get("firstResponseP90").asDouble()).as(group).isEqualTo(fr.get(1));
        assertThat(row.get("resolutionMedian").asDouble()).as(group).isEqualTo(res.get(0));
        assertThat(row.get("resolutionP90").asDouble()).as(group).isEqualTo(res.get(1));
    }

    @Test
    void csvExportAndDashboardPage() {
        Api.Response csv = api.get("/api/v1/service/metrics.csv?groupBy=agent&" + period(), fx.admin());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("group,received,solved,first_response_median_s");
        assertThat(lines).hasSize(4);
        assertThat(lines[3]).startsWith("\"All\",4,4,10800.0,16560.0,54000.0,142560.0,,50.0,25.0,66.7,3,3.3");
        PageSession page = PageSession.signIn(api.base(), reviewer.email(), ApiFixtures.PASSWORD);
        var html = page.get("/service/dashboard?groupBy=agent&" + period());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Service dashboard").contains("<svg").contains("3.0 h").contains("66.7%").contains("n/a");
        assertThat(page.get("/service/dashboard.csv?" + period()).body()).contains("\"All\",4,4");
    }

    @Test
    void anEmptyPeriodHasNoFiguresRatherThanAnError() {
        JsonNode t = api.get("/api/v1/service/metrics?from=1900-01-01&to=1900-01-07&groupBy=agent", fx.admin()).json().get("total");
        assertThat(t.get("received").asLong()).isZero();
        assertThat(t.get("firstContactResolution").isNull()).isTrue();
        assertThat(t.get("csat").isNull()).isTrue();
        assertThat(t.get("qaAverage").isNull()).isTrue();
    }

    @Test
    void rolesAndBadInput() {
        for (String role : new String[] {"ADMIN", "MANAGER", "AGENT", "READ_ONLY", "SALES"}) {
            assertThat(api.get("/api/v1/service/metrics?" + period(), fx.user(role, null).token()).status()).as(role).isEqualTo(200);
        }
        assertProblem(api.get("/api/v1/service/metrics?" + period(), fx.user("MARKETING", null).token()), 403);
        assertInvalid(api.get("/api/v1/service/metrics?groupBy=planet", fx.admin()), "groupBy");
        assertInvalid(api.get("/api/v1/service/metrics?from=yesterday", fx.admin()), "from");
        assertInvalid(api.get("/api/v1/service/metrics?from=2026-02-01&to=2026-01-01", fx.admin()), "to");
        PageSession marketer = PageSession.signIn(api.base(), fx.user("MARKETING", null).email(), ApiFixtures.PASSWORD);
        assertThat(marketer.get("/service/dashboard").statusCode()).isEqualTo(403);
    }
}
