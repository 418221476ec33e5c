package io.rapport.activities;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.activities.notifications.Notifications;
import io.rapport.activities.reminders.ReminderDelivery;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import io.rapport.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Task reminders end to end: the recurring job, the notifications API, e-mail through the outbox to a real SMTP server. */
@IntegrationTest
class ReminderTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReminderDelivery delivery;
    @Autowired
    Notifications notifications;
    Api api;
    ApiFixtures fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
    }

    @Test
    void aDueReminderBecomesAnUnreadNotificationLinkingToTheContact() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long contact = fx.contact("Reminded", "reminders", seller.id()).get("id").asLong();
        long task = createTask(seller.token(), "{\"title\":\"Call back, about the quote\",\"contactId\":%d,\"dueAt\":\"%s\",\"remindAt\":\"%s\"}"
                .formatted(contact, Instant.now().plusSeconds(3600), Instant.now().minusSeconds(1)));
        assertThat(api.get("/api/v1/tasks/" + task, seller.token()).json().get("remindAt").isNull()).isFalse();

        JsonNode n = awaitNotification(seller.token(), task);
        assertThat(n.get("title").asString()).isEqualTo("Reminder: Call back, about the quote");
        assertThat(n.get("link").asString()).isEqualTo("/contacts/" + contact);
        assertThat(n.get("contactId").asLong()).isEqualTo(contact);
        assertThat(n.get("readAt").isNull()).isTrue();
        assertThat(api.get("/api/v1/notifications?unread=true", seller.token()).json().get("items")).hasSize(1);

        // only the owner sees and marks it
        ApiFixtures.User other = fx.user("SALES", null);
        assertThat(api.get("/api/v1/notifications", other.token()).json().get("items")).isEmpty();
        assertProblem(api.post("/api/v1/notifications/" + n.get("id").asLong() + "/read", other.token(), null), 404);
        assertProblem(api.post("/api/v1/notifications/" + n.get("id").asLong() + "/read", fx.admin(), null), 404);

        var read = api.post("/api/v1/notifications/" + n.get("id").asLong() + "/read", seller.token(), null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("readAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/notifications?unread=true", seller.token()).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/notifications", seller.token()).json().get("items")).hasSize(1);
    }

    @Test
    void aMovedReminderIsDeliveredAgainAtItsNewTime() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long task = createTask(seller.token(), "{\"title\":\"Moved\",\"remindAt\":\"%s\"}".formatted(Instant.now().minusSeconds(5)));
        awaitNotification(seller.token(), task);
        JsonNode current = api.get("/api/v1/tasks/" + task, seller.token()).json();

        Instant later = Instant.now().plusSeconds(3);
        var moved = api.patch("/api/v1/tasks/" + task, seller.token(),
                "{\"remindAt\":\"%s\",\"version\":%d}".formatted(later, current.get("version").asInt()));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        // a change that leaves the time alone does not deliver it again
        await().atMost(PATIENCE).until(() -> notificationsFor(seller.token(), task).size() == 2);
        List<JsonNode> both = notificationsFor(seller.token(), task);
        assertThat(Instant.parse(both.getFirst().get("createdAt").asString())).isAfterOrEqualTo(later.minusMillis(1));

        var retitled = api.patch("/api/v1/tasks/" + task, seller.token(), "{\"title\":\"Moved, renamed\",\"version\":%d}"
                .formatted(current.get("version").asInt() + 1));
        assertThat(retitled.status()).as(retitled.body()).isEqualTo(200);
        delivery.deliverDueBatch();
        assertThat(notificationsFor(seller.token(), task)).hasSize(2);
    }

    @Test
    void theContactsTaskCardSetsAReminderTime() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long contact = fx.contact("Carded", "reminders", seller.id()).get("id").asLong();
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        String card = page.post("/contacts/" + contact + "/tasks", Map.of("title", "Prepare the offer", "dueAt", "2027-03-02T10:00",
                "remindAt", "2027-03-02T09:30", "priority", "HIGH", "assigneeId", ""), Map.of("HX-Request", "true")).body();
        assertThat(card).contains("Prepare the offer").contains("reminder 2027-03-02 09:30").contains("Add to calendar (.ics)");
        JsonNode task = api.get("/api/v1/tasks?contact=" + contact, seller.token()).json().get("items").get(0);
        assertThat(Instant.parse(task.get("remindAt").asString())).isEqualTo(
                java.time.LocalDateTime.parse("2027-03-02T09:30").atZone(java.time.ZoneId.systemDefault()).toInstant());
        String bad = page.post("/contacts/" + contact + "/tasks", Map.of("title", "Bad", "remindAt", "next week"),
                Map.of("HX-Request", "true")).body();
        assertThat(bad).contains("remindAt");
        assertThat(api.get("/api/v1/tasks?contact=" + contact, seller.token()).json().get("items")).hasSize(1);
    }

    @Test
    void doneTasksAndTasksWithoutReminderAreNotReminded() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long done = createTask(seller.token(), "{\"title\":\"Done already\",\"status\":\"DONE\",\"remindAt\":\"%s\"}".formatted(Instant.now().minusSeconds(5)));
        long reminded = createTask(seller.token(), "{\"title\":\"Marker\",\"remindAt\":\"%s\"}".formatted(Instant.now().minusSeconds(5)));
        createTask(seller.token(), "{\"title\":\"No reminder\"}");
        awaitNotification(seller.token(), reminded);
        List<Long> tasks = new ArrayList<>();
        api.get("/api/v1/notifications", seller.token()).json().get("items").forEach(n -> tasks.add(n.get("taskId").asLong()));
        assertThat(tasks).containsExactly(reminded).doesNotContain(done);
    }

    @Test
    void remindersAreEmailedOnlyToUsersWhoAskedForIt() throws Exception {
        ApiFixtures.User wantsMail = fx.user("SALES", null);
        ApiFixtures.User noMail = fx.user("SALES", null);
        PageSession page = PageSession.signIn(api.base(), wantsMail.email(), ApiFixtures.PASSWORD);
        assertThat(page.get("/settings/reminders").body()).contains("E-mail me my reminders").doesNotContain("checked");
        var saved = page.post("/settings/reminders/email", Map.of("emailReminders", "true"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(page.get("/settings/reminders").body()).contains("checked");

        long mailed = createTask(wantsMail.token(), "{\"title\":\"Send the contract\",\"remindAt\":\"%s\"}".formatted(Instant.now().minusSeconds(1)));
        long quiet = createTask(noMail.token(), "{\"title\":\"Quiet one\",\"remindAt\":\"%s\"}".formatted(Instant.now().minusSeconds(1)));

        MimeMessage message = awaitMailTo(wantsMail.email());
        assertThat(message.getSubject()).isEqualTo("Reminder: Send the contract");
        assertThat(message.getFrom()[0].toString()).isEqualTo("rapport@localhost");
        assertThat(((String) message.getContent())).contains("Send the contract").contains("/tasks");
        awaitNotification(wantsMail.token(), mailed);
        awaitNotification(noMail.token(), quiet);  // delivered, and the decision about mail made in the same transaction
        assertThat(outboxRowsFor(noMail.email())).isZero();
        assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = :to and sent_at is not null")
                .param("to", wantsMail.email()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aMailThatCannotBeSentIsRetriedLaterNotLost() throws Exception {
        ApiFixtures.User user = fx.user("MANAGER", null);
        PageSession.signIn(api.base(), user.email(), ApiFixtures.PASSWORD).post("/settings/reminders/email", Map.of("emailReminders", "true"));
        TestMailServer.greenMail().stop();
        try {
            createTask(user.token(), "{\"title\":\"While the mail server is down\",\"remindAt\":\"%s\"}".formatted(Instant.now().minusSeconds(1)));
            await().atMost(PATIENCE).until(() -> jdbc.sql("""
                    select count(*) from mail_outbox where recipient = :to and attempts >= 1 and last_error is not null
                       and sent_at is null and failed_at is null""").param("to", user.email()).query(Long.class).single() == 1);
        } finally {
            TestMailServer.greenMail().start();
        }
        MimeMessage message = awaitMailTo(user.email());
        assertThat(message.getSubject()).isEqualTo("Reminder: While the mail server is down");
        assertThat(jdbc.sql("select attempts from mail_outbox where recipient = :to").param("to", user.email())
                .query(Integer.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void concurrentDeliverersNeverDeliverOneReminderTwice() throws Exception {
        ApiFixtures.User seller = fx.user("SALES", null);
        List<Long> ids = jdbc.sql("""
                insert into tasks (title, assignee_id, created_by, remind_at)
                select 'Bulk ' || g, :user, :user, now() - interval '1 minute' from generate_series(1, 250) g returning id""")
                .param("user", seller.id()).query(Long.class).list();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(() -> {
                    int total = 0;
                    for (int claimed; (claimed = delivery.deliverDueBatch()) > 0; ) total += claimed;
                    return total;
                });
            }
            for (Future<Integer> f : pool.invokeAll(workers)) f.get();
        } finally {
            pool.shutdown();
        }
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from tasks where id in (:ids) and reminded_at is null")
                .param("ids", ids).query(Long.class).single() == 0);
        assertThat(jdbc.sql("select count(*) from notifications where task_id in (:ids)").param("ids", ids).query(Long.class).single())
                .isEqualTo(250);
        assertThat(jdbc.sql("select count(*) from (select task_id from notifications where task_id in (:ids) group by task_id having count(*) > 1) twice")
                .param("ids", ids).query(Long.class).single()).isZero();
        assertThat(ids(api.get("/api/v1/notifications?limit=500", seller.token()).json())).hasSize(250);
    }

    @Test
    void notificationsArePagedNewestFirstAndAllCanBeMarkedRead() {
        ApiFixtures.User user = fx.user("AGENT", null);
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(notifications.add(new Notifications.NewNotification(user.id(), "TASK_REMINDER", "N" + i, null, "/tasks", null, null)));
        }
        List<Long> seen = fx.allIds("/api/v1/notifications?limit=2", user.token());
        assertThat(seen).containsExactlyElementsOf(created.reversed());
        var all = api.post("/api/v1/notifications/read-all", user.token(), null);
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json().get("marked").asInt()).isEqualTo(5);
        assertThat(api.get("/api/v1/notifications?unread=true", user.token()).json().get("items")).isEmpty();
        assertThat(api.post("/api/v1/notifications/read-all", user.token(), null).json().get("marked").asInt()).isZero();
    }

    @Test
    void everyRoleReadsAndMarksOnlyItsOwnNotifications() {
        long team = fx.team();
        for (String role : List.of("ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            ApiFixtures.User user = fx.user(role, team);
            long mine = notifications.add(new Notifications.NewNotification(user.id(), "TASK_REMINDER", "For " + role, null, "/tasks", null, null));
            ApiFixtures.User neighbour = fx.user("SALES", team);
            long theirs = notifications.add(new Notifications.NewNotification(neighbour.id(), "TASK_REMINDER", "Not for " + role, null, "/tasks", null, null));

            assertThat(ids(api.get("/api/v1/notifications", user.token()).json())).as(role).containsExactly(mine);
            assertThat(api.post("/api/v1/notifications/" + mine + "/read", user.token(), null).status()).as(role).isEqualTo(200);
            assertProblem(api.post("/api/v1/notifications/" + theirs + "/read", user.token(), null), 404);
            assertThat(api.post("/api/v1/notifications/read-all", user.token(), null).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/notifications?unread=true", neighbour.token()).json().get("items")).as(role).hasSize(1);
        }
        assertProblem(api.get("/api/v1/notifications", null), 401);
        assertProblem(api.post("/api/v1/notifications/read-all", null, null), 401);
        assertProblem(api.post("/api/v1/notifications/1/read", "rpt_not-a-token", null), 401);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        ApiFixtures.User seller = fx.user("SALES", null);
        assertInvalid(api.post("/api/v1/tasks", seller.token(), "{\"title\":\"x\",\"remindAt\":\"soon\"}"), "remindAt");
        assertInvalid(api.post("/api/v1/tasks", seller.token(), "{\"title\":\"x\",\"remindAt\":12}"), "remindAt");
        assertProblem(api.post("/api/v1/tasks", seller.token(), "{\"title\":\"x\",\"contactId\":987654321}"), 404);
        long othersContact = fx.contact("Hidden", "reminders", null).get("id").asLong();
        assertProblem(api.post("/api/v1/tasks", seller.token(), "{\"title\":\"x\",\"contactId\":%d}".formatted(othersContact)), 404);
        assertInvalid(api.get("/api/v1/notifications?limit=0", seller.token()), "limit");
        assertInvalid(api.get("/api/v1/notifications?cursor=not-a-cursor", seller.token()), "cursor");
        assertProblem(api.post("/api/v1/notifications/987654321/read", seller.token(), null), 404);
        assertThat(api.get("/api/v1/notifications?unread=maybe", seller.token()).status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from tasks where created_by = :u").param("u", seller.id()).query(Long.class).single()).isZero();
    }

    private long createTask(String token, String json) {
        var r = api.post("/api/v1/tasks", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private JsonNode awaitNotification(String token, long taskId) {
        await().atMost(PATIENCE).until(() -> !notificationsFor(token, taskId).isEmpty());
        return notificationsFor(token, taskId).getFirst();
    }

    private List<JsonNode> notificationsFor(String token, long taskId) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/api/v1/notifications?limit=500", token).json().get("items").forEach(n -> {
            if (n.get("taskId").asLong() == taskId) found.add(n);
        });
        return found;
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

    private long outboxRowsFor(String email) {
        return jdbc.sql("select count(*) from mail_outbox where recipient = :to").param("to", email).query(Long.class).single();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }
}
