package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class CompletenessTest {

    @LocalServerPort
    int port;

    @Test
    void scoresKeyFieldsAndFindsContactsMissingThem() {
        Api api = new Api(port);
        String admin = api.adminToken();
        ApiFixtures fx = new ApiFixtures(api, admin);
        String tag = Api.unique("quality").toLowerCase();
        JsonNode sparse = fx.contact(admin, "{\"lastName\":\"Sparse\",\"tags\":[\"%s\"]}".formatted(tag));
        JsonNode full = fx.contact(admin, """
                {"lastName":"Full","tags":["%s"],"emails":["full@example.com"],"phones":["+14155552671"],"jobTitle":"CTO",
                 "accountId":%d,"address":{"country":"US"}}""".formatted(tag, fx.account(Api.unique("Acme"), tag, null).get("id").asLong()));

        // the creator becomes the owner, so one of six key fields is filled
        assertThat(sparse.get("completeness").asInt()).isEqualTo(16);
        assertThat(sparse.get("missing").toString()).isEqualTo("[\"email\",\"phone\",\"jobTitle\",\"account\",\"country\"]");
        assertThat(full.get("completeness").asInt()).isEqualTo(100);
        assertThat(full.get("missing")).isEmpty();

        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&missing=email", admin))).containsExactly(sparse.get("id").asLong());
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&missing=email,phone", admin))).containsExactly(sparse.get("id").asLong());
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&completenessBelow=50", admin))).containsExactly(sparse.get("id").asLong());
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&completenessBelow=101", admin))).hasSize(2);
        assertInvalid(api.get("/api/v1/contacts?missing=shoeSize", admin), "missing");

        var patched = api.patch("/api/v1/contacts/" + sparse.get("id").asLong(), admin,
                "{\"emails\":[\"sparse@example.com\"],\"version\":%d}".formatted(sparse.get("version").asInt()));
        assertThat(patched.json().get("completeness").asInt()).isEqualTo(33);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&missing=email", admin))).isEmpty();
    }
}
