package io.rapport.service;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import io.rapport.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RecoveryApiTest {

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
    Api api;
    ApiFixtures fx;
    ServiceFixtures sf;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        sf = new ServiceFixtures(api, fx, intake, jdbc, events, tx);
    }

    private Api.Response step(long ticket, String token, String json) {
        return api.post("/api/v1/tickets/" + ticket + "/recovery/steps", token, json);
    }

    @Test
    void aComplaintGoesThroughEveryStepInOrderAndTheFollowUpMailsTheSurvey() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        String email = Api.unique("cora") + "@example.com";
        long ticket = sf.ticket("COMPLAINT", NewTicket.Channel.PHONE, sf.contact(email, null), agent.id(), null);

        assertThat(step(ticket, agent.token(), "{\"step\":\"acknowledged\",\"note\":\"Called back\"}").status()).isEqualTo(201);
        assertProblem(step(ticket, agent.token(), "{\"step\":\"COMPENSATION\",\"compensationType\":\"REFUND\",\"compensationValue\":10,\"currency\":\"EUR\"}"), 409);
        assertThat(step(ticket, agent.token(), "{\"step\":\"APOLOGISED\"}").status()).isEqualTo(201);
        assertProblem(step(ticket, agent.token(), "{\"step\":\"APOLOGISED\"}"), 409);
        assertInvalid(step(ticket, agent.token(), "{\"step\":\"CORRECTIVE_ACTION\"}"), "correctiveAction");
        assertThat(step(ticket, agent.token(), "{\"step\":\"CORRECTIVE_ACTION\",\"correctiveAction\":\"Replaced the unit\"}").status()).isEqualTo(201);
        Api.Response comp = step(ticket, agent.token(), "{\"step\":\"COMPENSATION\",\"compensationType\":\"voucher\",\"compensationValue\":\"25.50\",\"currency\":\"eur\"}");
        assertThat(comp.status()).as(comp.body()).isEqualTo(201);
        assertThat(comp.json().get("compensationValue").decimalValue()).isEqualByComparingTo("25.50");
        assertThat(comp.json().get("currency").asString()).isEqualTo("EUR");
        assertThat(step(ticket, agent.token(), "{\"step\":\"FOLLOW_UP\",\"note\":\"Happy now\"}").status()).isEqualTo(201);

        JsonNode steps = api.get("/api/v1/tickets/" + ticket + "/recovery/steps", agent.token()).json();
        assertThat(steps.size()).isEqualTo(5);
        assertThat(steps.get(0).get("step").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(steps.get(0).get("doneBy").asLong()).isEqualTo(agent.id());
        assertThat(steps.get(4).get("step").asString()).isEqualTo("FOLLOW_UP");
        assertProblem(step(ticket, agent.token(), "{\"step\":\"FOLLOW_UP\"}"), 409);

        assertThat(jdbc.sql("select reason from csat_surveys where ticket_id = :t").param("t", ticket).query(String.class).single())
                .isEqualTo("RECOVERY");
        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(email), m -> m != null);
        assertThat(mail).isNotNull();
    }

    @Test
    void compensationMayBeSkippedButNotAnythingElse() {
        ApiFixtures.User manager = fx.user("MANAGER", null);
        long ticket = sf.ticket("COMPLAINT", NewTicket.Channel.WEB, null, null, null);
        step(ticket, manager.token(), "{\"step\":\"ACKNOWLEDGED\"}");
        assertProblem(step(ticket, manager.token(), "{\"step\":\"CORRECTIVE_ACTION\",\"correctiveAction\":\"x\"}"), 409);
        step(ticket, manager.token(), "{\"step\":\"APOLOGISED\"}");
        step(ticket, manager.token(), "{\"step\":\"CORRECTIVE_ACTION\",\"correctiveAction\":\"Refunded shipping\"}");
        assertThat(step(ticket, manager.token(), "{\"step\":\"FOLLOW_UP\"}").status()).isEqualTo(201);
        // no requester e-mail: nothing to send, and the step still stands
        assertThat(jdbc.sql("select count(*) from csat_surveys where ticket_id = :t").param("t", ticket).query(Long.class).single()).isZero();
    }

    @Test
    void badStepsAre400AndWriteNothing() {
        ApiFixtures.User admin = fx.user("ADMIN", null);
        long ticket = sf.ticket("COMPLAINT", NewTicket.Channel.API, null, null, null);
        assertInvalid(step(ticket, admin.token(), "{\"step\":\"GROVELLED\"}"), "step");
        assertInvalid(step(ticket, admin.token(), "{}"), "step");
        assertProblem(step(ticket, admin.token(), "[1]"), 400);
        for (String s : new String[] {"ACKNOWLEDGED", "APOLOGISED"}) step(ticket, admin.token(), "{\"step\":\"" + s + "\"}");
        step(ticket, admin.token(), "{\"step\":\"CORRECTIVE_ACTION\",\"correctiveAction\":\"Fixed\"}");
        assertInvalid(step(ticket, admin.token(), "{\"step\":\"COMPENSATION\",\"compensationType\":\"REFUND\"}"), "compensationValue", "currency");
        assertInvalid(step(ticket, admin.token(), "{\"step\":\"COMPENSATION\",\"compensationType\":\"REFUND\",\"compensationValue\":-5,\"currency\":\"EUR\"}"), "compensationValue");
        assertInvalid(step(ticket, admin.token(), "{\"step\":\"COMPENSATION\",\"compensationType\":\"HUG\",\"compensationValue\":5,\"currency\":\"EUR\"}"), "compensationType");
        assertInvalid(step(ticket, admin.token(), "{\"step\":\"COMPENSATION\",\"compensationType\":\"REFUND\",\"compensationValue\":\"abc\",\"currency\":\"EURO\"}"), "compensationValue", "currency");
        assertInvalid(step(ticket, admin.token(), "{\"step\":\"APOLOGISED\",\"compensationValue\":5}"), "compensationType");
        assertThat(jdbc.sql("select count(*) from ticket_recovery_steps where ticket_id = :t").param("t", ticket).query(Long.class).single()).isEqualTo(3);
        assertProblem(step(99_999_999L, admin.token(), "{\"step\":\"ACKNOWLEDGED\"}"), 404);
        long question = sf.ticket("QUESTION", NewTicket.Channel.API, null, null, null);
        assertProblem(step(question, admin.token(), "{\"step\":\"ACKNOWLEDGED\"}"), 409);
    }

    @Test
    void everyRoleGetsWhatItMay() {
        long team = fx.team();
        ApiFixtures.User owner = fx.user("AGENT", team);
        ApiFixtures.User teammate = fx.user("AGENT", team);
        ApiFixtures.User stranger = fx.user("AGENT", null);
        ApiFixtures.User seller = fx.user("SALES", null);
        ApiFixtures.User otherSeller = fx.user("SALES", null);
        long contact = sf.contact(Api.unique("s") + "@example.com", seller.id());
        long ticket = sf.ticket("COMPLAINT", NewTicket.Channel.EMAIL, contact, owner.id(), team);
        String path = "/api/v1/tickets/" + ticket + "/recovery/steps";

        assertThat(step(ticket, teammate.token(), "{\"step\":\"ACKNOWLEDGED\"}").status()).isEqualTo(201);
        assertProblem(api.get(path, stranger.token()), 404);
        assertProblem(step(ticket, stranger.token(), "{\"step\":\"APOLOGISED\"}"), 404);
        assertThat(api.get(path, owner.token()).status()).isEqualTo(200);
        assertThat(api.get(path, fx.user("MANAGER", null).token()).status()).isEqualTo(200);
        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        assertThat(api.get(path, reader.token()).status()).isEqualTo(200);
        assertProblem(step(ticket, reader.token(), "{\"step\":\"APOLOGISED\"}"), 403);
        assertThat(api.get(path, seller.token()).status()).isEqualTo(200);
        assertProblem(step(ticket, seller.token(), "{\"step\":\"APOLOGISED\"}"), 403);
        assertProblem(api.get(path, otherSeller.token()), 404);
        ApiFixtures.User marketer = fx.user("MARKETING", null);
        assertProblem(api.get(path, marketer.token()), 403);
        assertProblem(step(ticket, marketer.token(), "{\"step\":\"APOLOGISED\"}"), 403);
        assertThat(step(ticket, fx.admin(), "{\"step\":\"APOLOGISED\"}").status()).isEqualTo(201);
    }

    @Test
    void theCardRecordsTheNextStepAndTheComplaintsListShowsWhereEachStands() {
        ApiFixtures.User agent = fx.user("AGENT", null);
        long ticket = sf.ticket("COMPLAINT", NewTicket.Channel.WEB, null, agent.id(), null);
        PageSession page = PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD);
        var card = page.get("/tickets/" + ticket + "/recovery");
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.body()).contains("No recovery step yet").contains("Record acknowledged");
        var after = page.post("/tickets/" + ticket + "/recovery", Map.of("step", "ACKNOWLEDGED", "note", "Sorry to hear"));
        assertThat(after.body()).contains("Acknowledged").contains("Sorry to hear").contains("Next: Apologised");
        var bad = page.post("/tickets/" + ticket + "/recovery", Map.of("step", "COMPENSATION", "compensationType", "REFUND",
                "compensationValue", "-1", "currency", "EUR"));
        assertThat(bad.body()).contains("must not be negative");
        String number = jdbc.sql("select number from tickets where id = :t").param("t", ticket).query(String.class).single();
        var list = page.get("/complaints");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("#" + number).contains("Acknowledged");
        PageSession manager = PageSession.signIn(api.base(), fx.user("MANAGER", null).email(), ApiFixtures.PASSWORD);
        assertThat(manager.get("/complaints").body()).contains("#" + number);
        PageSession marketer = PageSession.signIn(api.base(), fx.user("MARKETING", null).email(), ApiFixtures.PASSWORD);
        assertThat(marketer.get("/complaints").statusCode()).isEqualTo(403);
    }

    static MimeMessage mailTo(String email) throws Exception {
        for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email))) return m;
        }
        return null;
    }
}
