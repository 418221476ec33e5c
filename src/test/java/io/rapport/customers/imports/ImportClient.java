package io.rapport.customers.imports;

import static org.awaitility.Awaitility.await;

import io.rapport.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Sends CSV files to the import API as multipart requests and waits for jobs to finish. */
final class ImportClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Api api;

    ImportClient(Api api) {
        this.api = api;
    }

    Api.Response upload(String token, byte[] file, String mapping) {
        String boundary = "----rapport" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n");
        body.writeBytes(file);
        write(body, "\r\n");
        if (mapping != null) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + mapping + "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/imports"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    Api.Response upload(String token, String csv, String mapping) {
        return upload(token, csv.getBytes(StandardCharsets.UTF_8), mapping);
    }

    /** Uploads, expects 202, and returns the finished job's status. */
    JsonNode run(String token, String csv, String mapping) {
        Api.Response r = upload(token, csv, mapping);
        if (r.status() != 202) throw new AssertionError("expected 202, got " + r.status() + ": " + r.body());
        return awaitFinished(token, r.json().get("id").asLong());
    }

    JsonNode awaitFinished(String token, long id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = api.get("/api/v1/imports/" + id, token).json();
            String status = last[0].path("status").asString();
            return status.equals("COMPLETED") || status.equals("FAILED");
        });
        return last[0];
    }

    static String mapping(String entity, String duplicates) {
        return "{\"entity\":\"" + entity + "\",\"duplicates\":\"" + duplicates + "\"}";
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
