package io.rapport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ContactApiTest {

    @LocalServerPort
    int port;
    Api api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
    }

    @Test
    void createsReadsUpdatesAndDeletesAContact() {
        String email = Api.unique("ann") + "@example.com";
        var created = api.post("/api/v1/contacts", admin, """
                {"firstName":"Ann","lastName":"Example","emails":["%s"],"phones":["(415) 555-2671"],
                 "lifecycleStage":"prospect","tags":["VIP"," webinar "],"address":{"country":"us"}}""".formatted(email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.get("phones").get(0).asString()).isEqualTo("+14155552671");
        assertThat(c.get("tags").toString()).isEqualTo("[\"vip\",\"webinar\"]");
        assertThat(c.get("lifecycleStage").asString()).isEqualTo("PROSPECT");
        long id = c.get("id").asLong();

        var updated = api.patch("/api/v1/contacts/" + id, admin, """
                {"jobTitle":"CTO","version":%d}""".formatted(c.get("version").asInt()));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("jobTitle").asString()).isEqualTo("CTO");

        var stale = api.patch("/api/v1/contacts/" + id, admin, """
                {"jobTitle":"CEO","version":%d}""".formatted(c.get("version").asInt()));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/contacts/" + id, admin).json().get("jobTitle").asString()).isEqualTo("CTO");

        var found = api.get("/api/v1/search?q=" + email.substring(0, 8), admin);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).contains("\"id\":" + id);

        assertThat(api.delete("/api/v1/contacts/" + id, admin).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/contacts/" + id, admin).status()).isEqualTo(404);
    }
}
