package io.rapport.service.tickets;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.TicketEvents;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class TicketApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    TicketFixtures tf;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        tf = new TicketFixtures(api, fx);
    }

    @Test
    void createsByEmailMatchingOrCreatingTheContactAndWritesTheTimeline() {
        String email = Api.unique("cust") + "@example.com";
        JsonNode t = tf.ticket(fx.admin(), "{\"subject\":\"Login fails\",\"body\":\"I cannot log in\",\"requesterEmail\":\""
                + email + "\",\"requesterName\":\"Ada Lovelace\",\"priority\":\"high\",\"tags\":[\"Login\"]}");
        assertThat(t.get("channel").asString()).isEqualTo("API");
        assertThat(t.get("status").asString()).isEqualTo("NEW");
        assertThat(t.get("priority").asString()).isEqualTo("HIGH");
        assertThat(t.get("tags").get(0).asString()).isEqualTo("login");
        assertThat(t.get("requesterName").asString()).isEqualTo("Ada Lovelace");
        long contact = t.get("requesterId").asLong();
        JsonNode again = tf.ticket(fx.admin(), "{\"subject\":\"Still\",\"body\":\"again\",\"requesterEmail\":\"" + email.toUpperCase() + "\"}");
        assertThat(again.get("requesterId").asLong()).as("matched by e-mail").isEqualTo(contact);
        long touchpoints = jdbc.sql("select count(*) from activities where contact_id = :c and channel = 'TICKET'")
                .param("c", contact).query(Long.class).single();
        assertThat(touchpoints).isEqualTo(2);
        Api.Response messages = api.get("/api/v1/tickets/" + t.get("id").asLong() + "/messages", fx.admin());
        assertThat(messages.json().get("items").get(0).get("bodyText").asString()).isEqualTo("I cannot log in");
        assertThat(TicketEventsRecorder.of(t.get("id").asLong())).anyMatch(e -> e instanceof TicketEvents.TicketCreated);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"body\":\"x\",\"requesterEmail\":\"a@b.co\"}"), "subject");
        assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"x\",\"body\":\"x\"}"), "requesterId");
        assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"x\",\"body\":\"x\",\"requesterEmail\":\"nope\"}"), "requesterEmail");
        assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"x\",\"body\":\"x\",\"requesterId\":999999999}"), "requesterId");
        assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"x\",\"body\":\"x\",\"requesterEmail\":\"a@b.co\",\"priority\":\"SOON\",\"colour\":1}"),
                "priority", "colour");
        assertInvalid(api.post("/api/v1/tickets", fx.admin(), "{\"subject\":\"x\",\"body\":\"x\",\"requesterEmail\":\"a@b.co\",\"channel\":\"EMAIL\"}"), "channel");
        assertProblem(api.post("/api/v1/tickets", fx.admin(), "{not json"), 400);
        assertInvalid(api.get("/api/v1/tickets?view=nope", fx.admin()), "view");
        assertInvalid(api.get("/api/v1/tickets?status=LATE", fx.admin()), "status");
        assertInvalid(api.get("/api/v1/tickets?cursor=zzz", fx.admin()), "cursor");
        assertProblem(api.get("/api/v1/tickets/999999999", fx.admin()), 404);
        // nothing half-written: no contact was created for the failing requests
        assertThat(jdbc.sql("select count(*) from contacts where 'a@b.co' = any(emails)").query(Long.class).single()).isZero();
    }

    @Test
    void patchNeedsTheVersionAndRecordsStatusHistorySolvedAndReopens() {
        JsonNode t = tf.ticket("");
        long id = t.get("id").asLong();
        assertProblem(api.patch("/api/v1/tickets/" + id, fx.admin(), "{\"status\":\"OPEN\"}"), 428);
        assertProblem(api.patch("/api/v1/tickets/" + id, fx.admin(), "{\"status\":\"OPEN\",\"version\":99}"), 409);
        assertProblem(api.send("PATCH", "/api/v1/tickets/" + id, fx.admin(), "{\"status\":\"OPEN\"}", Map.of("If-Match", "\"99\"")), 412);
        assertInvalid(api.patch("/api/v1/tickets/" + id, fx.admin(), "{\"status\":\"DONE\",\"version\":0}"), "status");
        JsonNode solved = patch(id, "{\"status\":\"SOLVED\",\"priority\":\"URGENT\",\"version\":" + t.get("version").asInt() + "}");
        assertThat(solved.get("solvedAt").isNull()).isFalse();
        JsonNode reopened = patch(id, "{\"status\":\"OPEN\",\"version\":" + solved.get("version").asInt() + "}");
        assertThat(reopened.get("reopenCount").asInt()).isEqualTo(1);
        assertThat(reopened.get("solvedAt").isNull()).isTrue();
        JsonNode closed = patch(id, "{\"status\":\"CLOSED\",\"version\":" + reopened.get("version").asInt() + "}");
        assertThat(closed.get("closedAt").isNull()).isFalse();
        assertThat(jdbc.sql("select string_agg(coalesce(from_status,'-') || '>' || to_status, ',' order by id) from ticket_status_history where ticket_id = :id")
                .param("id", id).query(String.class).single()).isEqualTo("->NEW,NEW>SOLVED,SOLVED>OPEN,OPEN>CLOSED");
        assertThat(TicketEventsRecorder.of(id)).anyMatch(e -> e instanceof TicketEvents.StatusChanged s && s.to().equals("SOLVED"))
                .anyMatch(e -> e instanceof TicketEvents.TicketUpdated);
        Api.Response etag = api.get("/api/v1/tickets/" + id, fx.admin());
        assertThat(etag.headers().firstValue("ETag").orElse("")).isEqualTo("\"" + closed.get("version").asInt() + "\"");
    }

    @Test
    void firstPublicReplySetsFirstResponseNotesDoNot() {
        long id = tf.ticket("").get("id").asLong();
        Api.Response note = api.post("/api/v1/tickets/" + id + "/messages", fx.admin(), "{\"kind\":\"NOTE\",\"body\":\"check logs\"}");
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        assertThat(tf.get(id).get("firstResponseAt").isNull()).isTrue();
        Api.Response reply = api.post("/api/v1/tickets/" + id + "/messages", fx.admin(), "{\"body\":\"On it\",\"status\":\"PENDING\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode t = tf.get(id);
        assertThat(t.get("firstResponseAt").isNull()).isFalse();
        assertThat(t.get("lastAgentReplyAt").isNull()).isFalse();
        assertThat(t.get("status").asString()).isEqualTo("PENDING");
        assertThat(TicketEventsRecorder.of(id)).filteredOn(e -> e instanceof TicketEvents.AgentReplied).hasSize(1);
        JsonNode items = api.get("/api/v1/tickets/" + id + "/messages", fx.admin()).json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(1).get("kind").asString()).isEqualTo("NOTE");
        assertInvalid(api.post("/api/v1/tickets/" + id + "/messages", fx.admin(), "{\"kind\":\"SHOUT\",\"body\":\"\"}"), "kind", "body");
    }

    @Test
    void attachmentsAsBase64AndMultipartDownloadAsAttachmentsAndTooLargeIs413() throws Exception {
        long id = tf.ticket("").get("id").asLong();
        String b64 = java.util.Base64.getEncoder().encodeToString("hello".getBytes());
        Api.Response r = api.post("/api/v1/tickets/" + id + "/messages", fx.admin(), "{\"body\":\"see file\",\"attachments\":"
                + "[{\"filename\":\"../../etc/notes.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + b64 + "\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode file = r.json().get("attachments").get(0);
        assertThat(file.get("filename").asString()).isEqualTo("notes.txt");
        Api.Response download = api.get("/api/v1/tickets/" + id + "/attachments/" + file.get("id").asLong(), fx.admin());
        assertThat(download.body()).isEqualTo("hello");
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertInvalid(api.post("/api/v1/tickets/" + id + "/messages", fx.admin(),
                "{\"body\":\"x\",\"attachments\":[{\"filename\":\"a\",\"contentBase64\":\"***\"}]}"), "attachments[0].contentBase64");

        // multipart, a small file and then one over 25 MB
        Api.Response small = multipart(id, "small.bin", new byte[1000]);
        assertThat(small.status()).as(small.body()).isEqualTo(201);
        Api.Response big = multipart(id, "huge.bin", new byte[26 * 1024 * 1024]);
        JsonNode p = assertProblem(big, 413);
        assertThat(p.get("detail").asString()).contains("huge.bin");
        assertThat(jdbc.sql("select count(*) from ticket_attachments a join ticket_messages m on m.id = a.message_id where m.ticket_id = :t")
                .param("t", id).query(Long.class).single()).isEqualTo(2);
    }

    private Api.Response multipart(long id, String filename, byte[] content) throws Exception {
        String boundary = "----rapport" + System.nanoTime();
        var out = new java.io.ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nfile attached\r\n").getBytes());
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes());
        out.write(content);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes());
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/v1/tickets/" + id + "/messages"))
                .header("Authorization", "Bearer " + fx.admin()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Api.Response(response.statusCode(), response.body(), response.headers());
    }

    @Test
    void mergeMovesMessagesClosesTheSourceAndAuditsBoth() {
        JsonNode a = tf.ticket("");
        JsonNode b = tf.ticket("");
        long source = a.get("id").asLong();
        long target = b.get("id").asLong();
        assertInvalid(api.post("/api/v1/tickets/" + source + "/merge", fx.admin(), "{}"), "intoTicketId");
        assertInvalid(api.post("/api/v1/tickets/" + source + "/merge", fx.admin(), "{\"intoTicketId\":" + source + "}"), "intoTicketId");
        Api.Response merged = api.post("/api/v1/tickets/" + source + "/merge", fx.admin(), "{\"intoTicketId\":" + target + "}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/tickets/" + target + "/messages", fx.admin()).json().get("items")).hasSize(2);
        JsonNode s = tf.get(source);
        assertThat(s.get("status").asString()).isEqualTo("CLOSED");
        assertThat(s.get("mergedIntoId").asLong()).isEqualTo(target);
        assertProblem(api.post("/api/v1/tickets/" + source + "/merge", fx.admin(), "{\"intoTicketId\":" + target + "}"), 409);
        assertProblem(api.post("/api/v1/tickets/" + source + "/messages", fx.admin(), "{\"body\":\"hi\"}"), 409);
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'TICKET' and action = 'MERGE' and entity_id in (:a, :b)")
                .param("a", source).param("b", target).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void splitTurnsACustomerMessageIntoALinkedTicket() {
        long id = tf.ticket("").get("id").asLong();
        Api.Response second = api.post("/api/v1/tickets/" + id + "/messages", fx.admin(), "{\"direction\":\"INBOUND\",\"body\":\"Also my invoice is wrong\"}");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        long messageId = second.json().get("id").asLong();
        Api.Response reply = api.post("/api/v1/tickets/" + id + "/messages", fx.admin(), "{\"body\":\"ok\"}");
        assertInvalid(api.post("/api/v1/tickets/" + id + "/split", fx.admin(), "{\"messageId\":" + reply.json().get("id").asLong() + "}"), "messageId");
        assertInvalid(api.post("/api/v1/tickets/" + id + "/split", fx.admin(), "{\"messageId\":1}"), "messageId");
        Api.Response split = api.post("/api/v1/tickets/" + id + "/split", fx.admin(), "{\"messageId\":" + messageId + ",\"subject\":\"Invoice\"}");
        assertThat(split.status()).as(split.body()).isEqualTo(201);
        long newId = split.json().get("id").asLong();
        assertThat(api.get("/api/v1/tickets/" + newId + "/messages", fx.admin()).json().get("items").get(0).get("bodyText").asString())
                .isEqualTo("Also my invoice is wrong");
        assertThat(api.get("/api/v1/tickets/" + id + "/messages", fx.admin()).json().get("items")).hasSize(2);
        assertThat(api.get("/api/v1/tickets/" + id + "/links", fx.admin()).json().get("items").get(0).get("id").asLong()).isEqualTo(newId);
        // the only customer message left cannot be split off
        long first = api.get("/api/v1/tickets/" + id + "/messages", fx.admin()).json().get("items").get(0).get("id").asLong();
        assertInvalid(api.post("/api/v1/tickets/" + id + "/split", fx.admin(), "{\"messageId\":" + first + "}"), "messageId");
    }

    @Test
    void linksBothWaysAndUnlink() {
        long a = tf.ticket("").get("id").asLong();
        long b = tf.ticket("").get("id").asLong();
        assertInvalid(api.post("/api/v1/tickets/" + a + "/links", fx.admin(), "{\"relatedId\":" + a + "}"), "relatedId");
        assertInvalid(api.post("/api/v1/tickets/" + a + "/links", fx.admin(), "{\"relatedId\":999999999}"), "relatedId");
        assertThat(api.post("/api/v1/tickets/" + a + "/links", fx.admin(), "{\"relatedId\":" + b + "}").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tickets/" + b + "/links", fx.admin()).json().get("items").get(0).get("id").asLong()).isEqualTo(a);
        assertThat(api.delete("/api/v1/tickets/" + b + "/links/" + a, fx.admin()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/tickets/" + a + "/links", fx.admin()).json().get("items")).isEmpty();
        assertProblem(api.delete("/api/v1/tickets/" + b + "/links/" + a, fx.admin()), 404);
    }

    @Test
    void queueViewsAndKeysetPaging() {
        long team = fx.team();
        var agent = fx.user("AGENT", team);
        for (int i = 0; i < 5; i++) tf.ticket("\"teamId\":" + team + ",\"priority\":\"" + (i % 2 == 0 ? "LOW" : "URGENT") + "\",");
        long mine = tf.ticket("\"teamId\":" + team + ",\"assigneeId\":" + agent.id() + ",").get("id").asLong();
        var all = fx.allIds("/api/v1/tickets?view=unassigned&team=" + team + "&limit=2", agent.token());
        assertThat(all).hasSize(5).doesNotHaveDuplicates();
        var first = api.get("/api/v1/tickets?view=unassigned&team=" + team, agent.token()).json().get("items");
        assertThat(first.get(0).get("priority").asString()).isEqualTo("URGENT");
        assertThat(first.get(4).get("priority").asString()).isEqualTo("LOW");
        assertThat(ApiFixtures.ids(api.get("/api/v1/tickets?view=mine", agent.token()))).containsExactly(mine);
        assertThat(fx.allIds("/api/v1/tickets?view=team&limit=4", agent.token())).hasSize(6);
        assertThat(fx.allIds("/api/v1/tickets?team=" + team + "&sort=updated&limit=4", fx.admin())).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void everyRoleOnEveryEndpoint() {
        long team = fx.team();
        long otherTeam = fx.team();
        long ticket = tf.ticket("\"teamId\":" + team + ",").get("id").asLong();
        long foreign = tf.ticket("\"teamId\":" + otherTeam + ",").get("id").asLong();
        String b64 = java.util.Base64.getEncoder().encodeToString("x".getBytes());
        long file = api.post("/api/v1/tickets/" + ticket + "/messages", fx.admin(), "{\"kind\":\"NOTE\",\"body\":\"f\",\"attachments\":"
                + "[{\"filename\":\"f.txt\",\"contentBase64\":\"" + b64 + "\"}]}").json().get("attachments").get(0).get("id").asLong();
        for (String role : new String[] {"ADMIN", "MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY"}) {
            var u = fx.user(role, team);
            String tok = u.token();
            boolean reads = !role.equals("MARKETING");
            boolean writes = reads && !role.equals("READ_ONLY");
            boolean ownBook = role.equals("SALES") || role.equals("AGENT");
            int readStatus = reads ? 200 : 403;
            assertThat(api.get("/api/v1/tickets", tok).status()).as(role).isEqualTo(readStatus);
            assertThat(api.get("/api/v1/tickets/" + ticket, tok).status()).as(role).isEqualTo(readStatus);
            assertThat(api.get("/api/v1/tickets/" + ticket + "/messages", tok).status()).as(role).isEqualTo(readStatus);
            assertThat(api.get("/api/v1/tickets/" + ticket + "/links", tok).status()).as(role).isEqualTo(readStatus);
            assertThat(api.get("/api/v1/tickets/" + foreign, tok).status()).as(role + " other team")
                    .isEqualTo(!reads ? 403 : ownBook ? 404 : 200);
            if (ownBook) {
                assertThat(ApiFixtures.ids(api.get("/api/v1/tickets?team=" + otherTeam, tok))).as(role).doesNotContain(foreign);
                assertThat(api.post("/api/v1/tickets/" + foreign + "/messages", tok, "{\"body\":\"x\"}").status()).isEqualTo(404);
            }
            Api.Response created = api.post("/api/v1/tickets", tok, "{\"subject\":\"by " + role + "\",\"body\":\"x\",\"requesterEmail\":\""
                    + Api.unique("req") + "@example.com\"}");
            assertThat(created.status()).as(role + " " + created.body()).isEqualTo(writes ? 201 : 403);
            int version = api.get("/api/v1/tickets/" + ticket, fx.admin()).json().get("version").asInt();
            assertThat(api.patch("/api/v1/tickets/" + ticket, tok, "{\"priority\":\"HIGH\",\"version\":" + version + "}").status())
                    .as(role).isEqualTo(writes ? 200 : 403);
            assertThat(api.post("/api/v1/tickets/" + ticket + "/messages", tok, "{\"kind\":\"NOTE\",\"body\":\"n\"}").status())
                    .as(role).isEqualTo(writes ? 201 : 403);
            long other = tf.ticket("\"teamId\":" + team + ",").get("id").asLong();
            assertThat(api.post("/api/v1/tickets/" + ticket + "/links", tok, "{\"relatedId\":" + other + "}").status())
                    .as(role).isEqualTo(writes ? 200 : 403);
            assertThat(api.delete("/api/v1/tickets/" + ticket + "/links/" + other, tok).status()).as(role).isEqualTo(writes ? 204 : 403);
            assertThat(api.post("/api/v1/tickets/" + other + "/merge", tok, "{\"intoTicketId\":" + ticket + "}").status())
                    .as(role).isEqualTo(writes ? 200 : 403);
            Api.Response more = api.post("/api/v1/tickets/" + ticket + "/messages", fx.admin(), "{\"direction\":\"INBOUND\",\"body\":\"more\"}");
            assertThat(api.post("/api/v1/tickets/" + ticket + "/split", tok, "{\"messageId\":" + more.json().get("id").asLong() + "}").status())
                    .as(role).isEqualTo(writes ? 201 : 403);
            assertThat(api.get("/api/v1/tickets/" + ticket + "/attachments/" + file, tok).status()).as(role).isEqualTo(readStatus);
            assertThat(api.post("/api/v1/tickets/bulk", tok, "{\"ids\":[" + ticket + "],\"action\":\"priority\",\"value\":\"LOW\"}").status())
                    .as(role).isEqualTo(writes ? 200 : 403);
            if (ownBook) {
                assertThat(api.post("/api/v1/tickets/bulk", tok, "{\"ids\":[" + foreign + "],\"action\":\"priority\",\"value\":\"LOW\"}").status())
                        .as(role).isEqualTo(400);
                assertThat(api.patch("/api/v1/tickets/" + foreign, tok, "{\"priority\":\"LOW\",\"version\":0}").status()).as(role).isEqualTo(404);
            }
            assertThat(api.get("/api/v1/ticket-routing/rules", tok).status()).as(role).isEqualTo(role.equals("ADMIN") ? 200 : 403);
            assertThat(api.post("/api/v1/ticket-routing/rules", tok, "{\"name\":\"r\",\"teamId\":" + team + ",\"active\":false}").status())
                    .as(role).isEqualTo(role.equals("ADMIN") ? 201 : 403);
            assertThat(api.get("/api/v1/ticket-routing/skills", tok).status()).as(role).isEqualTo(role.equals("ADMIN") ? 200 : 403);
        }
    }

    @Test
    void agentsAssignOnlyWithinTheirTeam() {
        long team = fx.team();
        var agent = fx.user("AGENT", team);
        var mate = fx.user("AGENT", team);
        var stranger = fx.user("AGENT", fx.team());
        JsonNode t = tf.ticket("\"teamId\":" + team + ",");
        assertInvalid(api.patch("/api/v1/tickets/" + t.get("id").asLong(), agent.token(),
                "{\"assigneeId\":" + stranger.id() + ",\"version\":" + t.get("version").asInt() + "}"), "assigneeId");
        JsonNode ok = patch(agent.token(), t.get("id").asLong(), "{\"assigneeId\":" + mate.id() + ",\"version\":" + t.get("version").asInt() + "}");
        assertThat(ok.get("assigneeName").asString()).isEqualTo("Test AGENT");
    }

    private JsonNode patch(long id, String body) {
        return patch(fx.admin(), id, body);
    }

    private JsonNode patch(String token, long id, String body) {
        Api.Response r = api.patch("/api/v1/tickets/" + id, token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
