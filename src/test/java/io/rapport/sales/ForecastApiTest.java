package io.rapport.sales;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/forecast: pipeline, weighted, committed and won per owner/team and month; win rate; sales cycle. */
@IntegrationTest
class ForecastApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    DealFixtures deals;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        deals = new DealFixtures(api, fx.admin());
    }

    @Test
    void sumsEachKindOfAmountPerOwnerAndMonthWithWinRateAndSalesCycle() {
        var p = deals.pipeline();
        long team = fx.team();
        var seller = fx.user("SALES", team);
        deal(seller.token(), p, "1000", "2031-05-10", p.lead(), null);
        deal(seller.token(), p, "2000", "2031-05-20", p.commit(), null);
        long won = deal(seller.token(), p, "500", "2031-05-01", p.won(), null);
        deal(seller.token(), p, "300", "2031-06-01", p.lost(), "Too expensive");
        jdbc.sql("update deals set created_at = closed_at - interval '10 days' where id = :id").param("id", won).update();

        JsonNode f = api.get("/api/v1/forecast?groupBy=owner&from=2031-05&to=2031-06&pipeline=" + p.id(), fx.admin()).json();
        JsonNode may = cell(f, "2031-05");
        assertThat(may.get("groupId").asLong()).isEqualTo(seller.id());
        assertThat(may.get("currency").asString()).isEqualTo("EUR");
        assertThat(may.get("pipeline").decimalValue()).isEqualByComparingTo("3000");
        assertThat(may.get("weighted").decimalValue()).isEqualByComparingTo("1700");   // 1000 × 10% + 2000 × 80%
        assertThat(may.get("committed").decimalValue()).isEqualByComparingTo("2000");  // stages at 75% or more
        assertThat(may.get("won").decimalValue()).isEqualByComparingTo("500");
        assertThat(may.get("openDeals").asLong()).isEqualTo(2);
        assertThat(cell(f, "2031-06").get("lostDeals").asLong()).isEqualTo(1);
        assertThat(f.get("overall").get("winRate").decimalValue()).isEqualByComparingTo("50.0");
        assertThat(f.get("overall").get("averageSalesCycleDays").decimalValue()).isEqualByComparingTo("10.0");
        assertThat(f.get("groups").get(0).get("groupName").asString()).isEqualTo("Test SALES");

        JsonNode byTeam = api.get("/api/v1/forecast?groupBy=team&from=2031-05&to=2031-05&pipeline=" + p.id(), fx.admin()).json();
        assertThat(byTeam.get("cells")).hasSize(1);
        assertThat(byTeam.get("cells").get(0).get("groupId").asLong()).isEqualTo(team);
    }

    @Test
    void salesSeeTheForecastOfTheirOwnBookOnly() {
        var p = deals.pipeline();
        var seller = fx.user("SALES", fx.team());
        var other = fx.user("SALES", fx.team());
        deal(seller.token(), p, "100", "2031-07-01", p.lead(), null);
        deal(other.token(), p, "900", "2031-07-01", p.lead(), null);
        String path = "/api/v1/forecast?from=2031-07&to=2031-07&pipeline=" + p.id();
        assertThat(api.get(path, seller.token()).json().get("cells")).hasSize(1);
        assertThat(cell(api.get(path, seller.token()).json(), "2031-07").get("pipeline").decimalValue()).isEqualByComparingTo("100");
        for (String role : List.of("ADMIN", "MANAGER", "MARKETING", "READ_ONLY")) {
            assertThat(api.get(path, fx.user(role, null).token()).json().get("cells")).as(role).hasSize(2);
        }
        assertThat(api.get(path, fx.user("AGENT", null).token()).json().get("cells")).isEmpty();
        assertProblem(api.get(path, null), 401);
    }

    @Test
    void badParametersAre400() {
        assertInvalid(api.get("/api/v1/forecast?groupBy=color", fx.admin()), "groupBy");
        assertInvalid(api.get("/api/v1/forecast?from=2031-13", fx.admin()), "from");
        assertInvalid(api.get("/api/v1/forecast?from=2031-05&to=2031-01", fx.admin()), "to");
        assertInvalid(api.get("/api/v1/forecast?from=2001-01&to=2031-01", fx.admin()), "to");
        assertProblem(api.get("/api/v1/forecast?pipeline=abc", fx.admin()), 400);
    }

    @Test
    void runningTotalsStayEqualToTheDealsThroughCreatesMovesEditsAndDeletes() {
        var p = deals.pipeline();
        var seller = fx.user("SALES", fx.team());
        long a = deal(fx.admin(), p, "100", "2031-08-01", p.lead(), null);
        long b = deal(fx.admin(), p, "200", null, p.offer(), null);
        long c = deal(seller.token(), p, "300", "2031-09-09", p.commit(), null);
        deals.move(fx.admin(), a, p.won(), 0, null);
        deals.move(fx.admin(), b, p.lost(), 0, "No");
        api.patch("/api/v1/deals/" + c, fx.admin(), "{\"amount\":350,\"closeDate\":\"2031-10-10\",\"ownerId\":" + api.userId(fx.admin()) + ",\"version\":0}");
        api.patch("/api/v1/deals/" + a, fx.admin(), "{\"name\":\"Renamed only\",\"version\":1}");
        api.delete("/api/v1/deals/" + b, fx.admin());
        String totals = """
                select t.stage_id, t.owner_id, t.team_id, t.currency, t.close_month, t.deals, t.amount from deal_totals t
                  join pipeline_stages s on s.id = t.stage_id where s.pipeline_id = :p and t.deals <> 0 order by 1, 2, 3, 4, 5""";
        String direct = """
                select stage_id, coalesce(owner_id, 0) as owner_id, coalesce(team_id, 0) as team_id, currency,
                       deal_totals_month(close_date) as close_month, count(*) as deals, sum(amount) as amount
                  from deals where pipeline_id = :p group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5""";
        assertThat(jdbc.sql(totals).param("p", p.id()).query().listOfRows())
                .isEqualTo(jdbc.sql(direct).param("p", p.id()).query().listOfRows())
                .hasSize(2);
    }

    private long deal(String token, DealFixtures.TestPipeline p, String amount, String close, long stage, String lostReason) {
        return deals.deal(token, "{\"name\":\"F\",\"pipelineId\":" + p.id() + ",\"stageId\":" + stage + ",\"amount\":" + amount
                + ",\"currency\":\"EUR\"" + (close == null ? "" : ",\"closeDate\":\"" + close + "\"") + (lostReason == null ? "" : ",\"lostReason\":\"" + lostReason + "\"")
                + "}").get("id").asLong();
    }

    private static JsonNode cell(JsonNode forecast, String month) {
        for (JsonNode c : forecast.get("cells")) if (c.get("month").asString().equals(month)) return c;
        throw new AssertionError("no cell for " + month + " in " + forecast);
    }
}
