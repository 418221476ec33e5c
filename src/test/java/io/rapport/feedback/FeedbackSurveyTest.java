package io.rapport.feedback;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.feedback.sending.AnswerTokens;
import io.rapport.feedback.sending.FeedbackSettings;
import io.rapport.feedback.sending.SendTriggers;
import io.rapport.service.NewTicket;
import io.rapport.service.ServiceFixtures;
import io.rapport.service.TicketIntake;
import io.rapport.service.surveys.Surveys;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class FeedbackSurveyTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AnswerTokens tokens;
    @Autowired
    FeedbackSettings settings;
    @Autowired
    SendTriggers triggers;
    @Autowired
    Surveys serviceSurveys;
    @Autowired
    TicketIntake intake;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;
    Api api;
    ApiFixtures fx;
    final HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        settings.set(30, 180, 200);
    }

    @AfterEach
    void deactivateTriggeredSurveys() {
        jdbc.sql("update surveys set active = false where trigger <> 'MANUAL'").update();
    }

    long contact(String email, boolean consent, Long ownerId) {
        String body = "{\"firstName\":\"Nia\",\"lastName\":\"" + Api.unique("Fb") + "\""
                + (email == null ? "" : ",\"emails\":[\"" + email + "\"]")
                + ",\"consent\":{\"emailMarketing\":" + consent + ",\"source\":\"test\"}"
                + (ownerId == null ? "" : ",\"ownerId\":" + ownerId) + "}";
        return fx.contact(fx.admin(), body).get("id").asLong();
    }

    JsonNode survey(String json) {
        Api.Response r = api.post("/api/v1/surveys", fx.admin(), json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    Api.Response send(long survey, long contact, String token) {
        return api.post("/api/v1/surveys/" + survey + "/invitations", token, "{\"contactId\":" + contact + "}");
    }

    HttpResponse<String> open(String path) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create(api.base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String form) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Api.Response postJson(String path, String json) {
        return api.send("POST", path, null, json, Map.of());
    }

    static MimeMessage mailTo(String email) throws Exception {
        for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email))) return m;
        }
        return null;
    }

    String mailedToken(String email) throws Exception {
        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(email), m -> m != null);
        String body = mail.getContent().toString();
        Matcher m = Pattern.compile("/f/([0-9]+\\.[0-9]+\\.[A-Za-z0-9_-]{43})\\?score=10").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        assertThat(body).contains("?score=0").contains("works once");
        return m.group(1);
    }

    @Test
    void npsByMailOneClickThenWhyCompletesOnceAndClosesTheLoopForADetractor() throws Exception {
        ApiFixtures.User owner = fx.user("SALES", null);
        String email = Api.unique("nps") + "@example.com";
        long contact = contact(email, true, owner.id());
        long survey = survey("{\"name\":\"" + Api.unique("NPS") + "\",\"kind\":\"NPS\"}").get("id").asLong();
        JsonNode created = api.get("/api/v1/surveys/" + survey, fx.admin()).json();
        assertThat(created.get("questions")).hasSize(2);
        long scoreQ = created.get("questions").get(0).get("id").asLong();
        long whyQ = created.get("questions").get(1).get("id").asLong();

        assertThat(send(survey, contact, fx.admin()).status()).isEqualTo(201);
        String token = mailedToken(email);

        // out of scale: nothing written
        HttpResponse<String> bad = open("/f/" + token + "?score=11");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("0 to 10");
        assertInvalid(postJson("/f/" + token + "/answers", "{\"answers\":[{\"questionId\":" + scoreQ + ",\"score\":-1}]}"), "answers[0].score");
        assertThat(count("select count(*) from survey_responses where survey_id = " + survey)).isZero();

        HttpResponse<String> clicked = open("/f/" + token + "?score=3");
        assertThat(clicked.statusCode()).isEqualTo(200);
        assertThat(clicked.body()).contains("score is recorded").contains("name=\"q" + whyQ + "\"");
        // a second click does not change the first score
        assertThat(open("/f/" + token + "?score=10").body()).contains("first score was recorded already");
        assertThat(jdbc.sql("select score from survey_responses where survey_id = :s").param("s", survey).query(Integer.class).list())
                .containsExactly(3);
        assertThat(jdbc.sql("select status from survey_invitations where survey_id = :s").param("s", survey).query(String.class).single())
                .isEqualTo("STARTED");

        HttpResponse<String> done = postForm("/f/" + token, "q" + whyQ + "=The+delivery+was+late+and+support+was+rude");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("Your answers are recorded");
        var row = jdbc.sql("select kind, score, comment, sentiment::float8, topics::text, source, contact_id, question_id from survey_responses where survey_id = :s")
                .param("s", survey).query().singleRow();
        assertThat(row.get("kind")).isEqualTo("NPS");
        assertThat(row.get("comment")).asString().contains("delivery was late");
        assertThat((Double) row.get("sentiment")).isNegative();
        assertThat(row.get("topics")).asString().contains("Delivery").contains("Support");
        assertThat(row.get("source")).isEqualTo("SURVEY");
        assertThat(((Number) row.get("contact_id")).longValue()).isEqualTo(contact);
        assertThat(((Number) row.get("question_id")).longValue()).isEqualTo(scoreQ);

        // used: clear page and 409 problem
        HttpResponse<String> reused = open("/f/" + token);
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.body()).contains("answered already");
        assertProblem(postJson("/f/" + token + "/answers", "{\"answers\":[{\"questionId\":" + scoreQ + ",\"score\":9}]}"), 409);
        assertThat(count("select count(*) from survey_responses where survey_id = " + survey)).isEqualTo(1);

        // on the timeline, and a follow-up task for the owner
        assertThat(count("select count(*) from activities where contact_id = " + contact + " and source = 'survey'")).isEqualTo(1);
        assertThat(jdbc.sql("select title from tasks where contact_id = :c and assignee_id = :o").param("c", contact).param("o", owner.id())
                .query(String.class).list()).singleElement().asString().contains("detractor").contains("NPS 3");
    }

    @Test
    void forgedAndExpiredLinksAreRefusedClearly() throws Exception {
        String email = Api.unique("forge") + "@example.com";
        long contact = contact(email, true, null);
        long survey = survey("{\"name\":\"" + Api.unique("CSAT") + "\",\"kind\":\"CSAT\"}").get("id").asLong();
        long invitation = send(survey, contact, fx.admin()).json().get("invitationId").asLong();
        String token = mailedTokenAny(email);
        String[] parts = token.split("\\.");
        String otherId = (Long.parseLong(parts[0]) + 1) + "." + parts[1] + "." + parts[2];
        String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 86400) + "." + parts[2];
        for (String forged : List.of(otherId, longer, token.substring(0, token.length() - 2) + "xx", "garbage")) {
            HttpResponse<String> page = open("/f/" + forged + "?score=5");
            assertThat(page.statusCode()).as(forged).isEqualTo(404);
            assertThat(page.body()).contains("not valid");
            assertProblem(api.get("/f/" + forged + "/survey", null), 404);
        }
        String expired = tokens.sign(invitation, Instant.now().minusSeconds(60));
        HttpResponse<String> page = open("/f/" + expired + "?score=5");
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("expired");
        assertProblem(postJson("/f/" + expired + "/answers", "{\"answers\":[]}"), 410);
        assertThat(count("select count(*) from survey_responses where survey_id = " + survey)).isZero();
        // the real link still works
        assertThat(open("/f/" + token + "?score=5").statusCode()).isEqualTo(200);
        assertThat(count("select count(*) from survey_responses where survey_id = " + survey + " and kind = 'CSAT' and score = 5")).isEqualTo(1);
    }

    @Test
    void noEmailNoConsentAndThrottleAreRefusedWithTheReasonRecorded() {
        long survey = survey("{\"name\":\"" + Api.unique("CES") + "\",\"kind\":\"CES\"}").get("id").asLong();
        long noEmail = contact(null, true, null);
        long noConsent = contact(Api.unique("nc") + "@example.com", false, null);
        long ok = contact(Api.unique("ok") + "@example.com", true, null);

        JsonNode p = assertProblem(send(survey, noEmail, fx.admin()), 422);
        assertThat(p.toString()).contains("contactId").contains("NO_EMAIL");
        assertThat(assertProblem(send(survey, noConsent, fx.admin()), 422).toString()).contains("NO_CONSENT");
        assertThat(send(survey, ok, fx.admin()).status()).isEqualTo(201);
        assertThat(assertProblem(send(survey, ok, fx.admin()), 422).toString()).contains("THROTTLED");
        assertThat(jdbc.sql("select refused_reason from survey_invitations where survey_id = :s and status = 'REFUSED' order by id")
                .param("s", survey).query(String.class).list()).containsExactly("NO_EMAIL", "NO_CONSENT", "THROTTLED");

        // throttle 0 days: surveyed again
        settings.set(0, 180, 200);
        assertThat(send(survey, ok, fx.admin()).status()).isEqualTo(201);
        assertThat(count("select count(*) from survey_invitations where survey_id = " + survey + " and status = 'SENT'")).isEqualTo(2);

        assertProblem(send(survey, 999_999_999L, fx.admin()), 404);
        assertInvalid(api.post("/api/v1/surveys/" + survey + "/invitations", fx.admin(), "{}"), "contactId");
    }

    @Test
    void onlyAdminsManageSurveysAndAdminsOrManagersSend() {
        String body = "{\"name\":\"" + Api.unique("Rel") + "\",\"kind\":\"NPS\"}";
        for (String role : List.of("SALES", "AGENT", "MANAGER", "MARKETING", "READ_ONLY")) {
            ApiFixtures.User u = fx.user(role, null);
            assertProblem(api.post("/api/v1/surveys", u.token(), body), 403);
            assertThat(api.get("/api/v1/surveys", u.token()).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/analytics/nps", u.token()).status()).isEqualTo(200);
        }
        long survey = survey(body).get("id").asLong();
        ApiFixtures.User sales = fx.user("SALES", null);
        ApiFixtures.User manager = fx.user("MANAGER", null);
        long contact = contact(Api.unique("perm") + "@example.com", true, null);
        assertProblem(send(survey, contact, sales.token()), 403);
        assertProblem(api.patch("/api/v1/surveys/" + survey, sales.token(), "{\"name\":\"x\"}"), 403);
        assertProblem(api.delete("/api/v1/surveys/" + survey, sales.token()), 403);
        assertThat(send(survey, contact, manager.token()).status()).isEqualTo(201);
    }

    @Test
    void badDefinitionsNameTheField() {
        assertInvalid(api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"x\"}"), "kind");
        assertInvalid(api.post("/api/v1/surveys", fx.admin(), "{\"kind\":\"NPS\"}"), "name");
        assertInvalid(api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"x\",\"kind\":\"CUSTOM\",\"questions\":[{\"type\":\"CHOICE\",\"prompt\":\"Pick\",\"choices\":[\"a\"]}]}"),
                "questions[0].choices");
        assertInvalid(api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"x\",\"kind\":\"CUSTOM\",\"questions\":[{\"type\":\"SCORE\",\"prompt\":\"Rate\"}]}"),
                "questions[0].scale");
        assertInvalid(api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"x\",\"kind\":\"CSAT\",\"questions\":[{\"type\":\"SCORE\",\"scale\":\"NPS\",\"prompt\":\"Rate\"}]}"),
                "questions[0]");
        assertInvalid(api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"x\",\"kind\":\"CUSTOM\"}"), "questions");
        assertInvalid(api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"x\",\"kind\":\"NPS\",\"linkDays\":0}"), "linkDays");
        assertThat(count("select count(*) from surveys where name = 'x'")).isZero();
    }

    @Test
    void customQuestionSetValidatesEveryAnswerThenStoresScoresChoicesAndText() throws Exception {
        String email = Api.unique("custom") + "@example.com";
        long contact = contact(email, true, null);
        JsonNode s = survey("""
                {"name":"%s","kind":"CUSTOM","questions":[
                  {"type":"SCORE","scale":"CES","prompt":"How easy was ordering?","required":true},
                  {"type":"CHOICE","prompt":"Which channel?","choices":["Web","Phone"],"required":true},
                  {"type":"SCORE","scale":"CSAT","prompt":"Satisfied with the price?"},
                  {"type":"TEXT","prompt":"Anything else?"}]}""".formatted(Api.unique("Custom")));
        long survey = s.get("id").asLong();
        long[] q = new long[4];
        for (int i = 0; i < 4; i++) q[i] = s.get("questions").get(i).get("id").asLong();
        send(survey, contact, fx.admin());
        String token = mailedTokenAny(email);

        JsonNode p = assertInvalid(postJson("/f/" + token + "/answers", """
                {"answers":[{"questionId":%d,"score":8},{"questionId":%d,"choice":"Fax"},{"questionId":999999999,"text":"x"}]}"""
                .formatted(q[0], q[1])), "answers[0].score", "answers[1].choice", "answers[2].text");
        assertThat(p.toString()).contains("1 to 7");
        assertThat(count("select count(*) from survey_responses where survey_id = " + survey)).isZero();
        assertThat(count("select count(*) from survey_answers a join survey_invitations i on i.id = a.invitation_id where i.survey_id = " + survey)).isZero();

        Api.Response ok = postJson("/f/" + token + "/answers", """
                {"answers":[{"questionId":%d,"score":6},{"questionId":%d,"choice":"Phone"},{"questionId":%d,"score":2},
                 {"questionId":%d,"text":"Too expensive for what it is"}]}""".formatted(q[0], q[1], q[2], q[3]));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(jdbc.sql("select kind || ':' || score from survey_responses where survey_id = :s order by kind").param("s", survey)
                .query(String.class).list()).containsExactly("CES:6", "CSAT:2");
        assertThat(jdbc.sql("select topics::text from survey_responses where survey_id = :s and kind = 'CSAT'").param("s", survey)
                .query(String.class).single()).contains("Price");
        assertThat(jdbc.sql("select value from survey_answers a join survey_invitations i on i.id = a.invitation_id where i.survey_id = :s order by value")
                .param("s", survey).query(String.class).list()).containsExactly("Phone", "Too expensive for what it is");
    }

    String mailedTokenAny(String email) throws Exception {
        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(email), m -> m != null);
        Matcher m = Pattern.compile("/f/([0-9]+\\.[0-9]+\\.[A-Za-z0-9_-]{43})").matcher(mail.getContent().toString());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void everyServiceCsatAnswerLandsInSurveyResponsesAndAnUnhappyOneOpensAFollowUp() {
        ApiFixtures.User owner = fx.user("AGENT", null);
        ServiceFixtures sf = new ServiceFixtures(api, fx, intake, jdbc, events, tx);
        long contact = sf.contact(Api.unique("csat") + "@example.com", owner.id());
        long ticket = sf.ticket("QUESTION", NewTicket.Channel.WEB, contact, null, null);
        String token = serviceSurveys.send(ticket, "SOLVED").orElseThrow();
        serviceSurveys.answer(token, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("select count(*) from survey_responses where source = 'SERVICE_CSAT' and ticket_id = " + ticket) == 1);
        serviceSurveys.comment(token, "The agent was rude");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select coalesce(comment, '') from survey_responses where source = 'SERVICE_CSAT' and ticket_id = :t")
                .param("t", ticket).query(String.class).single().contains("rude"));
        var row = jdbc.sql("select kind, score, contact_id, topics::text from survey_responses where source = 'SERVICE_CSAT' and ticket_id = :t")
                .param("t", ticket).query().singleRow();
        assertThat(row.get("kind")).isEqualTo("CSAT");
        assertThat(((Number) row.get("score")).intValue()).isEqualTo(2);
        assertThat(((Number) row.get("contact_id")).longValue()).isEqualTo(contact);
        assertThat(row.get("topics")).asString().contains("Support");
        assertThat(count("select count(*) from survey_responses where source = 'SERVICE_CSAT' and ticket_id = " + ticket)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("select count(*) from tasks where contact_id = " + contact
                + " and assignee_id = " + owner.id() + " and title like '%CSAT 2%'") == 1);
    }

    @Test
    void anOrderSendsTheAfterOrderSurveyAndTheRelationshipJobPicksDueCustomers() throws Exception {
        long survey = survey("{\"name\":\"" + Api.unique("After order") + "\",\"kind\":\"CSAT\",\"trigger\":\"AFTER_ORDER\"}").get("id").asLong();
        String email = Api.unique("buyer") + "@example.com";
        long contact = contact(email, true, null);
        String sku = Api.unique("SKU");
        long product = api.post("/api/v1/products", fx.admin(), "{\"sku\":\"" + sku + "\",\"name\":\"Kettle\",\"prices\":{\"EUR\":20}}").json().get("id").asLong();
        Api.Response order = api.post("/api/v1/orders", fx.admin(), """
                {"number":"%s","contactId":%d,"orderedAt":"2026-03-01T10:00:00Z","status":"PAID","channel":"WEB","currency":"EUR",
                 "lines":[{"productId":%d,"quantity":1}]}""".formatted(Api.unique("SO"), contact, product));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        long orderId = order.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("select count(*) from survey_invitations where survey_id = " + survey
                + " and contact_id = " + contact + " and order_id = " + orderId + " and trigger = 'AFTER_ORDER' and status = 'SENT'") == 1);
        String token = mailedTokenAny(email);
        assertThat(open("/f/" + token + "?score=4").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select order_id from survey_responses where survey_id = :s").param("s", survey).query(Long.class).single()).isEqualTo(orderId);
        jdbc.sql("update surveys set active = false where id = :s").param("s", survey).update();

        // relationship NPS: a due customer with consent gets it; the throttle keeps the just-surveyed buyer out
        long rel = survey("{\"name\":\"" + Api.unique("Relationship") + "\",\"kind\":\"NPS\",\"trigger\":\"RELATIONSHIP\"}").get("id").asLong();
        long customer = contact(Api.unique("rel") + "@example.com", true, null);
        jdbc.sql("update contacts set lifecycle_stage = 'CUSTOMER' where id in (:a, :b)").param("a", customer).param("b", contact).update();
        settings.set(30, 180, 10000);
        triggers.runRelationship();
        assertThat(count("select count(*) from survey_invitations where survey_id = " + rel + " and contact_id = " + customer + " and status = 'SENT'")).isEqualTo(1);
        assertThat(count("select count(*) from survey_invitations where survey_id = " + rel + " and contact_id = " + contact)).isZero();
        triggers.runRelationship();
        assertThat(count("select count(*) from survey_invitations where survey_id = " + rel + " and contact_id = " + customer)).isEqualTo(1);
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
