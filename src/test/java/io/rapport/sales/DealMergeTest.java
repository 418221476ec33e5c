package io.rapport.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Deals follow merged accounts and contacts to the survivor, and come back on undo. */
@IntegrationTest
class DealMergeTest {

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    DealFixtures deals;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        deals = new DealFixtures(api, fx.admin());
    }

    @Test
    void dealsFollowAMergedAccountAndComeBackOnUndo() {
        var p = deals.pipeline();
        JsonNode survivor = fx.account(Api.unique("Keep"), "merge", null);
        JsonNode merged = fx.account(Api.unique("Gone"), "merge", null);
        long deal = deals.deal(fx.admin(), "{\"name\":\"On merged account\",\"pipelineId\":" + p.id() + ",\"currency\":\"EUR\","
                + "\"accountId\":" + merged.get("id").asLong() + "}").get("id").asLong();

        Api.Response merge = api.post("/api/v1/accounts/" + survivor.get("id").asLong() + "/merge", fx.admin(),
                "{\"otherId\":" + merged.get("id").asLong() + ",\"version\":" + survivor.get("version").asInt()
                        + ",\"otherVersion\":" + merged.get("version").asInt() + "}");
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/deals/" + deal, fx.admin()).json().get("accountId").asLong()).isEqualTo(survivor.get("id").asLong());

        Api.Response undo = api.post("/api/v1/accounts/merges/" + merge.json().get("merge").get("id").asLong() + "/undo", fx.admin(), null);
        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/deals/" + deal, fx.admin()).json().get("accountId").asLong()).isEqualTo(merged.get("id").asLong());
    }

    @Test
    void dealContactsFollowAMergedContactWithoutDuplicatesAndComeBackOnUndo() {
        var p = deals.pipeline();
        JsonNode survivor = fx.contact(Api.unique("Keep"), "merge", null);
        JsonNode merged = fx.contact(Api.unique("Gone"), "merge", null);
        long s = survivor.get("id").asLong();
        long m = merged.get("id").asLong();
        long onlyMerged = deals.deal(fx.admin(), "{\"name\":\"Only merged\",\"pipelineId\":" + p.id() + ",\"currency\":\"EUR\","
                + "\"contactIds\":[" + m + "]}").get("id").asLong();
        long both = deals.deal(fx.admin(), "{\"name\":\"Both\",\"pipelineId\":" + p.id() + ",\"currency\":\"EUR\","
                + "\"contactIds\":[" + s + "," + m + "]}").get("id").asLong();

        Api.Response merge = api.post("/api/v1/contacts/" + s + "/merge", fx.admin(),
                "{\"otherId\":" + m + ",\"version\":" + survivor.get("version").asInt() + ",\"otherVersion\":" + merged.get("version").asInt() + "}");
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        assertThat(contacts(onlyMerged)).containsExactly(s);
        assertThat(contacts(both)).containsExactly(s);
        assertThat(api.get("/api/v1/deals?contact=" + s + "&pipeline=" + p.id(), fx.admin()).json().get("items")).hasSize(2);

        Api.Response undo = api.post("/api/v1/contacts/merges/" + merge.json().get("merge").get("id").asLong() + "/undo", fx.admin(), null);
        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        assertThat(contacts(onlyMerged)).containsExactly(m);
        assertThat(contacts(both)).containsExactlyInAnyOrder(s, m);
    }

    private List<Long> contacts(long dealId) {
        List<Long> ids = new ArrayList<>();
        api.get("/api/v1/deals/" + dealId, fx.admin()).json().get("contactIds").forEach(n -> ids.add(n.asLong()));
        return ids;
    }
}
