package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static io.rapport.support.ApiFixtures.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ListAndPagingTest {

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
    }

    /** Seven contacts sharing a fresh tag; three share a name and stages repeat, so sorting needs its tie-breaker. */
    private List<Long> sevenContacts(String tag) {
        String[][] people = {{"Same", "PROSPECT"}, {"Same", "LEAD"}, {"Same", "PROSPECT"}, {"Adams", "CUSTOMER"},
                {"Zimmer", "LEAD"}, {"Miller", "PROSPECT"}, {"baker", "CHURNED"}};
        List<Long> ids = new ArrayList<>();
        for (String[] p : people) {
            ids.add(fx.contact(admin, """
                    {"lastName":"%s","lifecycleStage":"%s","tags":["%s"]}""".formatted(p[0], p[1], tag)).get("id").asLong());
        }
        return ids;
    }

    private List<JsonNode> pageItems(String path, List<Integer> pageSizes) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            var r = api.get(path + (cursor == null ? "" : "&cursor=" + enc(cursor)), admin);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            pageSizes.add(r.json().get("items").size());
            r.json().get("items").forEach(items::add);
            cursor = r.json().get("nextCursor").isNull() ? null : r.json().get("nextCursor").asString();
        } while (cursor != null && pageSizes.size() < 20);
        return items;
    }

    @ParameterizedTest(name = "sort={0}")
    @ValueSource(strings = {"", "name", "-name", "createdAt", "-createdAt", "updatedAt", "-updatedAt", "stage", "-stage"})
    void pagesThroughEveryMatchingContactExactlyOnce(String sort) {
        String tag = Api.unique("page").toLowerCase();
        List<Long> created = sevenContacts(tag);
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> items = pageItems("/api/v1/contacts?limit=3&tag=" + tag + "&sort=" + sort, sizes);
        List<Long> ids = items.stream().map(i -> i.get("id").asLong()).toList();
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);

        // and in the promised order
        List<Long> oneGo = fx.allIds("/api/v1/contacts?limit=500&tag=" + tag + "&sort=" + sort, admin);
        assertThat(ids).containsExactlyElementsOf(oneGo);
        if (sort.endsWith("name") || sort.isEmpty()) {
            List<String> names = items.stream().map(i -> i.get("lastName").asString().toLowerCase()).toList();
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(sort.startsWith("-") ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
            assertThat(names).containsExactlyElementsOf(sorted);
        }
        if (sort.endsWith("createdAt")) {
            List<Long> expected = new ArrayList<>(created);
            if (sort.startsWith("-")) java.util.Collections.reverse(expected);
            assertThat(ids).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "sort={0}")
    @ValueSource(strings = {"name", "-name", "createdAt", "-updatedAt"})
    void pagesThroughEveryMatchingAccountExactlyOnce(String sort) {
        String tag = Api.unique("apage").toLowerCase();
        Set<Long> created = new HashSet<>();
        for (String name : List.of("Same", "Same", "Acme", "Zeta", "same", "Beta", "Gamma")) {
            created.add(fx.account(name, tag, null).get("id").asLong());
        }
        List<Integer> sizes = new ArrayList<>();
        List<Long> ids = pageItems("/api/v1/accounts?limit=3&tag=" + tag + "&sort=" + sort, sizes).stream()
                .map(i -> i.get("id").asLong()).toList();
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(created);
    }

    @Test
    void aFullLastPageHasNoNextCursor() {
        String tag = Api.unique("exact").toLowerCase();
        for (int i = 0; i < 6; i++) fx.contact("Exact" + i, tag, null);
        List<Integer> sizes = new ArrayList<>();
        pageItems("/api/v1/contacts?limit=3&tag=" + tag, sizes);
        assertThat(sizes).containsExactly(3, 3);
        var empty = api.get("/api/v1/contacts?tag=" + Api.unique("none").toLowerCase(), admin);
        assertThat(empty.json().get("items").size()).isZero();
        assertThat(empty.json().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void recordsAddedWhilePagingDoNotRepeatOrDisplaceOthers() {
        String tag = Api.unique("live").toLowerCase();
        List<Long> created = sevenContacts(tag);
        var first = api.get("/api/v1/contacts?limit=3&sort=name&tag=" + tag, admin).json();
        List<Long> seen = new ArrayList<>();
        first.get("items").forEach(i -> seen.add(i.get("id").asLong()));
        long before = fx.contact("Aardvark", tag, null).get("id").asLong(); // sorts before the cursor
        long after = fx.contact("Zzz", tag, null).get("id").asLong(); // sorts after it
        String cursor = first.get("nextCursor").asString();
        while (cursor != null) {
            var page = api.get("/api/v1/contacts?limit=3&sort=name&tag=" + tag + "&cursor=" + enc(cursor), admin).json();
            page.get("items").forEach(i -> seen.add(i.get("id").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(created).contains(after).doesNotContain(before);
    }

    @Test
    void defaultsToFiftyAndAllowsUpToFiveHundred() {
        String tag = Api.unique("fifty").toLowerCase();
        for (int i = 0; i < 51; i++) fx.contact("Many" + i, tag, null);
        var page = api.get("/api/v1/contacts?tag=" + tag, admin).json();
        assertThat(page.get("items").size()).isEqualTo(50);
        assertThat(page.get("nextCursor").isNull()).isFalse();
        var all = api.get("/api/v1/contacts?limit=500&tag=" + tag, admin).json();
        assertThat(all.get("items").size()).isEqualTo(51);
        assertThat(all.get("nextCursor").isNull()).isTrue();
        assertInvalid(api.get("/api/v1/contacts?limit=501", admin), "limit");
        assertInvalid(api.get("/api/v1/accounts?limit=501", admin), "limit");
        assertInvalid(api.get("/api/v1/accounts?limit=-1", admin), "limit");
    }

    @Test
    void rejectsCursorsItDidNotIssue() {
        String tag = Api.unique("cur").toLowerCase();
        sevenContacts(tag);
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString("x".getBytes(StandardCharsets.UTF_8));
        String noId = Base64.getUrlEncoder().withoutPadding().encodeToString("smith\u0000abc".getBytes(StandardCharsets.UTF_8));
        for (String garbage : List.of("garbage", "!!!", "%%%", b64, noId, "")) {
            var r = api.get("/api/v1/contacts?limit=3&tag=" + tag + "&cursor=" + enc(garbage), admin);
            if (garbage.isEmpty()) {
                assertThat(r.status()).isEqualTo(200);
            } else {
                assertInvalid(r, "cursor");
                assertInvalid(api.get("/api/v1/accounts?cursor=" + enc(garbage), admin), "cursor");
            }
        }
        // a real cursor, but from a list sorted differently
        String byName = api.get("/api/v1/contacts?limit=3&sort=name&tag=" + tag, admin).json().get("nextCursor").asString();
        assertInvalid(api.get("/api/v1/contacts?limit=3&sort=createdAt&tag=" + tag + "&cursor=" + enc(byName), admin), "cursor");
        assertInvalid(api.get("/api/v1/contacts?limit=3&sort=-updatedAt&tag=" + tag + "&cursor=" + enc(byName), admin), "cursor");
        String byDate = api.get("/api/v1/contacts?limit=3&sort=createdAt&tag=" + tag, admin).json().get("nextCursor").asString();
        var crossed = api.get("/api/v1/contacts?limit=3&sort=name&tag=" + tag + "&cursor=" + enc(byDate), admin);
        assertThat(crossed.status()).as(crossed.body()).isIn(200, 400);
    }

    @Test
    void filtersByOwnerStageTagTextAccountAndUpdatedSince() {
        String tag = Api.unique("filt").toLowerCase();
        var seller = fx.user("SALES", null);
        long account = fx.account("Filter Co", tag, null).get("id").asLong();
        long a = fx.contact(admin, """
                {"lastName":"Alpha","emails":["alpha.%1$s@example.com"],"lifecycleStage":"CUSTOMER","tags":["%1$s","gold"],
                 "accountId":%2$d}""".formatted(tag, account)).get("id").asLong();
        long b = fx.contact(admin, """
                {"lastName":"Bravo","lifecycleStage":"LEAD","tags":["%s"],"ownerId":%d}""".formatted(tag, seller.id())).get("id").asLong();
        long c = fx.contact(admin, """
                {"lastName":"Charlie","lifecycleStage":"PROSPECT","tags":["%s"],"ownerId":null}""".formatted(tag)).get("id").asLong();
        String base = "/api/v1/contacts?tag=" + tag;

        assertThat(fx.allIds(base, admin)).containsExactlyInAnyOrder(a, b, c);
        assertThat(fx.allIds(base + "&owner=me", admin)).containsExactly(a);
        assertThat(fx.allIds(base + "&owner=" + seller.id(), admin)).containsExactly(b);
        assertThat(fx.allIds(base + "&owner=none", admin)).containsExactly(c);
        assertThat(fx.allIds(base + "&stage=customer", admin)).containsExactly(a);
        assertThat(fx.allIds(base + "&stage=LEAD,PROSPECT", admin)).containsExactlyInAnyOrder(b, c);
        assertThat(fx.allIds("/api/v1/contacts?tag=" + tag.toUpperCase() + "&stage=LEAD", admin)).containsExactly(b);
        assertThat(fx.allIds(base + "&q=alph", admin)).containsExactly(a);
        assertThat(fx.allIds(base + "&q=" + enc("ALPHA." + tag), admin)).containsExactly(a);
        assertThat(fx.allIds(base + "&q=zzzz", admin)).isEmpty();
        assertThat(fx.allIds(base + "&account=" + account, admin)).containsExactly(a);
        assertThat(fx.allIds(base + "&account=none", admin)).containsExactlyInAnyOrder(b, c);
        assertThat(fx.allIds("/api/v1/contacts?tag=gold&q=alpha." + tag, admin)).containsExactly(a);

        String past = Instant.now().minus(1, ChronoUnit.HOURS).toString();
        String future = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        assertThat(fx.allIds(base + "&updatedSince=" + enc(past), admin)).containsExactlyInAnyOrder(a, b, c);
        assertThat(fx.allIds(base + "&updatedSince=" + enc(future), admin)).isEmpty();
        assertThat(fx.allIds(base + "&updatedSince=2000-01-01", admin)).hasSize(3);

        assertThat(fx.allIds("/api/v1/accounts?tag=" + tag + "&q=filter", admin)).containsExactly(account);
        assertThat(api.get("/api/v1/accounts/" + account, admin).json().get("contactCount").asLong()).isEqualTo(1);
    }

    @Test
    void filtersAccountsByIndustryTierAndParent() {
        String tag = Api.unique("afilt").toLowerCase();
        long parent = fx.account(admin, """
                {"name":"Holding","industry":"Finance","tier":"gold","tags":["%s"]}""".formatted(tag)).get("id").asLong();
        long child = fx.account(admin, """
                {"name":"Subsidiary","industry":"Retail","tier":"SILVER","parentId":%d,"tags":["%s"]}""".formatted(parent, tag))
                .get("id").asLong();
        String base = "/api/v1/accounts?tag=" + tag;
        assertThat(fx.allIds(base + "&industry=finance", admin)).containsExactly(parent);
        assertThat(fx.allIds(base + "&tier=silver", admin)).containsExactly(child);
        assertThat(fx.allIds(base + "&parent=" + parent, admin)).containsExactly(child);
    }

    @Test
    void searchFindsContactsAndAccountsDespiteTypos() {
        String unique = "Quorvath" + Api.unique("").substring(1, 5).replaceAll("[0-9]", "x");
        long contact = fx.contact(admin, "{\"firstName\":\"Ann\",\"lastName\":\"" + unique + "\"}").get("id").asLong();
        var hits = api.get("/api/v1/search?q=" + unique.toLowerCase(), admin).json().get("items");
        List<Long> ids = new ArrayList<>();
        hits.forEach(h -> ids.add(h.get("id").asLong()));
        assertThat(ids).contains(contact);
        String typo = unique.substring(0, 3) + unique.substring(4); // one letter missing
        List<Long> typoIds = new ArrayList<>();
        api.get("/api/v1/search?q=" + typo, admin).json().get("items").forEach(h -> typoIds.add(h.get("id").asLong()));
        assertThat(typoIds).contains(contact);
        assertThat(api.get("/api/v1/search?q=%20", admin).json().get("items").size()).isZero();
    }
}
