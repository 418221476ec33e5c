package io.rapport.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Shared building blocks for API tests: users of a role, teams, records, and problem+json assertions. */
public final class ApiFixtures {

    public static final String PASSWORD = "password-123";

    /** A user created through the API, with a token of their own. */
    public record User(long id, String email, String role, Long teamId, String token) {}

    private final Api api;
    private final String admin;

    public ApiFixtures(Api api, String adminToken) {
        this.api = api;
        this.admin = adminToken;
    }

    public String admin() {
        return admin;
    }

    public long team() {
        Api.Response r = api.post("/api/v1/teams", admin, "{\"name\":\"" + Api.unique("team") + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    public User user(String role, Long teamId) {
        String email = Api.unique(role.toLowerCase()) + "@test.rapport";
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "name", "Test " + role, "role", role, "password", PASSWORD));
        if (teamId != null) body.put("teamId", teamId);
        Api.Response r = api.post("/api/v1/users", admin, Api.JSON.writeValueAsString(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("user").get("id").asLong();
        return new User(id, email, role, teamId, api.token(email, PASSWORD));
    }

    public JsonNode contact(String token, String json) {
        Api.Response r = api.post("/api/v1/contacts", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public JsonNode contact(String lastName, String tag, Long ownerId) {
        Map<String, Object> body = new HashMap<>(Map.of("lastName", lastName, "tags", List.of(tag)));
        if (ownerId != null) body.put("ownerId", ownerId);
        return contact(admin, Api.JSON.writeValueAsString(body));
    }

    public JsonNode account(String token, String json) {
        Api.Response r = api.post("/api/v1/accounts", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public JsonNode account(String name, String tag, Long ownerId) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "tags", List.of(tag)));
        if (ownerId != null) body.put("ownerId", ownerId);
        return account(admin, Api.JSON.writeValueAsString(body));
    }

    /** Every id of a list, following nextCursor to the end. */
    public List<Long> allIds(String pathWithQuery, String token) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String sep = pathWithQuery.contains("?") ? "&" : "?";
            Api.Response r = api.get(pathWithQuery + (cursor == null ? "" : sep + "cursor=" + enc(cursor)), token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
            JsonNode next = r.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            assertThat(++pages).as("runaway paging").isLessThan(1000);
        } while (cursor != null);
        return ids;
    }

    /** The ids of one list page, which must be a 200. */
    public static List<Long> ids(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().get("items").forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An RFC 9457 problem with the given status, type, title and detail. */
    public static JsonNode assertProblem(Api.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(r.body()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("type").asString("")).as(r.body()).isNotBlank();
        assertThat(p.path("title").asString("")).as(r.body()).isNotBlank();
        assertThat(p.path("detail").asString("")).as(r.body()).isNotBlank();
        assertThat(p.path("status").asInt()).as(r.body()).isEqualTo(status);
        return p;
    }

    /** A 400 problem whose {@code errors} name (at least) the given fields. */
    public static JsonNode assertInvalid(Api.Response r, String... fields) {
        JsonNode p = assertProblem(r, 400);
        List<String> named = new ArrayList<>();
        p.path("errors").forEach(e -> {
            named.add(e.path("field").asString());
            assertThat(e.path("message").asString("")).as(r.body()).isNotBlank();
        });
        assertThat(named).as(r.body()).contains(fields);
        return p;
    }
}
