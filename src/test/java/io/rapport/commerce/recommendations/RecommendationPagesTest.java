package io.rapport.commerce.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.commerce.recommendations.OrderFixture.Product;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The "Recommended next" card and the admin page, driven like a browser. */
@IntegrationTest
class RecommendationPagesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RuleBuilder builder;
    Api api;
    ApiFixtures fx;
    String admin;
    OrderFixture shop;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        shop = new OrderFixture(jdbc);
    }

    @Test
    void contactAndAccountPagesLoadTheCardWithReasons() {
        long adminId = api.userId(admin);
        Product tent = shop.product("Tent");
        Product pegs = shop.product("Tent pegs");
        Product small = shop.product("Sleeping bag S", "bag", 1);
        Product large = shop.product("Sleeping bag L", "bag", 2);
        for (int i = 0; i < 4; i++) shop.order(shop.buyer(adminId), tent, pegs);
        long account = fx.account(Api.unique("Camp Acct"), "rec", null).get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"%s\",\"accountId\":%d}".formatted(Api.unique("Camper"), account)).get("id").asLong();
        shop.order(contact, tent, small);
        builder.rebuild(OrderFixture.SMALL, step -> {});

        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(browser.get("/contacts/" + contact).body()).contains("hx-get=\"/contacts/" + contact + "/recommendations\"");
        assertThat(browser.get("/accounts/" + account).body()).contains("hx-get=\"/accounts/" + account + "/recommendations\"");
        String card = browser.get("/contacts/" + contact + "/recommendations").body();
        assertThat(card).contains("Recommended next").contains("Tent pegs").contains("bought by 80% of customers who bought Tent")
                .contains("upgrade from Sleeping bag S to Sleeping bag L").contains("Upsell").contains("Cross-sell");
        assertThat(browser.get("/accounts/" + account + "/recommendations").body()).contains("Tent pegs");

        long nobody = fx.contact(Api.unique("Nobody"), "rec", null).get("id").asLong();
        assertThat(browser.get("/contacts/" + nobody + "/recommendations").body()).contains("Nothing to suggest");
    }

    @Test
    void aSalesUserGetsNoCardForAContactOfAnotherTeam() {
        ApiFixtures.User other = fx.user("SALES", fx.team());
        ApiFixtures.User sales = fx.user("SALES", fx.team());
        long theirs = fx.contact(Api.unique("Hidden"), "rec", other.id()).get("id").asLong();
        PageSession browser = PageSession.signIn(api.base(), sales.email(), ApiFixtures.PASSWORD);
        assertThat(browser.get("/contacts/" + theirs + "/recommendations").statusCode()).isEqualTo(404);
        assertThat(browser.get("/admin/recommendations").statusCode()).isEqualTo(403);
        assertThat(browser.post("/admin/recommendations/rebuild", Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void theAdminPageShowsTheRulesAndRebuildsWithProgress() {
        long adminId = api.userId(admin);
        Product kettle = shop.product("Kettle");
        Product filter = shop.product("Kettle filter");
        for (int i = 0; i < 3; i++) shop.order(shop.buyer(adminId), kettle, filter);
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(browser.get("/admin/recommendations").body()).contains("Recommendations").contains("Rebuild rules now")
                .contains("href=\"/admin/recommendations\"");

        var posted = browser.post("/admin/recommendations/rebuild", Map.of());
        assertThat(posted.statusCode()).isEqualTo(302);
        long id = jdbc.sql("select max(id) from recommendation_builds").query(Long.class).single();
        await().atMost(Duration.ofSeconds(60)).until(() -> browser.get("/admin/recommendations/builds/" + id).body(),
                b -> b.contains("location.reload()"));
        assertThat(browser.get("/admin/recommendations").body()).contains("rules in use").contains("Last build");
        builder.rebuild(OrderFixture.SMALL, step -> {});
        assertThat(browser.get("/admin/recommendations").body()).contains("Strongest rules");
    }
}
