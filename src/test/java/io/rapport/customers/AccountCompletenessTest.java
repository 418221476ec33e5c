package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.PageSession;
import io.rapport.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Accounts score their key fields (domain, industry, size, tier, owner) like contacts do: API, filters, pages, export. */
@IntegrationTest
class AccountCompletenessTest {

    @LocalServerPort
    int port;

    @Test
    void scoresKeyFieldsAndFindsAccountsMissingThem() {
        Api api = new Api(port);
        String admin = api.adminToken();
        ApiFixtures fx = new ApiFixtures(api, admin);
        String tag = Api.unique("aq").toLowerCase();
        JsonNode sparse = fx.account(admin, "{\"name\":\"Sparse %s\",\"tags\":[\"%s\"]}".formatted(tag, tag));
        JsonNode full = fx.account(admin, """
                {"name":"Full %s","tags":["%s"],"domain":"full.example","industry":"Software","size":"51-200","tier":"GOLD"}"""
                .formatted(tag, tag));

        // the creator becomes the owner: one of five key fields
        assertThat(sparse.get("completeness").asInt()).isEqualTo(20);
        assertThat(sparse.get("missing").toString()).isEqualTo("[\"domain\",\"industry\",\"size\",\"tier\"]");
        assertThat(full.get("completeness").asInt()).isEqualTo(100);
        assertThat(full.get("missing")).isEmpty();

        long sparseId = sparse.get("id").asLong();
        assertThat(ids(api.get("/api/v1/accounts?tag=" + tag + "&missing=industry", admin))).containsExactly(sparseId);
        assertThat(ids(api.get("/api/v1/accounts?tag=" + tag + "&missing=domain,tier", admin))).containsExactly(sparseId);
        assertThat(ids(api.get("/api/v1/accounts?tag=" + tag + "&missing=owner", admin))).isEmpty();
        assertThat(ids(api.get("/api/v1/accounts?tag=" + tag + "&completenessBelow=50", admin))).containsExactly(sparseId);
        assertThat(ids(api.get("/api/v1/accounts?tag=" + tag + "&completenessBelow=101", admin))).hasSize(2);
        assertInvalid(api.get("/api/v1/accounts?missing=phone", admin), "missing");
        assertInvalid(api.get("/api/v1/accounts?completenessBelow=200", admin), "completenessBelow");
        assertInvalid(api.get("/api/v1/accounts?completenessBelow=half", admin), "completenessBelow");

        // the read-only fields of a GET body may be sent back
        var patched = api.patch("/api/v1/accounts/" + sparseId, admin, Api.JSON.writeValueAsString(
                ((tools.jackson.databind.node.ObjectNode) sparse).put("industry", "Retail")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("completeness").asInt()).isEqualTo(40);
        assertThat(ids(api.get("/api/v1/accounts?tag=" + tag + "&missing=industry", admin))).isEmpty();

        var csv = api.get("/api/v1/accounts/export.csv?tag=" + tag + "&completenessBelow=100&columns=name,completeness,industry", admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).isEqualTo("\uFEFFName,Complete,Industry\r\nSparse " + tag + ",40%,Retail\r\n");
    }

    @Test
    void theAccountPagesShowTheScoreAndFilterOnIt() {
        Api api = new Api(port);
        String admin = api.adminToken();
        ApiFixtures fx = new ApiFixtures(api, admin);
        String tag = Api.unique("ap").toLowerCase();
        JsonNode sparse = fx.account(admin, "{\"name\":\"Sparse %s\",\"tags\":[\"%s\"],\"domain\":\"sparse.example\"}".formatted(tag, tag));
        fx.account(admin, """
                {"name":"Full %s","tags":["%s"],"domain":"full.example","industry":"Software","size":"51-200","tier":"GOLD"}"""
                .formatted(tag, tag));
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");

        String detail = browser.get("/accounts/" + sparse.get("id").asLong()).body();
        assertThat(detail).contains("<dt>Completeness</dt>").contains(">40%<").contains("missing industry, size, tier");

        String list = browser.get("/accounts?tag=" + tag + "&missing=tier&cols=name&cols=completeness").body();
        assertThat(list).contains("<th>Complete</th>").contains("Sparse " + tag).doesNotContain("Full " + tag)
                .contains("<option value=\"tier\" selected=\"selected\">tier</option>");
        assertThat(browser.get("/accounts?tag=" + tag + "&completenessBelow=100").body()).contains("Sparse " + tag)
                .doesNotContain("Full " + tag);
        assertThat(browser.get("/accounts?tag=" + tag + "&missing=shoeSize").body()).contains("is not one of");
    }
}
