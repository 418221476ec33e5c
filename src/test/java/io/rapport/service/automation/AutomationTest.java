package io.rapport.service.automation;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.service.DeskFixtures;
import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import io.rapport.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Automation rules end to end: triggers, conditions, actions, the loop guard and the time-based job. */
@IntegrationTest
class AutomationTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TicketIntake intake;
    @Autowired
    TimeRules timeRules;
    @Autowired
    org.springframework.context.ApplicationEventPublisher events;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;
    Api api;
    ApiFixtures fx;
    DeskFixtures desk;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        desk = new DeskFixtures(fx, intake, jdbc);
    }

    private long rule(String json) {
        Api.Response r = api.post("/api/v1/automation-rules", fx.admin(), json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private long firings(long ruleId, long ticketId) {
        return jdbc.sql("select count(*) from automation_log where rule_id = :r and ticket_id = :t")
                .param("r", ruleId).param("t", ticketId).query(Long.class).single();
    }

    private void pause(long ruleId) {
        int version = api.get("/api/v1/automation-rules/" + ruleId, fx.admin()).json().get("version").asInt();
        assertThat(api.patch("/api/v1/automation-rules/" + ruleId, fx.admin(), "{\"active\":false,\"version\":" + version + "}").status()).isEqualTo(200);
    }

    @Test
    void aCreatedRuleSetsPriorityAndTagsWhenItsConditionsHold() {
        String word = Api.unique("refundx");
        long id = rule("""
                {"name":"Refunds are urgent","trigger":"CREATED","conditions":[{"field":"subject","op":"CONTAINS","value":"%s"},
                 {"field":"account_tier","op":"IS","value":"GOLD"}],
                 "actions":[{"type":"SET_PRIORITY","value":"URGENT"},{"type":"ADD_TAG","value":"billing"},{"type":"ADD_TAG","value":"%s"}]}"""
                .formatted(word, word));
        try {
            long gold = desk.ticket(desk.customer("Al", "GOLD"), "About my " + word.toUpperCase(), "Please help");
            long silver = desk.ticket(desk.customer("Bea", "SILVER"), "About my " + word, "Please help");
            await().atMost(PATIENCE).until(() -> firings(id, gold) == 1);
            assertThat(desk.field(gold, "priority")).isEqualTo("URGENT");
            assertThat(desk.field(gold, "tags")).contains("billing").contains(word);
            assertThat(firings(id, silver)).isZero();
            assertThat(desk.field(silver, "priority")).isEqualTo("NORMAL");
            assertThat(api.get("/api/v1/tickets/" + gold + "/automation-log", fx.admin()).body())
                    .contains("Refunds are urgent").contains("priority → URGENT");
        } finally {
            pause(id);
        }
    }

    @Test
    void anUpdatedRuleFiresOnACustomerMessageAndTwoRulesCannotLoop() {
        String tag = Api.unique("ping");
        // A customer message containing the word → tag A; tag A → HIGH; HIGH → tag B; tag B → NORMAL … and back
        long onMessage = rule("""
                {"name":"word tags","trigger":"UPDATED","conditions":[{"field":"body","op":"CONTAINS","value":"%s"}],
                 "actions":[{"type":"ADD_TAG","value":"%s"}]}""".formatted(tag, tag));
        long up = rule("""
                {"name":"raise","trigger":"UPDATED","position":1,"conditions":[{"field":"tags","op":"CONTAINS","value":"%s"},{"field":"priority","op":"IS_NOT","value":"HIGH"}],
                 "actions":[{"type":"SET_PRIORITY","value":"HIGH"}]}""".formatted(tag));
        long down = rule("""
                {"name":"lower","trigger":"UPDATED","position":2,"conditions":[{"field":"tags","op":"CONTAINS","value":"%s"},{"field":"priority","op":"IS","value":"HIGH"}],
                 "actions":[{"type":"SET_PRIORITY","value":"LOW"}]}""".formatted(tag));
        try {
            long ticket = desk.ticket(desk.customer("Cal", null), "Hello", "First message");
            intake.addCustomerMessage(ticket, NewTicket.Channel.EMAIL, InboundMessage.text("Now with " + tag + " inside", null));
            await().atMost(PATIENCE).until(() -> firings(down, ticket) == 1);
            assertThat(firings(onMessage, ticket)).isEqualTo(1);
            assertThat(firings(up, ticket)).isEqualTo(1);
            assertThat(desk.field(ticket, "priority")).isEqualTo("LOW");
            // the last actions' own events still arrive (after their commit) and take their echoes, firing nothing more
            await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from automation_echoes where ticket_id = :t")
                    .param("t", ticket).query(Long.class).single() == 0);
            assertThat(firings(onMessage, ticket) + firings(up, ticket) + firings(down, ticket)).isEqualTo(3);
            assertThat(desk.field(ticket, "priority")).isEqualTo("LOW");
        } finally {
            pause(onMessage);
            pause(up);
            pause(down);
        }
    }

    @Test
    void aBulkUpdateRunsTheUpdatedRulesOfEachTicketOnce() {
        String tag = Api.unique("bulk"), mark = Api.unique("bulkmark");
        long id = rule("""
                {"name":"bulk mark","trigger":"UPDATED","conditions":[{"field":"tags","op":"CONTAINS","value":"%s"}],
                 "actions":[{"type":"ADD_TAG","value":"%s"}]}""".formatted(tag, mark));
        try {
            long one = desk.ticket(desk.customer("Ida", null), "Bulk one", "Hello");
            long two = desk.ticket(desk.customer("Jon", null), "Bulk two", "Hello");
            long other = desk.ticket(desk.customer("Kim", null), "Bulk other", "Hello");
            // as the SLA sweep's escalations do: change the rows, then one event for the batch, in one transaction
            tx.executeWithoutResult(s -> {
                jdbc.sql("update tickets set tags = array_append(tags, :tag) where id in (:ids)")
                        .param("tag", tag).param("ids", List.of(one, two, other)).update();
                events.publishEvent(new io.rapport.service.TicketEvents.TicketsUpdated(List.of(one, two), null));
            });
            await().atMost(PATIENCE).until(() -> firings(id, one) == 1 && firings(id, two) == 1);
            assertThat(desk.field(one, "tags")).contains(mark);
            assertThat(desk.field(two, "tags")).contains(mark);
            assertThat(firings(id, other)).as("not in the batch").isZero();
        } finally {
            pause(id);
        }
    }

    @Test
    void anAgentsStatusChangeThroughAMacroTriggersUpdatedRules() {
        String tag = Api.unique("solvedmark");
        long id = rule("""
                {"name":"mark solved","trigger":"UPDATED","conditions":[{"field":"status","op":"IS","value":"SOLVED"},{"field":"tags","op":"NOT_CONTAINS","value":"%s"}],
                 "actions":[{"type":"ADD_TAG","value":"%s"}]}""".formatted(tag, tag));
        try {
            ApiFixtures.User agent = fx.user("AGENT", null);
            long ticket = desk.ticket(desk.customer("Hugo", null), "Done?", "Hello");
            Api.Response m = api.post("/api/v1/macros", agent.token(), "{\"name\":\"Solve\",\"body\":\"Solved\",\"changes\":{\"status\":\"SOLVED\"}}");
            assertThat(m.status()).as(m.body()).isEqualTo(201);
            assertThat(api.post("/api/v1/tickets/" + ticket + "/macros/" + m.json().get("id").asLong() + "/apply", agent.token(), null).status())
                    .isEqualTo(200);
            await().atMost(PATIENCE).until(() -> firings(id, ticket) == 1);
            assertThat(desk.field(ticket, "tags")).contains(tag);
            assertThat(desk.field(ticket, "solved_at")).isNotNull();
        } finally {
            pause(id);
        }
    }

    @Test
    void sendEmailReachesTheRequesterAndCreateTaskGoesToTheAssignee() throws Exception {
        ApiFixtures.User agent = fx.user("AGENT", null);
        String word = Api.unique("mailme");
        long id = rule("""
                {"name":"Acknowledge","trigger":"CREATED","conditions":[{"field":"subject","op":"CONTAINS","value":"%s"}],
                 "actions":[{"type":"ASSIGN_USER","userId":%d},
                            {"type":"SEND_EMAIL","to":"REQUESTER","subject":"We got {{ticket.number}}","body":"Hi {{contact.first_name}}, {{agent.name}} is on it."},
                            {"type":"SEND_EMAIL","to":"USER","userId":%d,"subject":"New {{ticket.subject}}","body":"Assigned to you"},
                            {"type":"CREATE_TASK","title":"Call {{contact.name}}","dueInHours":4}]}"""
                .formatted(word, agent.id(), agent.id()));
        try {
            DeskFixtures.Customer c = desk.customer("Dora", null);
            long ticket = desk.ticket(c, "Question " + word, "Hello");
            MimeMessage toCustomer = awaitMailTo(c.email());
            assertThat(toCustomer.getSubject()).isEqualTo("We got #" + desk.field(ticket, "number"));
            assertThat(toCustomer.getContent().toString()).contains("Hi Dora, Test AGENT is on it.");
            assertThat(awaitMailTo(agent.email()).getSubject()).isEqualTo("New Question " + word);
            assertThat(jdbc.sql("select count(*) from tasks where assignee_id = :a and title = 'Call Dora Tester' and contact_id = :c")
                    .param("a", agent.id()).param("c", c.contactId()).query(Long.class).single()).isEqualTo(1);
        } finally {
            pause(id);
        }
    }

    @Test
    void aTimeRuleFiresOncePerTicketEvenWhenTwoRunsRace() throws Exception {
        String tag = Api.unique("stale");
        long id = rule("""
                {"name":"Nudge pending","trigger":"TIME","conditions":[{"field":"status","op":"IS","value":"PENDING"},
                 {"field":"hours_in_status","op":"MORE_THAN","value":"72"},{"field":"tags","op":"CONTAINS","value":"%s"}],
                 "actions":[{"type":"ADD_TAG","value":"nudged"},{"type":"SET_PRIORITY","value":"HIGH"}]}""".formatted(tag));
        try {
            long old = desk.ticket(desk.customer("Eve", null), "Waiting", "Hello");
            long fresh = desk.ticket(desk.customer("Fay", null), "Waiting too", "Hello");
            for (long t : new long[] {old, fresh}) {
                jdbc.sql("update tickets set status = 'PENDING', tags = array[:tag] where id = :id").param("tag", tag).param("id", t).update();
                jdbc.sql("update ticket_status_history set changed_at = now() - interval '100 hours' where ticket_id = :id").param("id", t).update();
                jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status, changed_at) values (:id, 'NEW', 'PENDING', :at)")
                        .param("id", t).param("at", java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(t == old ? 80 : 10))))
                        .update();
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = pool.invokeAll(List.<Callable<Integer>>of(timeRules::runDue, timeRules::runDue));
                for (Future<Integer> f : runs) f.get();
            } finally {
                pool.shutdown();
            }
            timeRules.runDue();
            assertThat(firings(id, old)).isEqualTo(1);
            assertThat(firings(id, fresh)).isZero();
            assertThat(desk.field(old, "tags")).contains("nudged");
            assertThat(desk.field(old, "priority")).isEqualTo("HIGH");
            assertThat(jdbc.sql("select trigger from automation_log where rule_id = :r").param("r", id).query(String.class).single()).isEqualTo("TIME");
        } finally {
            pause(id);
        }
    }

    @Test
    void badRulesAreRejectedNamingTheField() {
        assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), "{\"name\":\"x\",\"trigger\":\"SOMETIMES\",\"actions\":[{\"type\":\"ADD_TAG\",\"value\":\"a\"}]}"), "trigger");
        assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), "{\"name\":\"x\",\"trigger\":\"CREATED\",\"actions\":[]}"), "actions");
        assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), "{\"name\":\"x\",\"trigger\":\"CREATED\",\"conditions\":[1],\"actions\":[\"tag\"]}"),
                "conditions[0]", "actions[0]");
        assertProblem(api.post("/api/v1/automation-rules", fx.admin(), "[]"), 400);
        assertProblem(api.post("/api/v1/macros", fx.admin(), "\"hello\""), 400);
        assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), """
                {"name":"x","trigger":"CREATED","conditions":[{"field":"mood","op":"IS","value":"a"}],"actions":[{"type":"ADD_TAG","value":"a"}]}"""), "conditions[0].field");
        assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), """
                {"name":"x","trigger":"CREATED","conditions":[{"field":"sentiment","op":"BELOW","value":"very"}],"actions":[{"type":"ADD_TAG","value":"a"}]}"""), "conditions[0].value");
        assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), """
                {"name":"x","trigger":"CREATED","actions":[{"type":"SET_PRIORITY","value":"ASAP"},{"type":"ASSIGN_USER","userId":99999999},
                 {"type":"SEND_EMAIL","to":"REQUESTER","subject":"Hi {{contact.shoe}}","body":"b"}]}"""),
                "actions[0].value", "actions[1].userId", "actions[2].subject");
        assertInvalid(api.post("/api/v1/automation-rules", fx.admin(), """
                {"name":"x","trigger":"TIME","conditions":[{"field":"status","op":"IS","value":"NEW"}],"actions":[{"type":"ADD_TAG","value":"a"}]}"""), "conditions");
    }

    @Test
    void onlyAdminsWriteRulesManagersReadOthersAreForbidden() {
        long id = rule("{\"name\":\"r\",\"trigger\":\"CREATED\",\"active\":false,\"conditions\":[{\"field\":\"assignee\",\"op\":\"IS_EMPTY\"}],\"actions\":[{\"type\":\"ADD_TAG\",\"value\":\"a\"}]}");
        String body = "{\"name\":\"x\",\"trigger\":\"CREATED\",\"actions\":[{\"type\":\"ADD_TAG\",\"value\":\"a\"}]}";
        String manager = fx.user("MANAGER", null).token();
        assertThat(api.get("/api/v1/automation-rules", manager).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/automation-log", manager).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/automation-rules", manager, body), 403);
        for (String role : new String[] {"AGENT", "SALES", "MARKETING", "READ_ONLY"}) {
            String token = fx.user(role, null).token();
            assertProblem(api.get("/api/v1/automation-rules", token), 403);
            assertProblem(api.get("/api/v1/automation-log", token), 403);
            assertProblem(api.post("/api/v1/automation-rules", token, body), 403);
            assertProblem(api.patch("/api/v1/automation-rules/" + id, token, "{\"active\":true,\"version\":0}"), 403);
            assertProblem(api.delete("/api/v1/automation-rules/" + id, token), 403);
        }
        assertThat(api.delete("/api/v1/automation-rules/" + id, fx.admin()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/automation-rules/" + id, fx.admin()), 404);
    }

    @Test
    void adminPageAddsRulesAndTheTicketFragmentShowsTheLog() {
        PageSession admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(admin.post("/admin/automation", java.util.Map.of("name", "Broken JSON", "trigger", "CREATED", "position", "0",
                "conditions", "[{", "actions", "[]")).body()).contains("not valid JSON");
        String name = Api.unique("Page rule");
        admin.post("/admin/automation", java.util.Map.of("name", name, "trigger", "UPDATED", "position", "5",
                "conditions", "[{\"field\":\"flagged\",\"op\":\"IS\",\"value\":\"true\"}]", "actions", "[{\"type\":\"SET_PRIORITY\",\"value\":\"URGENT\"}]"));
        assertThat(admin.get("/admin/automation").body()).contains(name).contains("flagged is true");
        ApiFixtures.User agent = fx.user("AGENT", null);
        long ticket = desk.ticket(desk.customer("Gil", null), "Hi", "Hello");
        assertThat(PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD).get("/tickets/" + ticket + "/automation-log").body())
                .contains("No automation rule has fired");
        assertThat(PageSession.signIn(api.base(), agent.email(), ApiFixtures.PASSWORD).get("/admin/automation").statusCode()).isEqualTo(403);
        jdbc.sql("update automation_rules set active = false where name = :n").param("n", name).update();
    }

    private MimeMessage awaitMailTo(String email) throws Exception {
        await().atMost(PATIENCE).until(() -> mailTo(email) != null);
        return mailTo(email);
    }

    private static MimeMessage mailTo(String email) throws Exception {
        for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email))) return m;
        }
        return null;
    }
}
