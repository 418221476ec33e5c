package io.rapport.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.sales.stale.StaleDeals;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stale-deal rule: one follow-up task per quiet spell for the owner, none for busy or closed deals. */
@IntegrationTest
class StaleDealTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaleDeals stale;

    @Test
    void aQuietOpenDealGetsOneTaskForItsOwnerAndAnotherOnlyAfterNewActivityAndSilence() {
        Api api = new Api(port);
        ApiFixtures fx = new ApiFixtures(api, api.adminToken());
        DealFixtures deals = new DealFixtures(api, fx.admin());
        var p = deals.pipeline();
        assertThat(api.patch("/api/v1/pipelines/" + p.id(), fx.admin(), "{\"staleDays\":5,\"version\":0}").status()).isEqualTo(200);
        var owner = fx.user("SALES", null);
        long contact = fx.contact(Api.unique("Quiet"), "stale", owner.id()).get("id").asLong();
        long quiet = deals.deal(owner.token(), "{\"name\":\"Quiet deal\",\"pipelineId\":" + p.id() + ",\"currency\":\"EUR\","
                + "\"contactIds\":[" + contact + "]}").get("id").asLong();
        long busy = deals.deal(owner.token(), p, "Busy deal", "1", null).get("id").asLong();
        long fresh = deals.deal(owner.token(), p, "Fresh deal", "1", null).get("id").asLong();
        long closed = deals.deal(owner.token(), "{\"name\":\"Closed deal\",\"pipelineId\":" + p.id() + ",\"stageId\":" + p.won()
                + ",\"currency\":\"EUR\"}").get("id").asLong();
        for (long id : new long[] {quiet, busy, closed}) age(id, 10);
        // the busy deal's account had a call two days ago
        long account = fx.account(Api.unique("Busy"), "stale", owner.id()).get("id").asLong();
        jdbc.sql("update deals set account_id = :a where id = :id").param("a", account).param("id", busy).update();
        jdbc.sql("""
                insert into activities (kind, channel, occurred_at, account_id, subject)
                values ('CALL', 'PHONE', now() - interval '2 days', :a, 'Call')""").param("a", account).update();

        stale.run();
        assertThat(tasks(quiet)).isEqualTo(1);
        assertThat(tasks(busy)).isZero();
        assertThat(tasks(fresh)).isZero();
        assertThat(tasks(closed)).isZero();
        Map<String, Object> task = jdbc.sql("select t.assignee_id, t.contact_id, t.title from deal_stale_tasks s join tasks t on t.id = s.task_id where s.deal_id = :d")
                .param("d", quiet).query().singleRow();
        assertThat(((Number) task.get("assignee_id")).longValue()).isEqualTo(owner.id());
        assertThat(((Number) task.get("contact_id")).longValue()).isEqualTo(contact);
        assertThat((String) task.get("title")).contains("Quiet deal");
        assertThat(api.get("/api/v1/tasks?assignee=me", owner.token()).body()).contains("Quiet deal");

        stale.run();
        assertThat(tasks(quiet)).as("no duplicate on a later run").isEqualTo(1);

        // activity, then another quiet spell: a new task
        jdbc.sql("update deals set last_activity_at = now() - interval '7 days' where id = :id").param("id", quiet).update();
        stale.run();
        assertThat(tasks(quiet)).isEqualTo(2);
    }

    private void age(long dealId, int days) {
        jdbc.sql("update deals set created_at = now() - make_interval(days => :d), stage_entered_at = now() - make_interval(days => :d) where id = :id")
                .param("d", days).param("id", dealId).update();
    }

    private long tasks(long dealId) {
        return jdbc.sql("select count(*) from deal_stale_tasks s join tasks t on t.id = s.task_id where s.deal_id = :d")
                .param("d", dealId).query(Long.class).single();
    }
}
