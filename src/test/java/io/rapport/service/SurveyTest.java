package io.rapport.service;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.service.surveys.Surveys;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@IntegrationTest
class SurveyTest {

    @LocalServerPort
    int port;
    @Autowired
    TicketIntake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Surveys surveys;
    Api api;
    ApiFixtures fx;
    ServiceFixtures sf;
    final HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        sf = new ServiceFixtures(api, fx, intake, jdbc, events, tx);
    }

    HttpResponse<String> open(String path) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create(api.base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void solvingAnEmailTicketMailsOneClickLinksThatRecordTheFirstAnswerOnTheTicketAndTimeline() throws Exception {
        String email = Api.unique("sol") + "@example.com";
        long contact = sf.contact(email, null);
        long ticket = sf.ticket("QUESTION", NewTicket.Channel.EMAIL, contact, null, null);
        sf.status(ticket, "SOLVED", null);

        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> RecoveryApiTest.mailTo(email), m -> m != null);
        String body = mail.getContent().toString();
        Matcher link = Pattern.compile("(/s/[A-Za-z0-9_-]{43})\\?score=4").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        String path = link.group(1);
        assertThat(body).contains(path + "?score=1").contains(path + "?score=5");

        HttpResponse<String> first = open(path + "?score=4");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("Thank you").contains("4 / 5").contains("textarea");
        HttpResponse<String> second = open(path + "?score=1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("already answered").contains("4 / 5");
        HttpResponse<String> comment = post(path, "comment=Quick+and+kind");
        assertThat(comment.statusCode()).isEqualTo(200);
        assertThat(comment.body()).contains("Thank you for your comment");

        var survey = api.get("/api/v1/tickets/" + ticket + "/survey", fx.admin()).json();
        assertThat(survey.get("score").asInt()).isEqualTo(4);
        assertThat(survey.get("comment").asString()).isEqualTo("Quick and kind");
        assertThat(jdbc.sql("select channel || ':' || sentiment from activities where contact_id = :c and channel = 'SURVEY'")
                .param("c", contact).query(String.class).list()).containsExactly("SURVEY:POSITIVE");
        PageSession page = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(page.get("/tickets/" + ticket + "/survey").body()).contains("4 / 5").contains("Quick and kind");
        // solved again after a reopen: still one survey
        sf.status(ticket, "OPEN", null);
        sf.status(ticket, "SOLVED", null);
        assertThat(jdbc.sql("select count(*) from csat_surveys where ticket_id = :t").param("t", ticket).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void tamperedOrUnknownLinksAre404AndBadScores400() throws Exception {
        long ticket = sf.ticket("QUESTION", NewTicket.Channel.EMAIL, sf.contact(Api.unique("t") + "@example.com", null), null, null);
        String token = tx.execute(s -> surveys.send(ticket, "SOLVED").orElseThrow());
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        HttpResponse<String> r = open("/s/" + tampered + "?score=5");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("not valid");
        assertThat(open("/s/x?score=5").statusCode()).isEqualTo(404);
        assertThat(open("/s/" + "a".repeat(200)).statusCode()).isEqualTo(404);
        assertThat(post("/s/" + tampered, "comment=hi").statusCode()).isEqualTo(404);
        assertThat(open("/s/" + token + "?score=9").statusCode()).isEqualTo(400);
        assertThat(open("/s/" + token + "?score=abc").statusCode()).isEqualTo(400);
        assertThat(post("/s/" + token, "comment=before+a+score").statusCode()).isEqualTo(409);
        HttpResponse<String> landing = open("/s/" + token);
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.body()).contains("Choose a score");
        assertThat(jdbc.sql("select score from csat_surveys where ticket_id = :t").param("t", ticket).query(Integer.class).optional()).isEmpty();
        assertThat(open("/s/" + token + "?score=2").body()).contains("2 / 5");
        assertThat(jdbc.sql("select a.sentiment from activities a join csat_surveys s on a.source_ref = s.id::text and a.source = 'csat' where s.ticket_id = :t")
                .param("t", ticket).query(String.class).single()).isEqualTo("NEGATIVE");
    }

    @Test
    void channelsWithSurveysOffSendNothingAndOnlyAdminsChangeTheSetting() {
        long phone = sf.ticket("QUESTION", NewTicket.Channel.PHONE, sf.contact(Api.unique("p") + "@example.com", null), null, null);
        sf.status(phone, "SOLVED", null);
        assertThat(jdbc.sql("select count(*) from csat_surveys where ticket_id = :t").param("t", phone).query(Long.class).single()).isZero();

        var settings = api.get("/api/v1/service/survey-settings", fx.user("AGENT", null).token());
        assertThat(settings.json().get("PHONE").asBoolean()).isFalse();
        assertProblem(api.send("PUT", "/api/v1/service/survey-settings", fx.user("MANAGER", null).token(), "{\"PHONE\":true}", Map.of()), 403);
        assertProblem(api.get("/api/v1/service/survey-settings", fx.user("MARKETING", null).token()), 403);
        assertInvalid(api.send("PUT", "/api/v1/service/survey-settings", fx.admin(), "{\"FAX\":true}", Map.of()), "FAX");
        assertInvalid(api.send("PUT", "/api/v1/service/survey-settings", fx.admin(), "{\"PHONE\":\"yes\"}", Map.of()), "PHONE");
        var on = api.send("PUT", "/api/v1/service/survey-settings", fx.admin(), "{\"phone\":true}", Map.of());
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        try {
            long another = sf.ticket("QUESTION", NewTicket.Channel.PHONE, sf.contact(Api.unique("p") + "@example.com", null), null, null);
            sf.status(another, "SOLVED", null);
            assertThat(jdbc.sql("select count(*) from csat_surveys where ticket_id = :t").param("t", another).query(Long.class).single()).isEqualTo(1);
        } finally {
            api.send("PUT", "/api/v1/service/survey-settings", fx.admin(), "{\"PHONE\":false}", Map.of());
        }
    }

    @Test
    void aTicketsSurveyIsReadPerRole() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long ticket = sf.ticket("QUESTION", NewTicket.Channel.EMAIL, sf.contact(Api.unique("r") + "@example.com", seller.id()), null, null);
        String path = "/api/v1/tickets/" + ticket + "/survey";
        assertProblem(api.get(path, fx.admin()), 404);
        tx.execute(s -> surveys.send(ticket, "SOLVED"));
        for (String role : new String[] {"ADMIN", "MANAGER", "AGENT", "READ_ONLY"}) {
            assertThat(api.get(path, fx.user(role, null).token()).status()).as(role).isEqualTo(200);
        }
        assertThat(api.get(path, seller.token()).status()).isEqualTo(200);
        assertProblem(api.get(path, fx.user("SALES", null).token()), 404);
        assertProblem(api.get(path, fx.user("MARKETING", null).token()), 403);
    }
}
