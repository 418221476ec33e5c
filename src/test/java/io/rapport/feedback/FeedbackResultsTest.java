package io.rapport.feedback;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Results over fixture answers in 1971 (a period no other test writes), permissions on answers, and the pages. */
@IntegrationTest
class FeedbackResultsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        jdbc.sql("delete from survey_responses where answered_at >= '1971-01-01' and answered_at < '1972-01-01'").update();
    }

    void answer(String kind, int score, Long contact, String at) {
        jdbc.sql("insert into survey_responses (kind, score, contact_id, source, answered_at) values (:k, :s, :c, 'TEST', :at::timestamptz)")
                .param("k", kind).param("s", score).param("c", contact).param("at", at).update();
    }

    @Test
    void npsWithPromotersPassivesDetractorsMarginAndMonthlyTrend() {
        // March: 5 promoters, 2 passives, 3 detractors → NPS 20, var = 0.8 − 0.04 = 0.76, margin = 1.96·√(0.076) = 54.0
        int[] march = {10, 9, 9, 10, 9, 7, 8, 0, 6, 3};
        for (int s : march) answer("NPS", s, null, "1971-03-10T12:00:00Z");
        answer("NPS", 10, null, "1971-05-01T00:00:00Z");
        JsonNode r = api.get("/api/v1/analytics/nps?from=1971-03-01&to=1971-03-31", fx.admin()).json();
        JsonNode t = r.get("total");
        assertThat(t.get("answers").asInt()).isEqualTo(10);
        assertThat(t.get("promoters").asInt()).isEqualTo(5);
        assertThat(t.get("passives").asInt()).isEqualTo(2);
        assertThat(t.get("detractors").asInt()).isEqualTo(3);
        assertThat(t.get("value").asDouble()).isEqualTo(20.0);
        assertThat(t.get("margin").asDouble()).isEqualTo(54.0);

        JsonNode months = api.get("/api/v1/analytics/nps?from=1971-01-01&to=1971-12-31&groupBy=month", fx.admin()).json().get("groups");
        assertThat(months).hasSize(2);
        assertThat(months.get(0).get("key").asString()).isEqualTo("1971-03");
        assertThat(months.get(1).get("key").asString()).isEqualTo("1971-05");
        assertThat(months.get(1).get("value").asDouble()).isEqualTo(100.0);
        assertThat(months.get(1).get("margin").asDouble()).isEqualTo(0.0);
    }

    @Test
    void csatShareOfFourAndFiveAndCesMeanAndEmptyPeriodsWithoutNaN() {
        for (int s : new int[]{5, 4, 2, 1}) answer("CSAT", s, null, "1971-06-02T10:00:00Z");
        for (int s : new int[]{7, 5, 3}) answer("CES", s, null, "1971-06-02T10:00:00Z");
        JsonNode csat = api.get("/api/v1/analytics/csat?from=1971-06-01&to=1971-06-30", fx.admin()).json().get("total");
        assertThat(csat.get("answers").asInt()).isEqualTo(4);
        assertThat(csat.get("satisfied").asInt()).isEqualTo(2);
        assertThat(csat.get("value").asDouble()).isEqualTo(50.0);
        assertThat(csat.get("margin").asDouble()).isEqualTo(49.0);
        JsonNode ces = api.get("/api/v1/analytics/ces?from=1971-06-01&to=1971-06-30", fx.admin()).json().get("total");
        assertThat(ces.get("value").asDouble()).isEqualTo(5.0);
        assertThat(ces.get("average").asDouble()).isEqualTo(5.0);

        Api.Response empty = api.get("/api/v1/analytics/nps?from=1971-07-01&to=1971-07-31&groupBy=month", fx.admin());
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(empty.json().get("total").get("answers").asInt()).isZero();
        assertThat(empty.json().get("total").get("value").isNull()).isTrue();
        assertThat(empty.json().get("groups")).isEmpty();
    }

    @Test
    void badParametersNameTheField() {
        assertInvalid(api.get("/api/v1/analytics/nps?groupBy=planet", fx.admin()), "groupBy");
        assertInvalid(api.get("/api/v1/analytics/csat?from=yesterday", fx.admin()), "from");
        assertInvalid(api.get("/api/v1/analytics/ces?from=1971-02-01&to=1971-01-01", fx.admin()), "to");
        assertInvalid(api.get("/api/v1/survey-responses?limit=0", fx.admin()), "limit");
        assertInvalid(api.get("/api/v1/survey-responses?cursor=zzz", fx.admin()), "cursor");
    }

    @Test
    void groupsByStageTagAccountAndTopic() {
        long account = fx.account(Api.unique("Acme"), "fb", null).get("id").asLong();
        String tag = Api.unique("vip").toLowerCase();
        long a = fx.contact(fx.admin(), "{\"lastName\":\"A\",\"lifecycleStage\":\"CLIENT\",\"tags\":[\"" + tag + "\"],\"accountId\":" + account + "}").get("id").asLong();
        answer("NPS", 10, a, "1971-08-01T00:00:00Z");
        answer("NPS", 0, null, "1971-08-01T00:00:00Z");
        jdbc.sql("update survey_responses set account_id = :acc, topics = '{Delivery}' where contact_id = :c").param("acc", account).param("c", a).update();
        JsonNode stage = api.get("/api/v1/analytics/nps?from=1971-08-01&to=1971-08-31&groupBy=stage", fx.admin()).json().get("groups");
        assertThat(stage.toString()).contains("CLIENT").contains("UNKNOWN");
        JsonNode tags = api.get("/api/v1/analytics/nps?from=1971-08-01&to=1971-08-31&groupBy=tag", fx.admin()).json().get("groups");
        assertThat(tags.toString()).contains(tag).contains("(no tag)");
        JsonNode accounts = api.get("/api/v1/analytics/nps?from=1971-08-01&to=1971-08-31&groupBy=account", fx.admin()).json().get("groups");
        assertThat(accounts.toString()).contains("Acme").contains("(no account)");
        JsonNode topics = api.get("/api/v1/analytics/nps?from=1971-08-01&to=1971-08-31&groupBy=topic", fx.admin()).json().get("groups");
        assertThat(topics.toString()).contains("Delivery");
        JsonNode themes = api.get("/api/v1/analytics/survey-themes?from=1971-08-01&to=1971-08-31", fx.admin()).json();
        assertThat(themes.get(0).get("topic").asString()).isEqualTo("Delivery");
    }

    @Test
    void aUserSeesOnlyTheAnswersOfContactsTheyMaySee() {
        ApiFixtures.User sales = fx.user("SALES", null);
        ApiFixtures.User manager = fx.user("MANAGER", null);
        long survey = api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"" + Api.unique("Vis") + "\",\"kind\":\"NPS\"}").json().get("id").asLong();
        long mine = fx.contact("Mine", "fb", sales.id()).get("id").asLong();
        long other = fx.contact("Other", "fb", null).get("id").asLong();
        for (long c : List.of(mine, other)) {
            jdbc.sql("insert into survey_responses (kind, score, contact_id, source, answered_at, survey_id) values ('NPS', 8, :c, 'SURVEY', now(), :s)")
                    .param("c", c).param("s", survey).update();
        }
        jdbc.sql("insert into survey_responses (kind, score, source, answered_at, survey_id) values ('NPS', 1, 'SURVEY', now(), :s)").param("s", survey).update();
        List<Long> salesSees = contacts(api.get("/api/v1/surveys/" + survey + "/responses", sales.token()));
        assertThat(salesSees).containsExactly(mine);
        assertThat(contacts(api.get("/api/v1/surveys/" + survey + "/responses", manager.token()))).containsExactlyInAnyOrder(mine, other, null);
        // paging: limit 1 walks all three for the admin
        assertThat(fx.allIds("/api/v1/surveys/" + survey + "/responses?limit=1", fx.admin())).hasSize(3);
    }

    static List<Long> contacts(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Long> ids = new java.util.ArrayList<>();
        r.json().get("items").forEach(i -> ids.add(i.get("contactId").isNull() ? null : i.get("contactId").asLong()));
        return ids;
    }

    @Test
    void pagesRenderEditSurveysAndExportCsv() {
        for (int s : new int[]{10, 3}) answer("NPS", s, null, "1971-09-15T00:00:00Z");
        PageSession admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        HttpResponse<String> results = admin.get("/feedback/results?kind=NPS&from=1971-09-01&to=1971-09-30&groupBy=month");
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(results.body()).contains("Promoters").contains("<svg").contains("NPS by month").doesNotContain("NaN");
        HttpResponse<String> empty = admin.get("/feedback/results?kind=CES&from=1971-10-01&to=1971-10-31");
        assertThat(empty.body()).contains("No CES answers in this period");
        HttpResponse<String> csv = admin.get("/feedback/results.csv?kind=NPS&from=1971-09-01&to=1971-09-30&groupBy=month");
        assertThat(csv.body()).startsWith("group,answers,promoters").contains("\"1971-09\",2,1,0,1,0,0.0,");
        assertThat(admin.get("/feedback/results?groupBy=planet").statusCode()).isEqualTo(400);

        String name = Api.unique("Page survey");
        HttpResponse<String> created = admin.post("/feedback/surveys/new", Map.ofEntries(Map.entry("name", name),
                Map.entry("kind", "CUSTOM"), Map.entry("trigger", "MANUAL"), Map.entry("linkDays", "7"), Map.entry("active", "on"),
                Map.entry("q0.type", "SCORE"), Map.entry("q0.scale", "CES"), Map.entry("q0.prompt", "Easy?"), Map.entry("q1.type", "CHOICE"),
                Map.entry("q1.prompt", "Channel?"), Map.entry("q1.choices", "Web; Phone")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        long id = jdbc.sql("select id from surveys where name = :n").param("n", name).query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from survey_questions where survey_id = :s").param("s", id).query(Long.class).single()).isEqualTo(2);
        HttpResponse<String> bad = admin.post("/feedback/surveys/new", Map.of("name", "", "kind", "CUSTOM", "q0.type", "CHOICE", "q0.prompt", "One?", "q0.choices", "only"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("questions[0].choices");
        assertThat(admin.get("/feedback/surveys").body()).contains(name);
        assertThat(admin.get("/feedback/surveys/" + id).body()).contains("Easy?").contains("Send survey");
        assertThat(admin.get("/feedback/surveys/" + id + "/edit").body()).contains("Channel?");
        assertThat(admin.get("/feedback/topics").body()).contains("Delivery");

        ApiFixtures.User agent = fx.user("AGENT", null);
        PageSession agentPages = PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD);
        assertThat(agentPages.get("/feedback/results").statusCode()).isEqualTo(200);
        assertThat(agentPages.get("/feedback/surveys/" + id).body()).doesNotContain("Send survey");
        assertThat(agentPages.get("/feedback/surveys/new").statusCode()).isEqualTo(403);
    }

    @Test
    void topicRulesAreAdminOnlyAndRetagComments() {
        ApiFixtures.User sales = fx.user("SALES", null);
        String topic = Api.unique("Packaging");
        assertThat(api.post("/api/v1/feedback/topic-rules", sales.token(), "{\"topic\":\"" + topic + "\",\"keywords\":[\"box\"]}").status()).isEqualTo(403);
        assertInvalid(api.post("/api/v1/feedback/topic-rules", fx.admin(), "{\"topic\":\"" + topic + "\",\"keywords\":[]}"), "keywords");
        jdbc.sql("insert into survey_responses (kind, score, source, answered_at, comment) values ('NPS', 5, 'TEST', '1971-11-01', 'The boxes were crushed')").update();
        Api.Response r = api.post("/api/v1/feedback/topic-rules", fx.admin(), "{\"topic\":\"" + topic + "\",\"keywords\":[\"Box\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(jdbc.sql("select topics::text from survey_responses where answered_at = '1971-11-01' and source = 'TEST'").query(String.class).single())
                .contains(topic);
        assertThat(api.delete("/api/v1/feedback/topic-rules/" + r.json().get("id").asLong(), fx.admin()).status()).isEqualTo(204);
        assertThat(jdbc.sql("select topics::text from survey_responses where answered_at = '1971-11-01' and source = 'TEST'").query(String.class).single())
                .doesNotContain(topic);
    }
}
