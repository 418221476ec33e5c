package io.rapport.analytics.insight;

import static io.rapport.support.ApiFixtures.assertInvalid;
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
class JourneyApiTest {

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

    /** c1 only aware; c2 a call; c3 a call then an order; c4 two orders and a promoter answer (no recorded consideration). */
    private String journeyOf(Long owner) {
        String tag = Api.unique("jrn");
        var t0 = InsightFixtures.daysAgo(100);
        in.contact(tag, owner, t0);
        long c2 = in.contact(tag, owner, t0);
        in.activity(c2, "CALL", "PHONE", "OUTBOUND", null, null, t0.plusSeconds(86400));
        long c3 = in.contact(tag, owner, t0);
        in.activity(c3, "CALL", "PHONE", "OUTBOUND", null, null, t0.plusSeconds(86400));
        in.order(c3, t0.plusSeconds(3 * 86400), 50);
        long c4 = in.contact(tag, owner, t0);
        in.order(c4, t0.plusSeconds(2 * 86400), 80);
        in.order(c4, t0.plusSeconds(12 * 86400), 90);
        in.answer(c4, "NPS", 10, t0.plusSeconds(20 * 86400));
        return tag;
    }

    @Test
    void theFunnelCountsEachStageWithConversionAndMedianDays() {
        String tag = journeyOf(null);
        Api.Response r = api.get("/api/v1/analytics/journeys?segment=tag:" + tag, fx.admin());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode f = r.json();
        assertThat(f.get("contacts").asLong()).isEqualTo(4);
        JsonNode s = f.get("stages");
        assertThat(s.get(0).get("reached").asLong()).isEqualTo(4);
        assertThat(s.get(1).get("reached").asLong()).isEqualTo(3);
        assertThat(s.get(2).get("reached").asLong()).isEqualTo(2);
        assertThat(s.get(3).get("reached").asLong()).isEqualTo(1);
        assertThat(s.get(4).get("reached").asLong()).isEqualTo(1);
        assertThat(s.get(1).get("conversionFromPreviousPct").asDouble()).isEqualTo(75.0);
        assertThat(s.get(2).get("conversionFromPreviousPct").asDouble()).isEqualTo(66.7);
        assertThat(s.get(3).get("conversionFromPreviousPct").asDouble()).isEqualTo(50.0);
        assertThat(s.get(4).get("conversionFromPreviousPct").asDouble()).isEqualTo(100.0);
        assertThat(s.get(1).get("medianDaysFromPrevious").asDouble()).isEqualTo(1.0);
        assertThat(s.get(2).get("medianDaysFromPrevious").asDouble()).isEqualTo(2.0);
        assertThat(s.get(3).get("medianDaysFromPrevious").asDouble()).isEqualTo(10.0);
        assertThat(s.get(4).get("medianDaysFromPrevious").asDouble()).isEqualTo(8.0);
        assertThat(f.get("biggestDrop").asString()).isEqualTo("PURCHASE → RETENTION");

        Api.Response csv = api.get("/api/v1/analytics/journeys.csv?segment=tag:" + tag, fx.admin());
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("CONSIDERATION,3,75.0,75.0,1.0,2").contains("ADVOCACY,1,25.0,100.0,8.0,1");
    }

    @Test
    void emptySegmentsAndBadSegmentsAreClear() {
        JsonNode f = api.get("/api/v1/analytics/journeys?segment=tag:" + Api.unique("none"), fx.admin()).json();
        assertThat(f.get("contacts").asLong()).isZero();
        assertThat(f.get("message").asString()).contains("No contacts");
        assertThat(f.toString()).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(f.get("stages").get(1).get("conversionFromPreviousPct").isNull()).isTrue();
        assertInvalid(api.get("/api/v1/analytics/journeys?segment=colour:red", fx.admin()), "segment");
        assertInvalid(api.get("/api/v1/analytics/journeys?segment=stage:NOPE", fx.admin()), "segment");
        assertInvalid(api.get("/api/v1/analytics/journeys?segment=account:abc", fx.admin()), "segment");
        assertInvalid(api.get("/api/v1/analytics/journeys/touchpoints?from=yesterday", fx.admin()), "from");
        assertInvalid(api.get("/api/v1/analytics/journeys/touchpoints?from=2026-05-01&to=2026-04-01", fx.admin()), "to");
        JsonNode t = api.get("/api/v1/analytics/journeys/touchpoints?segment=tag:" + Api.unique("none"), fx.admin()).json();
        assertThat(t.get("rows").size()).isZero();
        assertThat(t.get("message").asString()).contains("No touchpoints");
    }

    @Test
    void sellersSeeTheFunnelOfTheirOwnBookOnly() {
        ApiFixtures.User seller = fx.user("SALES", null);
        String others = journeyOf(null);
        String own = journeyOf(seller.id());
        assertThat(api.get("/api/v1/analytics/journeys?segment=tag:" + others, seller.token()).json().get("contacts").asLong()).isZero();
        assertThat(api.get("/api/v1/analytics/journeys?segment=tag:" + own, seller.token()).json().get("contacts").asLong()).isEqualTo(4);
        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        assertThat(api.get("/api/v1/analytics/journeys?segment=tag:" + others, reader.token()).json().get("contacts").asLong()).isEqualTo(4);
        ApiFixtures.User marketer = fx.user("MARKETING", null);
        assertThat(api.get("/api/v1/analytics/journeys?segment=tag:" + others, marketer.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/analytics/journeys", null).status()).isEqualTo(401);
    }

    @Test
    void touchpointsShowVolumeSentimentAndSatisfactionAndFlagTheWorst() {
        String tag = Api.unique("tp");
        var t0 = InsightFixtures.daysAgo(30);
        for (int i = 0; i < 6; i++) {
            long c = in.contact(tag, null, t0);
            in.activity(c, "CALL", "PHONE", "INBOUND", "NEGATIVE", null, t0.plusSeconds(3600));
            in.activity(c, "EMAIL", "EMAIL", "OUTBOUND", "POSITIVE", null, t0.plusSeconds(7200));
            long ticket = in.ticket(c, "QUESTION", "CHAT", t0.plusSeconds(3600), t0.plusSeconds(7200), 0.4);
            jdbc.sql("""
                            insert into csat_surveys (ticket_id, contact_id, reason, token_hash, sent_at, score, answered_at)
                            values (:t, :c, 'SOLVED', sha256(convert_to(gen_random_uuid()::text, 'UTF8')), now(), 5, now())""")
                    .param("t", ticket).param("c", c).update();
            in.answer(c, "NPS", i < 4 ? 10 : 3, t0.plusSeconds(9000));
        }
        JsonNode t = api.get("/api/v1/analytics/journeys/touchpoints?segment=tag:" + tag, fx.admin()).json();
        JsonNode phone = row(t, "Timeline", "PHONE"), email = row(t, "Timeline", "EMAIL"), chat = row(t, "Tickets", "CHAT"),
                nps = row(t, "Survey NPS", "SURVEY");
        assertThat(phone.get("volume").asLong()).isEqualTo(6);
        assertThat(phone.get("sentiment").asDouble()).isEqualTo(-1.0);
        assertThat(phone.get("painPoint").asBoolean()).isTrue();
        assertThat(phone.get("worst").asBoolean()).isTrue();
        assertThat(email.get("sentiment").asDouble()).isEqualTo(1.0);
        assertThat(email.get("painPoint").asBoolean()).isFalse();
        assertThat(chat.get("volume").asLong()).isEqualTo(6);
        assertThat(chat.get("satisfiedPct").asDouble()).isEqualTo(100.0);
        assertThat(chat.get("sentiment").asDouble()).isEqualTo(0.4);
        assertThat(nps.get("volume").asLong()).isEqualTo(6);
        assertThat(nps.get("nps").asDouble()).isEqualTo(33.3);
        assertThat(t.get("worst").asString()).isEqualTo("Timeline · PHONE");
        Api.Response csv = api.get("/api/v1/analytics/journeys/touchpoints.csv?segment=tag:" + tag, fx.admin());
        assertThat(csv.body()).contains("\"Timeline\",\"PHONE\",6,-1.0,6,6,,0,,,true,true");

        PageSession page = PageSession.signIn(api.base(), fx.user("MANAGER", null).email(), ApiFixtures.PASSWORD);
        var html = page.get("/analytics/journeys?segment=tag:" + tag);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Worst touchpoint: Timeline · PHONE").contains("<svg").doesNotContain("NaN");
        assertThat(page.get("/analytics/journeys?segment=bogus:1").body()).contains("unknown segment kind");
    }

    private static JsonNode row(JsonNode t, String type, String channel) {
        for (JsonNode r : t.get("rows")) if (r.get("type").asString().equals(type) && r.get("channel").asString().equals(channel)) return r;
        throw new AssertionError("no row " + type + " " + channel + " in " + t);
    }
}
