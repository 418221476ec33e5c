package io.rapport.commerce.recommendations;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.commerce.recommendations.OrderFixture.Product;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RecommendationApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RuleBuilder builder;
    Api api;
    ApiFixtures fx;
    String admin;
    long adminId;
    OrderFixture shop;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        adminId = api.userId(admin);
        fx = new ApiFixtures(api, admin);
        shop = new OrderFixture(jdbc);
    }

    /** Four customers bought A and B, one more bought only A: B follows A with confidence 4/5. */
    record Planted(Product a, Product b, long onlyA, long bothAb) {}

    Planted plantAb() {
        Product a = shop.product("Espresso machine");
        Product b = shop.product("Descaler");
        long bothAb = fx.contact(Api.unique("Both"), "rec", null).get("id").asLong();
        shop.order(bothAb, a, b);
        for (int i = 0; i < 3; i++) shop.order(shop.buyer(adminId), a, b);
        long onlyA = fx.contact(Api.unique("OnlyA"), "rec", null).get("id").asLong();
        shop.order(onlyA, a);
        return new Planted(a, b, onlyA, bothAb);
    }

    @Test
    void crossSellsWhatOthersBoughtWithTheReasonAndNeverWhatIsOwned() {
        Planted p = plantAb();
        Product cancelled = shop.product("Milk jug");
        shop.order(p.onlyA(), null, "CANCELLED", cancelled);  // a cancelled order owns nothing
        builder.rebuild(OrderFixture.SMALL, step -> {});

        JsonNode recs = ok(api.get("/api/v1/contacts/" + p.onlyA() + "/recommendations", admin));
        JsonNode b = find(recs, p.b().id());
        assertThat(b).as(recs.toString()).isNotNull();
        assertThat(b.get("sku").asString()).isEqualTo(p.b().sku());
        assertThat(b.get("name").asString()).isEqualTo("Descaler");
        assertThat(b.get("kind").asString()).isEqualTo("CROSS_SELL");
        assertThat(b.get("reason").asString()).isEqualTo("bought by 80% of customers who bought Espresso machine");
        assertThat(b.get("confidence").asDouble()).isEqualTo(0.8);
        assertThat(b.get("lift").asDouble()).isGreaterThan(1);
        assertThat(b.get("support").asDouble()).isGreaterThan(0);
        assertThat(b.get("basedOnProductId").asLong()).isEqualTo(p.a().id());
        assertThat(ids(recs)).doesNotContain(p.a().id());

        // a customer who owns both gets neither again
        JsonNode both = ok(api.get("/api/v1/contacts/" + p.bothAb() + "/recommendations?limit=50", admin));
        assertThat(ids(both)).doesNotContain(p.a().id(), p.b().id());
    }

    @Test
    void upsellsTheNextTierOfAFamilyTheCustomerOwns() {
        Product basic = shop.product("CRM Basic", "crm", 1);
        Product pro = shop.product("CRM Pro", "crm", 2);
        Product enterprise = shop.product("CRM Enterprise", "crm", 3);
        Product ultimate = shop.product("CRM Ultimate", "crm", 4);
        Product retired = shop.product("CRM Legacy", "crm", 5);
        shop.deactivate(retired);
        long owner = fx.contact(Api.unique("Tiered"), "rec", null).get("id").asLong();
        shop.order(owner, basic);
        shop.order(owner, pro);
        long top = fx.contact(Api.unique("Top"), "rec", null).get("id").asLong();
        shop.order(top, ultimate);

        JsonNode recs = ok(api.get("/api/v1/contacts/" + owner + "/recommendations", admin));
        JsonNode up = find(recs, enterprise.id());
        assertThat(up).as(recs.toString()).isNotNull();
        assertThat(up.get("kind").asString()).isEqualTo("UPSELL");
        assertThat(up.get("reason").asString()).isEqualTo("upgrade from CRM Pro to CRM Enterprise");
        assertThat(up.get("basedOnProductId").asLong()).isEqualTo(pro.id());
        assertThat(recs.get(0).get("productId").asLong()).as("upsells come first").isEqualTo(enterprise.id());
        assertThat(ids(recs)).doesNotContain(basic.id(), pro.id(), ultimate.id(), retired.id());

        // the top active tier has no upgrade (the retired tier above it is not offered)
        assertThat(ids(ok(api.get("/api/v1/contacts/" + top + "/recommendations", admin)))).doesNotContain(retired.id(), basic.id());
    }

    @Test
    void anAccountOwnsWhatItAndItsContactsBought() {
        Planted p = plantAb();
        long account = fx.account(Api.unique("Rec Acct"), "rec", null).get("id").asLong();
        long member = fx.contact(admin, "{\"lastName\":\"%s\",\"accountId\":%d}".formatted(Api.unique("Member"), account)).get("id").asLong();
        shop.order(member, p.a());
        builder.rebuild(OrderFixture.SMALL, step -> {});
        JsonNode recs = ok(api.get("/api/v1/accounts/" + account + "/recommendations", admin));
        assertThat(ids(recs)).contains(p.b().id()).doesNotContain(p.a().id());

        long direct = fx.account(Api.unique("Direct Acct"), "rec", null).get("id").asLong();
        shop.order(null, direct, "PAID", p.a(), p.b());
        assertThat(ids(ok(api.get("/api/v1/accounts/" + direct + "/recommendations?limit=50", admin)))).doesNotContain(p.a().id(), p.b().id());
    }

    @Test
    void badLimitsAndUnknownRecordsAreProblems() {
        long contact = fx.contact(Api.unique("Limits"), "rec", null).get("id").asLong();
        assertInvalid(api.get("/api/v1/contacts/" + contact + "/recommendations?limit=0", admin), "limit");
        assertInvalid(api.get("/api/v1/contacts/" + contact + "/recommendations?limit=51", admin), "limit");
        assertProblem(api.get("/api/v1/contacts/" + contact + "/recommendations?limit=five", admin), 400);
        assertProblem(api.get("/api/v1/contacts/999999999/recommendations", admin), 404);
        assertProblem(api.get("/api/v1/accounts/999999999/recommendations", admin), 404);
        assertThat(ok(api.get("/api/v1/contacts/" + contact + "/recommendations", admin))).isEmpty();
    }

    @Test
    void everyRoleSeesRecommendationsOfContactsItMaySeeAndA404Otherwise() {
        long east = fx.team();
        long west = fx.team();
        ApiFixtures.User sales = fx.user("SALES", east);
        ApiFixtures.User otherSales = fx.user("SALES", west);
        long mine = fx.contact(Api.unique("Mine"), "rec", sales.id()).get("id").asLong();
        long theirs = fx.contact(Api.unique("Theirs"), "rec", otherSales.id()).get("id").asLong();
        long account = fx.account(Api.unique("Theirs Acct"), "rec", otherSales.id()).get("id").asLong();

        assertThat(api.get("/api/v1/contacts/" + mine + "/recommendations", sales.token()).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/contacts/" + theirs + "/recommendations", sales.token()), 404);
        assertProblem(api.get("/api/v1/accounts/" + account + "/recommendations", sales.token()), 404);
        ApiFixtures.User agent = fx.user("AGENT", null);
        assertProblem(api.get("/api/v1/contacts/" + theirs + "/recommendations", agent.token()), 404);
        for (String role : List.of("MANAGER", "MARKETING", "READ_ONLY")) {
            String token = fx.user(role, null).token();
            assertThat(api.get("/api/v1/contacts/" + theirs + "/recommendations", token).status()).as(role).isEqualTo(200);
            assertThat(api.get("/api/v1/accounts/" + account + "/recommendations", token).status()).as(role).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/contacts/" + theirs + "/recommendations", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/contacts/" + theirs + "/recommendations", null).status()).isEqualTo(401);
    }

    @Test
    void rulesAreForAdministratorsManagersAndMarketing() {
        Planted p = plantAb();
        builder.rebuild(OrderFixture.SMALL, step -> {});
        for (String role : List.of("MANAGER", "MARKETING")) {
            JsonNode rules = ok(api.get("/api/v1/recommendations/rules?product=" + p.a().id(), fx.user(role, null).token()));
            assertThat(rules.get("product").get("sku").asString()).isEqualTo(p.a().sku());
        }
        JsonNode rules = ok(api.get("/api/v1/recommendations/rules?product=" + p.a().sku(), admin));
        assertThat(rules.get("ruleCount").asLong()).isGreaterThan(0);
        JsonNode rule = rules.get("items").get(0);
        assertThat(rule.get("antecedent").get("id").asLong()).isEqualTo(p.a().id());
        assertThat(rule.get("consequent").get("id").asLong()).isEqualTo(p.b().id());
        assertThat(rule.get("pairCount").asInt()).isEqualTo(4);
        assertThat(rule.get("antecedentCount").asInt()).isEqualTo(5);
        assertThat(rule.get("confidence").asDouble()).isEqualTo(0.8);
        assertThat(ok(api.get("/api/v1/recommendations/rules", admin)).get("items").size()).isGreaterThan(0);

        for (String role : List.of("SALES", "AGENT", "READ_ONLY")) {
            assertProblem(api.get("/api/v1/recommendations/rules", fx.user(role, null).token()), 403);
        }
        assertProblem(api.get("/api/v1/recommendations/rules?product=no-such-sku-" + Api.unique("x"), admin), 404);
        assertInvalid(api.get("/api/v1/recommendations/rules?limit=201", admin), "limit");
        assertInvalid(api.get("/api/v1/recommendations/rules?product=%20", admin), "product");
    }

    @Test
    void onlyAdministratorsRebuildAndTheBuildRunsInTheBackground() {
        for (String role : List.of("MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            String token = fx.user(role, null).token();
            assertProblem(api.post("/api/v1/recommendations/rebuild", token, null), 403);
        }
        Planted p = plantAb();
        Api.Response started = api.post("/api/v1/recommendations/rebuild", admin, null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        assertThat(started.headers().firstValue("Location")).contains("/api/v1/recommendations/builds/" + id);
        for (String role : List.of("MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            assertProblem(api.get("/api/v1/recommendations/builds/" + id, fx.user(role, null).token()), 403);
        }
        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(
                () -> api.get("/api/v1/recommendations/builds/" + id, admin).json(),
                b -> !b.get("status").asString().equals("QUEUED") && !b.get("status").asString().equals("RUNNING"));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("DONE");
        // with the configured thresholds (a share of every basket in this shared database) the count is not known here
        assertThat(done.get("rules").asLong()).isEqualTo(jdbc.sql("select count(*) from product_associations").query(Long.class).single());
        assertThat(done.get("baskets").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(done.get("trigger").asString()).isEqualTo("ADMIN");
        assertThat(done.get("finishedAt").isNull()).isFalse();
        assertProblem(api.get("/api/v1/recommendations/builds/999999999", admin), 404);
    }

    @Test
    void readersSeeTheOldRulesUntilTheNewSetIsSwappedIn() {
        Planted p = plantAb();
        builder.rebuild(OrderFixture.SMALL, step -> {});
        Product c = shop.product("Cups");
        for (int i = 0; i < 4; i++) shop.order(shop.buyer(adminId), p.a(), c);
        List<String> seenDuringBuild = new ArrayList<>();
        builder.stage(OrderFixture.SMALL, step -> seenDuringBuild.add(step + ":" + ids(ok(api.get("/api/v1/contacts/" + p.onlyA()
                + "/recommendations?limit=50", admin))).contains(c.id())));
        // staged but not swapped: still the old set, whole
        List<Long> before = ids(ok(api.get("/api/v1/contacts/" + p.onlyA() + "/recommendations?limit=50", admin)));
        assertThat(before).contains(p.b().id()).doesNotContain(c.id());
        assertThat(seenDuringBuild).hasSize(AssociationRules.STEPS.size()).allMatch(s -> s.endsWith("false"));
        builder.swap();
        assertThat(ids(ok(api.get("/api/v1/contacts/" + p.onlyA() + "/recommendations?limit=50", admin)))).contains(p.b().id(), c.id());
    }

    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<Long> ids(JsonNode recs) {
        List<Long> ids = new ArrayList<>();
        recs.forEach(r -> ids.add(r.get("productId").asLong()));
        return ids;
    }

    static JsonNode find(JsonNode recs, long productId) {
        for (JsonNode r : recs) if (r.get("productId").asLong() == productId) return r;
        return null;
    }
}
