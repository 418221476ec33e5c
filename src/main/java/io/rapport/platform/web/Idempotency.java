package io.rapport.platform.web;

import io.rapport.platform.security.CurrentUser;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST: the first request with a key does the work and its response is kept;
 * a retry gets that same response. The key row is inserted first in the same transaction, so two
 * concurrent requests with one key queue on it and only one creates anything.
 */
@Service
public class Idempotency {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Idempotency(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    public ResponseEntity<?> once(CurrentUser user, String key, String path, Supplier<? extends ResponseEntity<?>> work) {
        if (key == null || key.isBlank()) {
            return work.get();
        }
        if (key.length() > 200) throw Problems.invalid("Idempotency-Key", "at most 200 characters");
        int inserted = jdbc.sql("""
                insert into idempotency_keys (user_id, key, request_path) values (:user, :key, :path)
                on conflict do nothing""").param("user", user.id()).param("key", key).param("path", path).update();
        if (inserted == 0) {
            return replay(user, key, path);
        }
        ResponseEntity<?> response = work.get();
        String location = response.getHeaders().getLocation() == null ? null : response.getHeaders().getLocation().toString();
        jdbc.sql("update idempotency_keys set status = :status, location = :location, body = :body where user_id = :user and key = :key")
                .param("status", response.getStatusCode().value()).param("location", location)
                .param("body", response.getBody() == null ? null : json.writeValueAsString(response.getBody()))
                .param("user", user.id()).param("key", key).update();
        return response;
    }

    private ResponseEntity<?> replay(CurrentUser user, String key, String path) {
        record Stored(String path, Integer status, String location, String body) {}
        Stored stored = jdbc.sql("select request_path, status, location, body from idempotency_keys where user_id = :user and key = :key")
                .param("user", user.id()).param("key", key)
                .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4)))
                .single();
        if (!stored.path().equals(path) || stored.status() == null) {
            throw Problems.conflict("Idempotency-Key '" + key + "' was already used for another request");
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotent-Replayed", "true");
        if (stored.location() != null) headers.add(HttpHeaders.LOCATION, stored.location());
        return ResponseEntity.status(stored.status()).headers(headers).body(stored.body());
    }
}
