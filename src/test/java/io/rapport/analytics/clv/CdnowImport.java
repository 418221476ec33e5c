package io.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Loads the CDNOW sample through the CSV order import (the whitespace file converted to CSV), once per database. */
public final class CdnowImport {

    private CdnowImport() {}

    /** The 6,919 CDNOW sample rows as an order CSV, imported with missing products and customers created (once per database). */
    public static void load(Api api, String admin, JdbcClient jdbc) throws IOException {
        long have = jdbc.sql("select count(*) from orders where number like 'CDNOW-%'").query(Long.class).single();
        if (have == 6919) return;
        List<String> lines = Files.readAllLines(CdnowData.dir().resolve("CDNOW_sample.txt"));
        StringBuilder csv = new StringBuilder("InvoiceNo,InvoiceDate,CustomerID,StockCode,Description,Quantity,UnitPrice\n");
        int row = 0;
        for (String line : lines) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split("\\s+");
            String day = f[2].substring(0, 4) + "-" + f[2].substring(4, 6) + "-" + f[2].substring(6, 8);
            csv.append("CDNOW-").append(++row).append(',').append(day).append(",CDNOW-").append(f[0])
                    .append(",CDNOW-CD,CDs from CDNOW,1,").append(f[4]).append('\n');
        }
        assertThat(row).isEqualTo(6919);
        JsonNode done = importOrders(api, admin, csv.toString(), "{\"entity\":\"ORDER\",\"options\":{\"createMissingProducts\":true,"
                + "\"createMissingContacts\":true,\"currency\":\"USD\"}}");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.sql("select count(*) from orders where number like 'CDNOW-%'").query(Long.class).single()).isEqualTo(6919);
        assertThat(jdbc.sql("select count(distinct contact_id) from orders where number like 'CDNOW-%'").query(Long.class).single())
                .isEqualTo(2357);
    }

    static JsonNode importOrders(Api api, String admin, String csv, String mapping) {
        String boundary = "----rapport" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cdnow.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + mapping + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/imports"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        long id;
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            id = Api.JSON.readTree(r.body()).get("id").asLong();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = api.get("/api/v1/imports/" + id, admin).json();
            return List.of("COMPLETED", "FAILED").contains(last[0].path("status").asString());
        });
        return last[0];
    }
}
