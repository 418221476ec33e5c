package io.rapport.service.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.service.TicketEvents;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import io.rapport.support.TestMailServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The e-mail channel against a real mail server (GreenMail SMTP + IMAP): in by IMAP, out by SMTP through the outbox. */
@IntegrationTest
class EmailChannelTest {

    @LocalServerPort int port;
    @Autowired MailboxPoller poller;
    @Autowired MailIntake intake;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationEventPublisher events;
    @Autowired PlatformTransactionManager txManager;

    Api api;
    ApiFixtures fx;
    String run;
    String support;
    long mailboxId;

    @BeforeEach
    void mailbox() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        run = UUID.randomUUID().toString().substring(0, 8);
        support = "support-" + run + "@desk.test";
        TestMailServer.greenMail().setUser(support, support, "imap-pw");
        Api.Response r = api.post("/api/v1/mailboxes", fx.admin(), Api.JSON.writeValueAsString(Map.of("name", "Support " + run,
                "host", "127.0.0.1", "port", TestMailServer.imapPort(), "tls", false, "username", support,
                "password", "imap-pw", "address", support)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("imap-pw").doesNotContain("password");
        mailboxId = r.json().get("id").asLong();
    }

    @AfterEach
    void quiet() {
        // the scheduled poll would keep trying this run's mailbox after the mail server is gone
        jdbc.sql("update mailboxes set active = false where id = :id").param("id", mailboxId).update();
    }

    // ---- sending and reading mail as the customer would ----

    private String customer(String name) {
        String address = name + "-" + run + "@customer.test";
        TestMailServer.greenMail().setUser(address, address, "pw");
        return address;
    }

    private void smtp(String raw, String to) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", String.valueOf(TestMailServer.smtpPort()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(to)});  // as written: no re-encoding
        }
    }

    private String mail(String from, String messageId, String subject, String extraHeaders, String body) {
        return (from == null ? "" : "From: " + from + "\r\n") + "To: " + support + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + extraHeaders
                + (extraHeaders.contains("Content-Type") ? "" : "Content-Type: text/plain; charset=UTF-8\r\n") + "\r\n" + body + "\r\n";
    }

    /** Polls the mailbox until the intake has logged this Message-ID. */
    private String outcome(String messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poller.poll(mailboxId);
            return jdbc.sql("select count(*) from mail_intake_log where message_id = :m").param("m", messageId).query(Long.class).single() > 0;
        });
        return jdbc.sql("select outcome from mail_intake_log where message_id = :m order by id desc limit 1").param("m", messageId).query(String.class).single();
    }

    private Long ticketOf(String messageId) {
        return jdbc.sql("select ticket_id from ticket_messages where email_message_id = :m").param("m", messageId).query(Long.class).optional().orElse(null);
    }

    private List<MimeMessage> inbox(String address) throws Exception {
        Properties props = new Properties();
        Session session = Session.getInstance(props);
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", TestMailServer.imapPort(), address, "pw");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<MimeMessage> copies = new ArrayList<>();
            for (Message m : inbox.getMessages()) copies.add(new MimeMessage((MimeMessage) m));
            inbox.close(false);
            return copies;
        }
    }

    private MimeMessage awaitMail(String address, String subjectPart) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> inbox(address).stream()
                .filter(m -> { try { return m.getSubject().contains(subjectPart); } catch (Exception e) { return false; } })
                .findFirst().orElse(null), m -> m != null);
    }

    /** The multipart/alternative part of a mail's content, wherever it is nested. */
    private static jakarta.mail.Multipart alternative(Object content) throws Exception {
        if (!(content instanceof jakarta.mail.Multipart multipart)) return null;
        if (multipart.getContentType().toLowerCase().startsWith("multipart/alternative")) return multipart;
        for (int i = 0; i < multipart.getCount(); i++) {
            jakarta.mail.Multipart found = alternative(multipart.getBodyPart(i).getContent());
            if (found != null) return found;
        }
        return null;
    }

    @Test
    void theHtmlPartOfAReplyIsEscapedTheLinksLinked() {
        String html = HtmlSanitiser.fromText("Hi <b>Jane</b> & co,\n\nsee https://example.com/a?b=1&c=2\nthanks\n<script>alert(1)</script>");
        assertThat(html).contains("<p>Hi &lt;b&gt;Jane&lt;/b&gt; &amp; co,</p>").contains("<a href=\"https://example.com/a?b=1&amp;c=2\"")
                .contains("<br>thanks").doesNotContain("<script>").doesNotContain("<b>");
    }

    private Map<String, Object> ticket(long id) {
        return jdbc.sql("select number, subject, status, channel, requester_id, team_id from tickets where id = :id").param("id", id).query().singleRow();
    }

    // ---- the happy path: mail in, auto-reply, customer reply, agent reply out ----

    @Test
    void mailBecomesTicketRepliesThreadAndAgentAnswerArrivesThreaded() throws Exception {
        String jane = customer("jane");
        String first = "<first-" + run + "@customer.test>";
        smtp(mail("Jane Doe <" + jane + ">", first, "Printer on fire", "", "My printer is on fire.\r\nPlease help."), support);
        assertThat(outcome(first)).isEqualTo("TICKET");
        long ticketId = ticketOf(first);
        Map<String, Object> t = ticket(ticketId);
        assertThat(t.get("channel")).isEqualTo("EMAIL");
        assertThat(t.get("subject")).isEqualTo("Printer on fire");
        long requester = (Long) t.get("requester_id");
        assertThat(jdbc.sql("select emails[1] || '|' || first_name || '|' || last_name from contacts where id = :id").param("id", requester)
                .query(String.class).single()).isEqualTo(jane + "|Jane|Doe");
        long number = (Long) t.get("number");

        // the acknowledgement, marked so other robots do not answer it
        MimeMessage ack = awaitMail(jane, "[#" + number + "]");
        assertThat(ack.getSubject()).isEqualTo("[#" + number + "] Re: Printer on fire");
        assertThat(ack.getHeader("Auto-Submitted", ",")).isEqualTo("auto-replied");
        assertThat(ack.getHeader("In-Reply-To", ",")).isEqualTo(first);
        assertThat(ack.getFrom()[0].toString()).contains(support);

        // the customer answers: same ticket, quoted text and signature gone
        String second = "<second-" + run + "@customer.test>";
        smtp(mail(jane, second, "Re: Printer on fire", "In-Reply-To: " + first + "\r\nReferences: " + first + "\r\n",
                "It is still burning.\r\n\r\n-- \r\nJane, Facilities\r\n\r\nOn Tue, 1 Dec 2026 at 10:00, Support wrote:\r\n> My printer is on fire."), support);
        assertThat(outcome(second)).isEqualTo("REPLY");
        assertThat(ticketOf(second)).isEqualTo(ticketId);
        assertThat(jdbc.sql("select body_text from ticket_messages where email_message_id = :m").param("m", second).query(String.class).single())
                .isEqualTo("It is still burning.");
        // the full original is kept
        assertThat(new String(jdbc.sql("select s.raw from ticket_message_sources s join ticket_messages m on m.id = s.message_id where m.email_message_id = :m")
                .param("m", second).query(byte[].class).single(), StandardCharsets.UTF_8)).contains("> My printer is on fire.");

        // an agent answers publicly (the tickets API publishes AgentReplied; here the event is published as it would be)
        long agent = jdbc.sql("select id from users where email = 'admin@test.rapport'").query(Long.class).single();
        long messageId = new TransactionTemplate(txManager).execute(s -> {
            long id = jdbc.sql("""
                    insert into ticket_messages (ticket_id, kind, direction, channel, author_user_id, body_text)
                    values (:t, 'PUBLIC', 'OUTBOUND', 'EMAIL', :u, 'Unplug it, we are on our way.') returning id""")
                    .param("t", ticketId).param("u", agent).query(Long.class).single();
            jdbc.sql("insert into ticket_attachments (message_id, filename, content_type, size_bytes, content) values (:m, 'steps.txt', 'text/plain', 5, :c)")
                    .param("m", id).param("c", "1 2 3".getBytes(StandardCharsets.UTF_8)).update();
            events.publishEvent(new TicketEvents.AgentReplied(ticketId, id, agent));
            return id;
        });
        String ourId = jdbc.sql("select email_message_id from ticket_messages where id = :id").param("id", messageId).query(String.class).single();
        assertThat(ourId).startsWith("<rapport." + number + ".").endsWith("@desk.test>");
        MimeMessage reply = await().atMost(Duration.ofSeconds(30)).until(() -> inbox(jane).stream()
                .filter(m -> { try { return ourId.equals(m.getMessageID()); } catch (Exception e) { return false; } })
                .findFirst().orElse(null), m -> m != null);
        assertThat(reply.getSubject()).isEqualTo("[#" + number + "] Re: Printer on fire");
        assertThat(reply.getHeader("In-Reply-To", ",")).isEqualTo(second);
        assertThat(reply.getHeader("References", ",")).contains(first).contains(second);
        assertThat(reply.getHeader("Auto-Submitted")).isNull();
        assertThat(new String(reply.getRawInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("Unplug it").contains("steps.txt");
        // multipart/alternative: the plain text and its HTML rendering, escaped, next to the attachment
        jakarta.mail.Multipart alternative = alternative(reply.getContent());
        assertThat(alternative).as("a multipart/alternative part").isNotNull();
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat((String) alternative.getBodyPart(0).getContent()).isEqualTo("Unplug it, we are on our way.");
        assertThat(alternative.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) alternative.getBodyPart(1).getContent()).contains("<p>Unplug it, we are on our way.</p>");

        // the customer's client replies to our mail: found by its Message-ID
        String third = "<third-" + run + "@customer.test>";
        smtp(mail(jane, third, "Re: [#" + number + "] Re: Printer on fire", "In-Reply-To: " + ourId + "\r\n", "Thanks, it's out."), support);
        assertThat(outcome(third)).isEqualTo("REPLY");
        assertThat(ticketOf(third)).isEqualTo(ticketId);
    }

    @Test
    void ticketReferenceInSubjectFindsTheTicketForItsRequester() throws Exception {
        String bob = customer("bob");
        String first = "<ref1-" + run + "@customer.test>";
        smtp(mail(bob, first, "Invoice question", "", "Where is my invoice?"), support);
        assertThat(outcome(first)).isEqualTo("TICKET");
        long ticketId = ticketOf(first);
        long number = (Long) ticket(ticketId).get("number");
        String again = "<ref2-" + run + "@customer.test>";
        smtp(mail(bob, again, "Fwd: [#" + number + "] Invoice question", "", "Any news?"), support);
        assertThat(outcome(again)).isEqualTo("REPLY");
        assertThat(ticketOf(again)).isEqualTo(ticketId);
        // someone else quoting the number does not get onto Bob's ticket
        String stranger = "<ref3-" + run + "@customer.test>";
        smtp(mail(customer("eve"), stranger, "[#" + number + "] hello", "", "Let me in"), support);
        assertThat(outcome(stranger)).isEqualTo("TICKET");
        assertThat(ticketOf(stranger)).isNotEqualTo(ticketId);
    }

    // ---- bad input ----

    @Test
    void mailWithoutFromIsKeptForAdmins() throws Exception {
        String id = "<nofrom-" + run + "@customer.test>";
        smtp(mail(null, id, "Who am I " + run, "", "No sender here"), support);
        assertThat(outcome(id)).isEqualTo("UNPARSED");
        assertThat(ticketOf(id)).isNull();
        Api.Response list = api.get("/api/v1/mail-quarantine", fx.admin());
        assertThat(list.body()).contains("Who am I " + run).contains("No From address");
    }

    @Test
    void thirtyMegabyteAttachmentIsRefusedButTheMailKept() throws Exception {
        String ann = customer("ann");
        String id = "<big-" + run + "@customer.test>";
        byte[] big = new byte[30 * 1024 * 1024];
        String boundary = "b-" + run;
        String body = "--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nSee the attached logs.\r\n"
                + "--" + boundary + "\r\nContent-Type: application/octet-stream; name=huge.bin\r\nContent-Disposition: attachment; filename=huge.bin\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(big) + "\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; name=small.txt\r\nContent-Disposition: attachment; filename=small.txt\r\n\r\nsmall\r\n"
                + "--" + boundary + "--";
        smtp(mail(ann, id, "Logs", "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n", body), support);
        assertThat(outcome(id)).isEqualTo("TICKET");
        Map<String, Object> m = jdbc.sql("select id, body_text from ticket_messages where email_message_id = :m").param("m", id).query().singleRow();
        assertThat((String) m.get("body_text")).startsWith("See the attached logs.").contains("\"huge.bin\" (30.0 MB) was not kept");
        assertThat(jdbc.sql("select filename from ticket_attachments where message_id = :m").param("m", m.get("id")).query(String.class).list())
                .containsExactly("small.txt");
    }

    @Test
    void malformedMimeIsQuarantinedShownToAdminsAndRetryable() throws Exception {
        String id = "<broken-" + run + "@customer.test>";
        String raw = mail(customer("mal"), id, "Broken " + run, "Content-Type: multipart/mixed\r\n", "--x\r\nnot really\r\n--x--");
        smtp(raw, support);
        assertThat(outcome(id)).isEqualTo("QUARANTINED");
        assertThat(ticketOf(id)).isNull();
        long qid = jdbc.sql("select id from mail_quarantine where subject = :s").param("s", "Broken " + run).query(Long.class).single();
        assertThat(new String(api.get("/api/v1/mail-quarantine/" + qid + "/raw", fx.admin()).body())).contains("not really");
        PageSession admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        var page = admin.get("/admin/mail-quarantine");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Broken " + run).contains("/admin/mail-quarantine/" + qid + "/raw");
        var download = admin.get("/admin/mail-quarantine/" + qid + "/raw");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).contains("not really");
        // a retry of still-broken mail keeps it (one row, two attempts)
        Api.Response retry = api.post("/api/v1/mail-quarantine/" + qid + "/retry", fx.admin(), null);
        assertThat(retry.json().get("outcome").asString()).isEqualTo("QUARANTINED");
        assertThat(jdbc.sql("select attempts from mail_quarantine where id = :id and resolved_at is null").param("id", qid).query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from mail_quarantine where subject = :s and resolved_at is null").param("s", "Broken " + run).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void htmlMailIsSanitised() throws Exception {
        String id = "<html-" + run + "@customer.test>";
        String html = "<html><body><p onclick=\"steal()\">Hello <b>team</b></p><script>alert(1)</script>"
                + "<img src=x onerror=\"alert(2)\"><img src=\"https://tracker.example/pixel.gif\" alt=\"logo\">"
                + "<a href=\"javascript:alert(3)\">click</a><a href=\"https://ok.example/\">ok</a></body></html>";
        smtp(mail(customer("html"), id, "Html", "Content-Type: text/html; charset=UTF-8\r\n", html), support);
        assertThat(outcome(id)).isEqualTo("TICKET");
        Map<String, Object> m = jdbc.sql("select body_text, body_html from ticket_messages where email_message_id = :m").param("m", id).query().singleRow();
        String clean = (String) m.get("body_html");
        assertThat(clean).contains("<b>team</b>").contains("https://ok.example/")
                .doesNotContain("<script").doesNotContain("onclick").doesNotContain("onerror").doesNotContain("javascript:")
                .doesNotContain("<img");
        assertThat((String) m.get("body_text")).contains("Hello team").doesNotContain("alert");
    }

    private long solvedTicket(String who, String status) throws Exception {
        String id = "<closed-" + who + "-" + run + "@customer.test>";
        smtp(mail(customer(who), id, "Done " + who, "", "First"), support);
        assertThat(outcome(id)).isEqualTo("TICKET");
        long ticketId = ticketOf(id);
        jdbc.sql("update tickets set status = :s, solved_at = now() where id = :id").param("s", status).param("id", ticketId).update();
        return ticketId;
    }

    private byte[] replyTo(long ticketId, String who, String suffix) {
        String original = jdbc.sql("select email_message_id from ticket_messages where ticket_id = :t order by id limit 1").param("t", ticketId).query(String.class).single();
        return mail(who + "-" + run + "@customer.test", "<again-" + suffix + "-" + run + "@customer.test>", "Re: Done",
                "In-Reply-To: " + original + "\r\n", "It broke again").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void replyToSolvedTicketReopensItWhenSetSo() throws Exception {
        long ticketId = solvedTicket("reopen", "SOLVED");
        MailIntake.Result r = intake.receive(mailboxId, replyTo(ticketId, "reopen", "r"), MailIntake.ReplyToClosed.REOPEN);
        assertThat(r.outcome()).isEqualTo("REPLY");
        assertThat(r.ticketId()).isEqualTo(ticketId);
        assertThat(ticket(ticketId).get("status")).isEqualTo("OPEN");
        assertThat(jdbc.sql("select from_status || '>' || to_status from ticket_status_history where ticket_id = :t order by id desc limit 1")
                .param("t", ticketId).query(String.class).single()).isEqualTo("SOLVED>OPEN");
    }

    @Test
    void replyToSolvedTicketStartsALinkedOneWhenSetSo() throws Exception {
        long ticketId = solvedTicket("newone", "SOLVED");
        MailIntake.Result r = intake.receive(mailboxId, replyTo(ticketId, "newone", "n"), MailIntake.ReplyToClosed.NEW_TICKET);
        assertThat(r.outcome()).isEqualTo("TICKET");
        assertThat(r.ticketId()).isNotEqualTo(ticketId);
        assertThat(ticket(ticketId).get("status")).isEqualTo("SOLVED");
        assertThat(jdbc.sql("select count(*) from ticket_links where ticket_id = :n and related_id = :o").param("n", r.ticketId()).param("o", ticketId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void replyToClosedTicketAlwaysStartsALinkedOne() throws Exception {
        long ticketId = solvedTicket("closed", "CLOSED");
        MailIntake.Result r = intake.receive(mailboxId, replyTo(ticketId, "closed", "c"), MailIntake.ReplyToClosed.REOPEN);
        assertThat(r.outcome()).isEqualTo("TICKET");
        assertThat(r.ticketId()).isNotEqualTo(ticketId);
        assertThat(ticket(ticketId).get("status")).isEqualTo("CLOSED");
        assertThat(jdbc.sql("select count(*) from ticket_links where ticket_id = :o and related_id = :n").param("n", r.ticketId()).param("o", ticketId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void loopsAndBouncesOpenNoTicket() throws Exception {
        String robot = customer("robot");
        String auto = "<auto-" + run + "@customer.test>";
        smtp(mail(robot, auto, "Out of office", "Auto-Submitted: auto-replied\r\n", "I am away"), support);
        String precedence = "<bulk-" + run + "@customer.test>";
        smtp(mail(robot, precedence, "Newsletter", "Precedence: bulk\r\n", "Buy now"), support);
        String bounce = "<bounce-" + run + "@customer.test>";
        smtp(mail("MAILER-DAEMON@customer.test", bounce, "Undelivered Mail Returned to Sender",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n",
                "--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--"), support);
        String own = "<own-" + run + "@customer.test>";
        smtp(mail(support, own, "Our own mail", "", "Echo"), support);
        for (String id : List.of(auto, precedence, bounce, own)) {
            assertThat(outcome(id)).as(id).isEqualTo("SKIPPED");
            assertThat(ticketOf(id)).as(id).isNull();
        }
        assertThat(jdbc.sql("select reason from mail_intake_log where message_id = :m").param("m", bounce).query(String.class).single())
                .containsAnyOf("bounce", "delivery report");
        // no auto-reply went to the robot
        assertThat(inbox(robot)).isEmpty();
    }

    @Test
    void theSameMailFetchedTwiceIsOneMessage() throws Exception {
        String id = "<twice-" + run + "@customer.test>";
        String raw = mail(customer("twice"), id, "Twice", "", "Once please");
        smtp(raw, support);
        smtp(raw, support);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poller.poll(mailboxId);
            return jdbc.sql("select count(*) from mail_intake_log where message_id = :m").param("m", id).query(Long.class).single() == 2;
        });
        assertThat(jdbc.sql("select count(*) from ticket_messages where email_message_id = :m").param("m", id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select outcome from mail_intake_log where message_id = :m order by id").param("m", id).query(String.class).list())
                .containsExactly("TICKET", "DUPLICATE");
        // and straight through the intake again (a re-fetch after a crash)
        assertThat(intake.receive(mailboxId, raw.getBytes(StandardCharsets.UTF_8)).outcome()).isEqualTo("DUPLICATE");
    }

    // ---- the mailbox API: validation and permissions ----

    @Test
    void mailboxApiValidatesAndNeverReturnsThePassword() {
        Api.Response bad = api.post("/api/v1/mailboxes", fx.admin(), "{\"name\":\"x\",\"port\":70000,\"address\":\"nope\",\"bogus\":1}");
        ApiFixtures.assertInvalid(bad, "host", "port", "username", "password", "address", "bogus");
        Api.Response got = api.get("/api/v1/mailboxes/" + mailboxId, fx.admin());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).doesNotContain("imap-pw").doesNotContain("password");
        assertThat(jdbc.sql("select password_enc from mailboxes where id = :id").param("id", mailboxId).query(String.class).single()).doesNotContain("imap-pw");
        Api.Response renamed = api.send("PUT", "/api/v1/mailboxes/" + mailboxId, fx.admin(), Api.JSON.writeValueAsString(Map.of("name", "Renamed",
                "host", "127.0.0.1", "port", TestMailServer.imapPort(), "tls", false, "username", support, "address", support)), Map.of());
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(poller.poll(mailboxId)).isGreaterThanOrEqualTo(0);  // the kept password still logs in
        assertThat(api.get("/api/v1/mailboxes/" + mailboxId, fx.admin()).json().get("lastError").isNull()).isTrue();
        ApiFixtures.assertProblem(api.get("/api/v1/mailboxes/99999999", fx.admin()), 404);
        Api.Response duplicate = api.post("/api/v1/mailboxes", fx.admin(), Api.JSON.writeValueAsString(Map.of("name", "Dup",
                "host", "127.0.0.1", "port", 143, "username", "u", "password", "p", "address", support.toUpperCase())));
        ApiFixtures.assertInvalid(duplicate, "address");
    }

    @Test
    void mailboxChangesAreAuditedAndThePasswordNeverIs() {
        String enc = jdbc.sql("select password_enc from mailboxes where id = :id").param("id", mailboxId).query(String.class).single();
        Api.Response changed = api.send("PUT", "/api/v1/mailboxes/" + mailboxId, fx.admin(), Api.JSON.writeValueAsString(Map.of(
                "name", "Audited " + run, "host", "127.0.0.1", "port", TestMailServer.imapPort(), "tls", false, "username", support,
                "password", "brand-new-secret", "address", support)), Map.of());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        String enc2 = jdbc.sql("select password_enc from mailboxes where id = :id").param("id", mailboxId).query(String.class).single();
        String other = "other-" + run + "@desk.test";
        long otherId = api.post("/api/v1/mailboxes", fx.admin(), Api.JSON.writeValueAsString(Map.of("name", "Other " + run,
                "host", "127.0.0.1", "port", 143, "username", "u", "password", "other-secret", "address", other))).json().get("id").asLong();
        assertThat(api.delete("/api/v1/mailboxes/" + otherId, fx.admin()).status()).isEqualTo(204);

        List<Map<String, Object>> rows = jdbc.sql("""
                        select action, actor_email, summary, changes::text as changes from audit_log
                         where entity_type = 'MAILBOX' and entity_id in (:a, :b) order by id""")
                .param("a", mailboxId).param("b", otherId).query().listOfRows();
        assertThat(rows).extracting(r -> r.get("action")).containsExactly("CREATE", "UPDATE", "CREATE", "DELETE");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("actor_email")).isEqualTo("admin@test.rapport"));
        Map<String, Object> update = rows.get(1);
        assertThat((String) update.get("changes")).contains("Audited " + run).contains("\"password\"").contains("(changed)");
        assertThat((String) rows.get(3).get("changes")).contains(other);
        for (Map<String, Object> r : rows) {
            String text = r.get("summary") + " " + r.get("changes");
            assertThat(text).doesNotContain("imap-pw").doesNotContain("brand-new-secret").doesNotContain("other-secret")
                    .doesNotContain(enc).doesNotContain(enc2);
        }
    }

    @Test
    void onlyAdministratorsManageMailboxesAndQuarantine() {
        for (String role : List.of("MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            String token = api.userToken(fx.admin(), role, null);
            ApiFixtures.assertProblem(api.get("/api/v1/mailboxes", token), 403);
            ApiFixtures.assertProblem(api.get("/api/v1/mailboxes/" + mailboxId, token), 403);
            ApiFixtures.assertProblem(api.post("/api/v1/mailboxes", token, "{}"), 403);
            ApiFixtures.assertProblem(api.send("PUT", "/api/v1/mailboxes/" + mailboxId, token, "{}", Map.of()), 403);
            ApiFixtures.assertProblem(api.delete("/api/v1/mailboxes/" + mailboxId, token), 403);
            ApiFixtures.assertProblem(api.post("/api/v1/mailboxes/" + mailboxId + "/poll", token, null), 403);
            ApiFixtures.assertProblem(api.get("/api/v1/mail-quarantine", token), 403);
            ApiFixtures.assertProblem(api.get("/api/v1/mail-quarantine/1/raw", token), 403);
            ApiFixtures.assertProblem(api.post("/api/v1/mail-quarantine/1/retry", token, null), 403);
        }
        assertThat(api.get("/api/v1/mailboxes", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/mailboxes", fx.admin()).status()).isEqualTo(200);
    }

    @Test
    void adminPagesRender() {
        PageSession admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        var page = admin.get("/admin/mailboxes");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Support " + run).contains("Unprocessed mail").doesNotContain("imap-pw");
        assertThat(admin.get("/admin/mailboxes/" + mailboxId).body()).contains("stored — leave blank to keep it").doesNotContain("imap-pw");
    }
}
