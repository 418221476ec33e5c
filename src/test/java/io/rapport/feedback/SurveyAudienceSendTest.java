package io.rapport.feedback;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.feedback.sending.FeedbackSettings;
import io.rapport.feedback.sends.SendJob;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import io.rapport.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A survey sent to an audience: preview, background send, skips by reason, mails with working links, roles, bad input. */
@IntegrationTest
class SurveyAudienceSendTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FeedbackSettings settings;
    @Autowired
    SendJob job;
    Api api;
    ApiFixtures fx;
    final HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        settings.set(30, 180, 200);
    }

    static String tag() {
        return Api.unique("aud").toLowerCase(Locale.ROOT);
    }

    long contact(String email, boolean consent, String extra) {
        String body = "{\"firstName\":\"Ada\",\"lastName\":\"" + Api.unique("Aud") + "\""
                + (email == null ? "" : ",\"emails\":[\"" + email + "\"]")
                + ",\"consent\":{\"emailMarketing\":" + consent + ",\"source\":\"test\"}" + extra + "}";
        return fx.contact(fx.admin(), body).get("id").asLong();
    }

    long survey(boolean active) {
        Api.Response r = api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"" + Api.unique("Audience NPS") + "\",\"kind\":\"NPS\",\"active\":" + active + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    JsonNode awaitDone(long survey, long send, String token) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/surveys/" + survey + "/sends/" + send, token).json(),
                s -> !s.get("status").asString().equals("QUEUED") && !s.get("status").asString().equals("RUNNING"));
    }

    static MimeMessage mailTo(String email) throws Exception {
        for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email))) return m;
        }
        return null;
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void sendsToATaggedListSkipsByReasonAndTheMailedOneClickLinksWork() throws Exception {
        String tag = tag();
        String tags = ",\"tags\":[\"" + tag + "\"]";
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = Api.unique("aud" + i) + "@example.com";
            emails.add(email);
            contact(email, true, tags);
        }
        contact(null, true, tags);
        contact(Api.unique("noconsent") + "@example.com", false, tags);
        String throttledEmail = Api.unique("throttled") + "@example.com";
        long throttled = contact(throttledEmail, true, tags);
        long earlier = survey(true);
        assertThat(api.post("/api/v1/surveys/" + earlier + "/invitations", fx.admin(), "{\"contactId\":" + throttled + "}").status()).isEqualTo(201);
        long survey = survey(true);
        ApiFixtures.User marketing = fx.user("MARKETING", null);

        Api.Response preview = api.post("/api/v1/surveys/" + survey + "/sends/preview", marketing.token(), "{\"tag\":\"" + tag.toUpperCase(Locale.ROOT) + "\"}");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("audience").asInt()).isEqualTo(6);
        assertThat(preview.json().get("willSend").asInt()).isEqualTo(3);
        assertThat(preview.json().get("noEmail").asInt()).isEqualTo(1);
        assertThat(preview.json().get("noConsent").asInt()).isEqualTo(1);
        assertThat(preview.json().get("throttled").asInt()).isEqualTo(1);

        Api.Response started = api.post("/api/v1/surveys/" + survey + "/sends", marketing.token(), "{\"tag\":\"" + tag + "\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long send = started.json().get("id").asLong();
        assertThat(started.headers().firstValue("Location").orElse("")).endsWith("/api/v1/surveys/" + survey + "/sends/" + send);
        assertThat(started.json().get("planned").asInt()).isEqualTo(6);

        JsonNode done = awaitDone(survey, send, marketing.token());
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("sent").asInt()).isEqualTo(3);
        assertThat(done.get("skippedNoEmail").asInt()).isEqualTo(1);
        assertThat(done.get("skippedNoConsent").asInt()).isEqualTo(1);
        assertThat(done.get("skippedThrottled").asInt()).isEqualTo(1);
        assertThat(done.get("processed").asInt()).isEqualTo(6);
        assertThat(count("select count(distinct contact_id) from survey_invitations where send_id = " + send)).isEqualTo(6);

        // every mail arrives and its one-click link records the score
        for (String email : emails) {
            MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(email), m -> m != null);
            String body = mail.getContent().toString();
            Matcher m = Pattern.compile("/f/([0-9]+\\.[0-9]+\\.[A-Za-z0-9_-]{43})\\?score=9").matcher(body);
            assertThat(m.find()).as(body).isTrue();
            HttpResponse<String> clicked = anonymous.send(HttpRequest.newBuilder(URI.create(api.base() + "/f/" + m.group(1) + "?score=9"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(clicked.statusCode()).as(clicked.body()).isEqualTo(200);
            assertThat(clicked.body()).contains("score is recorded");
        }
        assertThat(jdbc.sql("select score from survey_responses where survey_id = :s").param("s", survey).query(Integer.class).list())
                .containsExactly(9, 9, 9);
        assertThat(count("select count(*) from survey_invitations where survey_id = " + survey + " and contact_id = " + throttled
                + " and status <> 'REFUSED'")).isZero();

        JsonNode list = api.get("/api/v1/surveys/" + survey + "/sends", marketing.token()).json();
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).get("audienceLabel").asString()).contains(tag);
    }

    @Test
    void aRetriedOrDoubledRunSurveysNoContactTwice() throws Exception {
        settings.set(0, 180, 200); // no throttle: only the send itself may keep a contact from a second mail
        try {
            String tag = tag();
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                String email = Api.unique("twice" + i) + "@example.com";
                emails.add(email);
                contact(email, true, ",\"tags\":[\"" + tag + "\"]");
            }
            long survey = survey(true);
            // queued without the scheduler: this test is the two nodes
            long send = jdbc.sql("""
                            insert into survey_sends (survey_id, audience_kind, audience_value, audience_label, planned)
                            values (:s, 'TAG', :t, 'test', 25) returning id""").param("s", survey).param("t", tag).query(Long.class).single();
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> job.run(send, 7));
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> job.run(send, 4));
            CompletableFuture.allOf(a, b).get();
            job.run(send, 7); // a retry of a finished send does nothing
            // a retry that lost its cursor: the unique (send, contact) index still inserts nothing twice
            jdbc.sql("update survey_sends set status = 'RUNNING', last_contact_id = 0 where id = :id").param("id", send).update();
            job.run(send, 10);

            assertThat(count("select count(*) from survey_invitations where send_id = " + send)).isEqualTo(25);
            assertThat(count("select count(distinct contact_id) from survey_invitations where send_id = " + send)).isEqualTo(25);
            assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = any(:e::text[])").param("e", emails.toArray(String[]::new))
                    .query(Long.class).single()).isEqualTo(25);
            var row = jdbc.sql("select status, sent, processed from survey_sends where id = :id").param("id", send).query().singleRow();
            assertThat(row.get("status")).isEqualTo("DONE");
            assertThat(((Number) row.get("sent")).intValue()).isEqualTo(25);
            assertThat(((Number) row.get("processed")).intValue()).isEqualTo(25);
        } finally {
            settings.set(30, 180, 200);
        }
    }

    @Test
    void accountAndStageAudiences() {
        long account = fx.account(Api.unique("Audience Co"), "aud", null).get("id").asLong();
        contact(Api.unique("acc1") + "@example.com", true, ",\"accountId\":" + account);
        contact(Api.unique("acc2") + "@example.com", true, ",\"accountId\":" + account + ",\"lifecycleStage\":\"CHURNED\"");
        long survey = survey(true);

        JsonNode preview = api.post("/api/v1/surveys/" + survey + "/sends/preview", fx.admin(), "{\"accountId\":" + account + "}").json();
        assertThat(preview.get("audience").asInt()).isEqualTo(2);
        assertThat(preview.get("willSend").asInt()).isEqualTo(2);
        JsonNode stage = api.post("/api/v1/surveys/" + survey + "/sends/preview", fx.admin(), "{\"lifecycleStage\":\"churned\"}").json();
        assertThat(stage.get("audience").asLong()).isEqualTo(count("select count(*) from contacts where lifecycle_stage = 'CHURNED'"));
        assertThat(stage.get("noEmail").asLong() + stage.get("noConsent").asLong() + stage.get("throttled").asLong()
                + stage.get("willSend").asLong()).isEqualTo(stage.get("audience").asLong());

        Api.Response started = api.post("/api/v1/surveys/" + survey + "/sends", fx.admin(), "{\"accountId\":" + account + "}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode done = awaitDone(survey, started.json().get("id").asLong(), fx.admin());
        assertThat(done.get("sent").asInt()).isEqualTo(2);
        assertThat(done.get("audienceKind").asString()).isEqualTo("ACCOUNT");
        assertThat(done.get("audienceLabel").asString()).contains("Audience Co");
    }

    @Test
    void onlyMarketingManagersAndAdminsSendToAnAudience() {
        String tag = tag();
        contact(Api.unique("role") + "@example.com", true, ",\"tags\":[\"" + tag + "\"]");
        long survey = survey(true);
        String audience = "{\"tag\":\"" + tag + "\"}";
        long first = 0;
        for (String role : List.of("ADMIN", "MANAGER", "MARKETING", "SALES", "AGENT", "READ_ONLY")) {
            String token = fx.user(role, null).token();
            boolean allowed = List.of("ADMIN", "MANAGER", "MARKETING").contains(role);
            Api.Response preview = api.post("/api/v1/surveys/" + survey + "/sends/preview", token, audience);
            Api.Response start = api.post("/api/v1/surveys/" + survey + "/sends", token, audience);
            Api.Response list = api.get("/api/v1/surveys/" + survey + "/sends", token);
            if (allowed) {
                assertThat(preview.status()).as(role).isEqualTo(200);
                assertThat(start.status()).as(role + start.body()).isEqualTo(202);
                if (first == 0) first = start.json().get("id").asLong();
                assertThat(list.status()).as(role).isEqualTo(200);
            } else {
                assertProblem(preview, 403);
                assertProblem(start, 403);
                assertProblem(list, 403);
                assertProblem(api.get("/api/v1/surveys/" + survey + "/sends/" + first, token), 403);
            }
        }
        assertThat(count("select count(*) from survey_sends where survey_id = " + survey)).isEqualTo(3);
    }

    @Test
    void badInputIsAClearProblemNamingTheField() {
        long survey = survey(true);
        String sends = "/api/v1/surveys/" + survey + "/sends";
        long emptyAccount = fx.account(Api.unique("Nobody Co"), "aud", null).get("id").asLong();

        assertProblem(api.post("/api/v1/surveys/999999999/sends", fx.admin(), "{\"tag\":\"x\"}"), 404);
        assertProblem(api.post("/api/v1/surveys/999999999/sends/preview", fx.admin(), "{\"tag\":\"x\"}"), 404);
        assertThat(fields(assertProblem(api.post(sends, fx.admin(), "{\"tag\":\"" + tag() + "\"}"), 422))).containsExactly("tag");
        assertThat(fields(assertProblem(api.post(sends, fx.admin(), "{\"accountId\":999999999}"), 422))).containsExactly("accountId");
        JsonNode empty = assertProblem(api.post(sends, fx.admin(), "{\"accountId\":" + emptyAccount + "}"), 422);
        assertThat(fields(empty)).containsExactly("accountId");
        assertThat(empty.get("type").asString()).endsWith("empty-audience");
        assertInvalid(api.post(sends, fx.admin(), "{}"), "audience");
        assertInvalid(api.post(sends, fx.admin(), "{\"tag\":\"a\",\"accountId\":1}"), "tag", "accountId");
        assertInvalid(api.post(sends, fx.admin(), "{\"tag\":\"a\",\"persona\":3}"), "persona");
        assertInvalid(api.post(sends, fx.admin(), "{\"tag\":\"" + "x".repeat(51) + "\"}"), "tag");
        assertInvalid(api.post(sends, fx.admin(), "{\"tag\":\"   \"}"), "tag");
        assertInvalid(api.post(sends, fx.admin(), "{\"lifecycleStage\":\"NOPE\"}"), "lifecycleStage");
        assertInvalid(api.post(sends, fx.admin(), "{\"accountId\":\"abc\"}"), "accountId");
        assertInvalid(api.post(sends + "/preview", fx.admin(), "{\"accountId\":-4}"), "accountId");
        assertProblem(api.post(sends, fx.admin(), "[]"), 400);
        assertProblem(api.post(sends, fx.admin(), "{\"tag\":\"" + "x".repeat(2_000_000) + "\"}"), 413);

        long inactive = survey(false);
        String tag = tag();
        contact(Api.unique("inactive") + "@example.com", true, ",\"tags\":[\"" + tag + "\"]");
        JsonNode conflict = assertProblem(api.post("/api/v1/surveys/" + inactive + "/sends", fx.admin(), "{\"tag\":\"" + tag + "\"}"), 409);
        assertThat(fields(conflict)).containsExactly("surveyId");

        assertProblem(api.get(sends + "/999999999", fx.admin()), 404);
        long other = survey(true);
        long send = api.post("/api/v1/surveys/" + other + "/sends", fx.admin(), "{\"tag\":\"" + tag + "\"}").json().get("id").asLong();
        assertProblem(api.get(sends + "/" + send, fx.admin()), 404);
        assertThat(count("select count(*) from survey_sends where survey_id in (" + survey + "," + inactive + ")")).isZero();
    }

    @Test
    void theSendPagePreviewsSendsAndShowsProgressAndPastSends() {
        String tag = tag();
        contact(Api.unique("page1") + "@example.com", true, ",\"tags\":[\"" + tag + "\"]");
        contact(null, true, ",\"tags\":[\"" + tag + "\"]");
        long survey = survey(true);
        ApiFixtures.User marketing = fx.user("MARKETING", null);
        PageSession page = PageSession.signIn(api.base(), marketing.email(), ApiFixtures.PASSWORD);

        assertThat(page.get("/feedback/surveys/" + survey).body()).contains("/feedback/surveys/" + survey + "/sends");
        HttpResponse<String> form = page.get("/feedback/surveys/" + survey + "/sends");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("has not been sent to an audience yet").contains("name=\"tag\"").contains("hx-post");

        HttpResponse<String> preview = page.post("/feedback/surveys/" + survey + "/sends/preview",
                Map.of("audience", "TAG", "tag", tag), Map.of("HX-Request", "true"));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Will get the survey").contains("id=\"send-preview\"").doesNotContain("<html");
        HttpResponse<String> unknown = page.post("/feedback/surveys/" + survey + "/sends/preview",
                Map.of("audience", "TAG", "tag", tag + "-none"), Map.of("HX-Request", "true"));
        assertThat(unknown.body()).contains("no contact carries this tag");

        HttpResponse<String> blank = page.post("/feedback/surveys/" + survey + "/sends", Map.of("audience", "TAG", "tag", " "));
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("a tag of 1 to 50 characters");

        HttpResponse<String> sent = page.post("/feedback/surveys/" + survey + "/sends", Map.of("audience", "TAG", "tag", tag));
        assertThat(sent.statusCode()).isEqualTo(302);
        String location = URI.create(sent.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(location).startsWith("/feedback/surveys/" + survey + "/sends/");
        assertThat(page.get(location).body()).contains("id=\"send-progress\"");
        String summary = await().atMost(Duration.ofSeconds(60)).until(() -> page.get(location + "/progress").body(),
                b -> b.contains("Done: 1 sent, 1 skipped."));
        assertThat(summary).doesNotContain("hx-trigger");
        assertThat(page.get("/feedback/surveys/" + survey + "/sends").body()).contains("contacts tagged &#39;" + tag + "&#39;");

        PageSession sales = PageSession.signIn(api.base(), fx.user("SALES", null).email(), ApiFixtures.PASSWORD);
        assertThat(sales.get("/feedback/surveys/" + survey + "/sends").statusCode()).isEqualTo(403);
        assertThat(sales.get("/feedback/surveys/" + survey).body()).doesNotContain("Send to an audience");
    }

    static List<String> fields(JsonNode problem) {
        List<String> names = new ArrayList<>();
        problem.path("errors").forEach(e -> names.add(e.path("field").asString()));
        return names;
    }
}
