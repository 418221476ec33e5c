package io.rapport.service.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.DeskFixtures;
import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sentiment of inbound messages through TicketIntake: scores stored, strongly negative tickets flagged and announced. */
@IntegrationTest
class SentimentFlagTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TicketIntake intake;
    @Autowired
    TicketSentiment sentiment;
    Api api;
    ApiFixtures fx;
    DeskFixtures desk;

    @Autowired
    ConfigurableApplicationContext context;

    /** Every SentimentFlagged published, recorded by a listener added at run time (the shared context stays as it is). */
    static final List<SentimentFlagged> FLAGGED = new CopyOnWriteArrayList<>();
    static volatile boolean listening;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        desk = new DeskFixtures(fx, intake, jdbc);
        if (!listening) {
            listening = true;
            context.addApplicationListener(e -> {
                if (e instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof SentimentFlagged f) FLAGGED.add(f);
            });
        }
    }

    @Test
    void aCalmTicketIsScoredButNotFlagged() {
        long ticket = desk.ticket(desk.customer("Hal", null), "Thanks", "Thank you, the new dashboard is great and very helpful.");
        assertThat(Double.parseDouble(desk.field(ticket, "sentiment"))).isGreaterThan(0.5);
        assertThat(desk.field(ticket, "flagged")).isEqualTo("false");
        assertThat(jdbc.sql("select sentiment is not null from ticket_messages where ticket_id = :t").param("t", ticket)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void anAngryReplyFlagsTheTicketAndIsShownPerMessage() {
        long ticket = desk.ticket(desk.customer("Ida", null), "Order question", "When will my order arrive?");
        assertThat(desk.field(ticket, "flagged")).isEqualTo("false");
        long message = intake.addCustomerMessage(ticket, NewTicket.Channel.EMAIL,
                InboundMessage.text("This is RIDICULOUS. Your service is terrible and useless, I am furious!!!", null));
        assertThat(Double.parseDouble(desk.field(ticket, "sentiment"))).isLessThan(-0.5);
        assertThat(desk.field(ticket, "flagged")).isEqualTo("true");
        assertThat(sentiment.messageScores(ticket)).containsKey(message);
        assertThat(TicketSentiment.label(sentiment.messageScores(ticket).get(message))).isEqualTo("very negative");

        ApiFixtures.User agent = fx.user("AGENT", null);
        String fragment = PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD).get("/tickets/" + ticket + "/sentiment").body();
        assertThat(fragment).contains("very negative").contains("flagged").contains("sentiment-" + message);
        ApiFixtures.User marketing = fx.user("MARKETING", null);
        assertThat(PageSession.signIn(api.base(), marketing.email(), ApiFixtures.PASSWORD).get("/tickets/" + ticket + "/sentiment").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aFlagPublishesSentimentFlaggedForEscalationAndAutomation() {
        String tag = Api.unique("angry");
        Api.Response r = api.post("/api/v1/automation-rules", fx.admin(), """
                {"name":"Angry customers first","trigger":"CREATED","conditions":[{"field":"sentiment","op":"BELOW","value":"-0.5"},
                 {"field":"subject","op":"CONTAINS","value":"%s"}],"actions":[{"type":"SET_PRIORITY","value":"URGENT"}]}""".formatted(tag));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long ticket = desk.ticket(desk.customer("Jo", null), "Awful " + tag, "Worst support ever, a total disgrace and a scam.");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "URGENT".equals(desk.field(ticket, "priority")));
        assertThat(FLAGGED).anyMatch(f -> f.ticketId() == ticket && f.score() < -0.5);
        api.patch("/api/v1/automation-rules/" + r.json().get("id").asLong(), fx.admin(), "{\"active\":false,\"version\":0}");
    }
}
