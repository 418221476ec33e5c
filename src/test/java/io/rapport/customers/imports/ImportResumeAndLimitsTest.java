package io.rapport.customers.imports;

import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A crash in the middle of a job, resuming it, and the upload size limits. */
@IntegrationTest
class ImportResumeAndLimitsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ImportJobs jobs;
    @Autowired
    ImportRepository repository;
    @Autowired
    ImportRunner runner;

    Api api;
    ApiFixtures fx;
    String domain;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        domain = Api.unique("resume") + ".example";
    }

    private CurrentUser admin() {
        return new CurrentUser(api.userId(fx.admin()), "admin@test.rapport", "Admin", io.rapport.platform.security.Role.ADMIN, null);
    }

    private long contactsOfDomain() {
        return jdbc.sql("select count(*) from contacts where emails[1] like :d").param("d", "%@" + domain).query(Long.class).single();
    }

    @Test
    void aBatchFailingMidJobLeavesNoHalfWrittenBatchAndResumeCompletesWithCorrectCounts() {
        StringBuilder csv = new StringBuilder("Last name,E-mail\n");
        for (int i = 1; i <= 45; i++) {
            csv.append("Person ").append(i).append(',').append(i % 10 == 0 ? "broken" : "p" + i + "@" + domain).append('\n');
        }
        CurrentUser admin = admin();
        Import uploaded = jobs.upload(admin, "CONTACT", "crash.csv",
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        repository.queue(uploaded.id(), jobs.autoMatch(uploaded), DuplicatePolicy.SKIP);

        // batches of 10 rows; the third batch's transaction dies just before it commits, as in a crash
        runner.run(uploaded.id(), 10, batch -> {
            if (batch == 3) throw new IllegalStateException("simulated crash in batch 3");
        });
        Import stopped = repository.find(uploaded.id()).orElseThrow();
        assertThat(stopped.status()).isEqualTo(Import.Status.FAILED);
        assertThat(stopped.failure()).contains("simulated crash").contains("resume");
        assertThat(stopped.rowsRead()).isEqualTo(20);
        assertThat(stopped.created()).isEqualTo(18);
        assertThat(stopped.rejected()).isEqualTo(2);
        assertThat(contactsOfDomain()).as("only the two committed batches are written").isEqualTo(18);
        assertThat(jdbc.sql("select count(*) from import_errors where import_id = :id").param("id", uploaded.id())
                .query(Long.class).single()).isEqualTo(2);

        // as if the node had died without recording the failure: the job still says RUNNING; resuming picks it up
        jdbc.sql("update imports set status = 'RUNNING', failure = null where id = :id").param("id", uploaded.id()).update();
        Api.Response resumed = api.post("/api/v1/imports/" + uploaded.id() + "/resume", fx.admin(), null);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        JsonNode done = new ImportClient(api).awaitFinished(fx.admin(), uploaded.id());
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        JsonNode counts = done.get("counts");
        assertThat(counts.get("read").asLong()).isEqualTo(45);
        assertThat(counts.get("created").asLong()).isEqualTo(41);
        assertThat(counts.get("rejected").asLong()).isEqualTo(4);
        assertThat(counts.get("skipped").asLong()).isZero();
        assertThat(contactsOfDomain()).as("every good row exactly once").isEqualTo(41);
        assertThat(jdbc.sql("select count(*) from import_chunks where import_id = :id").param("id", uploaded.id())
                .query(Long.class).single()).as("the file is removed once the import completes").isZero();
        assertProblem(api.post("/api/v1/imports/" + uploaded.id() + "/resume", fx.admin(), null), 409);
    }

    @Test
    void theStreamedSizeCheckRefusesAFileOverTheLimitAndKeepsNothing() {
        byte[] csv = ("Last name,E-mail\n" + "Someone,someone@example.com\n".repeat(100)).getBytes(StandardCharsets.UTF_8);
        long before = jdbc.sql("select count(*) from imports").query(Long.class).single();
        assertThatThrownBy(() -> jobs.upload(admin(), "CONTACT", "big.csv", new ByteArrayInputStream(csv), 1000))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("limited to 1000 bytes");
        assertThat(jdbc.sql("select count(*) from imports").query(Long.class).single()).isEqualTo(before);
        Import fits = jobs.upload(admin(), "CONTACT", "small.csv", new ByteArrayInputStream(csv), csv.length);
        assertThat(fits.fileBytes()).isEqualTo(csv.length);
    }

    @Test
    void anUploadAnnouncingMoreThanOneGigabyteIsRefusedBeforeItsBodyIsRead() throws Exception {
        String token = fx.admin();
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (1024L * 1024 * 1024 + 2 * 1024 * 1024)
                    + "\r\nConnection: close\r\n\r\n--x\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("1073741824 bytes");
        }
        // every other API body keeps the 1 MB limit
        String big = "{\"lastName\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        assertProblem(api.post("/api/v1/contacts", token, big), 413);
    }
}
