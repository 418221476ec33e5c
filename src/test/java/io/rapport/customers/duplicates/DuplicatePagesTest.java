package io.rapport.customers.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.PageSession;
import io.rapport.support.IntegrationTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The duplicate pages driven like a browser: the check while typing, the card, compare & merge, undo, the scan page. */
@IntegrationTest
class DuplicatePagesTest {

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
    }

    @Test
    void warnsWhileTypingThenComparesMergesAndUndoes() {
        String mail = Api.unique("page") + "@gmail.com";
        JsonNode a = fx.contact(admin, "{\"firstName\":\"Paula\",\"lastName\":\"Paged\",\"emails\":[\"%s\"]}".formatted(mail));
        JsonNode b = fx.contact(admin, "{\"firstName\":\"Paola\",\"lastName\":\"Paged\",\"emails\":[\"%s\"],\"jobTitle\":\"Buyer\"}".formatted(mail));
        long ia = a.get("id").asLong();
        long ib = b.get("id").asLong();
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");

        var check = browser.get("/contacts/duplicate-check?lastName=Someone&emails=" + ApiFixtures.enc(mail.toUpperCase()));
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).contains("possible duplicates already exist").contains("href=\"/contacts/" + ia + "\"")
                .contains("same e-mail").contains("You can still save");
        assertThat(browser.get("/contacts/duplicate-check?lastName=" + Api.unique("Nobody")).body()).doesNotContain("already exist");

        var card = browser.get("/contacts/" + ia + "/duplicates");
        assertThat(card.body()).contains("href=\"/contacts/" + ia + "/merge?other=" + ib + "\"").contains("Not a duplicate");

        var compare = browser.get("/contacts/" + ia + "/merge?other=" + ib);
        assertThat(compare.statusCode()).isEqualTo(200);
        assertThat(compare.body()).contains("name=\"f.firstName\" value=\"other\"").contains("Buyer")
                .contains("name=\"otherVersion\" value=\"" + b.get("version").asInt() + "\"");

        var stale = browser.post("/contacts/" + ia + "/merge", Map.of("otherId", "" + ib, "version", "99",
                "otherVersion", "" + b.get("version").asInt(), "f.firstName", "other"));
        assertThat(stale.body()).contains("alert error").contains("version");

        var merged = browser.post("/contacts/" + ia + "/merge", Map.of("otherId", "" + ib, "version", "" + a.get("version").asInt(),
                "otherVersion", "" + b.get("version").asInt(), "f.firstName", "other", "f.jobTitle", "other"));
        assertThat(merged.statusCode()).isEqualTo(302);
        assertThat(merged.headers().firstValue("Location").orElse("")).contains("/contacts/" + ia + "?merged=");
        assertThat(api.get("/api/v1/contacts/" + ia, admin).json().get("firstName").asString()).isEqualTo("Paola");
        assertThat(api.get("/api/v1/contacts/" + ib, admin).status()).isEqualTo(404);

        var history = browser.get("/contacts/" + ia + "/duplicates");
        Matcher undo = Pattern.compile("action=\"/contacts/merges/(\\d+)/undo\"").matcher(history.body());
        assertThat(undo.find()).as(history.body()).isTrue();
        var undone = browser.post("/contacts/merges/" + undo.group(1) + "/undo", Map.of());
        assertThat(undone.statusCode()).isEqualTo(302);
        assertThat(undone.headers().firstValue("Location").orElse("")).endsWith("/contacts/" + ia + "?unmerged");
        assertThat(api.get("/api/v1/contacts/" + ib, admin).status()).isEqualTo(200);
        assertThat(browser.get("/contacts/" + ia + "/duplicates").body()).contains("undone").doesNotContain("Undo merge</button>");

        var dismissed = browser.post("/contacts/" + ia + "/not-duplicate", Map.of("other", "" + ib, "score", "0.95"));
        assertThat(dismissed.statusCode()).isEqualTo(302);
        assertThat(browser.get("/contacts/" + ia + "/duplicates").body()).doesNotContain("href=\"/contacts/" + ib + "\"");
    }

    @Test
    void accountPageListsAccountsWithTheSameDomainUntilDismissed() {
        String domain = Api.unique("card").replaceAll("[^a-z0-9]", "") + ".com";
        long a = fx.account(admin, "{\"name\":\"%s\",\"domain\":\"%s\"}".formatted(Api.unique("Card One"), domain)).get("id").asLong();
        long b = fx.account(admin, "{\"name\":\"%s\",\"domain\":\"%s\"}".formatted(Api.unique("Card Two"), domain)).get("id").asLong();
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(browser.get("/accounts/" + a).body()).contains("/accounts/" + a + "/duplicates");
        var card = browser.get("/accounts/" + a + "/duplicates");
        assertThat(card.body()).contains("href=\"/accounts/" + b + "\"").contains("same domain")
                .contains("href=\"/accounts/" + a + "/merge?other=" + b + "\"");
        assertThat(browser.post("/accounts/" + a + "/not-duplicate", Map.of("other", "" + b)).statusCode()).isEqualTo(302);
        assertThat(browser.get("/accounts/" + a + "/duplicates").body()).doesNotContain("href=\"/accounts/" + b + "\"")
                .contains("None found");
        // a new account with that domain is warned about both; the dismissed pair stays out of a's own check
        assertThat(browser.get("/accounts/duplicate-check?name=x&domain=" + domain).body()).contains("href=\"/accounts/" + b + "\"")
                .contains("href=\"/accounts/" + a + "\"");
        assertThat(browser.get("/accounts/duplicate-check?name=x&domain=" + domain + "&self=" + a).body()).doesNotContain("/accounts/" + b);
    }

    @Test
    void accountsAreComparedMergedWithTheirContactsAndUndoneFromTheAccountPage() {
        String domain = Api.unique("merge").replaceAll("[^a-z0-9]", "") + ".com";
        JsonNode a = fx.account(admin, "{\"name\":\"%s\",\"domain\":\"%s\"}".formatted(Api.unique("Merge One"), domain));
        JsonNode b = fx.account(admin, "{\"name\":\"%s\",\"domain\":\"%s\",\"industry\":\"Shipping\"}".formatted(Api.unique("Merge Two"), domain));
        long ia = a.get("id").asLong();
        long ib = b.get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Moved\",\"accountId\":%d}".formatted(ib)).get("id").asLong();
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");

        var compare = browser.get("/accounts/" + ia + "/merge?other=" + ib);
        assertThat(compare.statusCode()).isEqualTo(200);
        assertThat(compare.body()).contains("name=\"f.name\" value=\"other\"").contains("Shipping")
                .contains("href=\"/accounts/" + ib + "/merge?other=" + ia + "\"").contains("child accounts")
                .contains("name=\"otherVersion\" value=\"" + b.get("version").asInt() + "\"");
        var stale = browser.post("/accounts/" + ia + "/merge", Map.of("otherId", "" + ib, "version", "99",
                "otherVersion", "" + b.get("version").asInt()));
        assertThat(stale.body()).contains("alert error").contains("version");

        var merged = browser.post("/accounts/" + ia + "/merge", Map.of("otherId", "" + ib, "version", "" + a.get("version").asInt(),
                "otherVersion", "" + b.get("version").asInt(), "f.name", "other"));
        assertThat(merged.statusCode()).isEqualTo(302);
        assertThat(merged.headers().firstValue("Location").orElse("")).contains("/accounts/" + ia + "?merged=");
        assertThat(browser.get("/accounts/" + ia + "?merged=1").body()).contains("Accounts merged");
        assertThat(api.get("/api/v1/accounts/" + ia, admin).json().get("name").asString()).isEqualTo(b.get("name").asString());
        assertThat(api.get("/api/v1/contacts/" + contact, admin).json().get("accountId").asLong()).isEqualTo(ia);

        var history = browser.get("/accounts/" + ia + "/duplicates");
        Matcher undo = Pattern.compile("action=\"/accounts/merges/(\\d+)/undo\"").matcher(history.body());
        assertThat(undo.find()).as(history.body()).isTrue();
        var undone = browser.post("/accounts/merges/" + undo.group(1) + "/undo", Map.of());
        assertThat(undone.headers().firstValue("Location").orElse("")).endsWith("/accounts/" + ia + "?unmerged");
        assertThat(api.get("/api/v1/contacts/" + contact, admin).json().get("accountId").asLong()).isEqualTo(ib);
        assertThat(browser.get("/accounts/" + ia + "/duplicates").body()).contains("undone").doesNotContain("Undo merge</button>");

        PageSession reader = PageSession.signIn(api.base(), fx.user("READ_ONLY", null).email(), ApiFixtures.PASSWORD);
        assertThat(reader.get("/accounts/" + ia + "/merge?other=" + ib).statusCode()).isEqualTo(403);
    }

    @Test
    void theDuplicatesListOffersCompareAndMergeForAccountPairs() {
        ApiFixtures.User seller = fx.user("SALES", null);
        long a = fx.account(seller.token(), "{\"name\":\"%s\"}".formatted(Api.unique("Pair One"))).get("id").asLong();
        long b = fx.account(seller.token(), "{\"name\":\"%s\"}".formatted(Api.unique("Pair Two"))).get("id").asLong();
        jdbc.sql("insert into duplicate_pairs (entity, low_id, high_id, score, reasons) values ('ACCOUNT', :a, :b, 0.9, '{same domain}')")
                .param("a", Math.min(a, b)).param("b", Math.max(a, b)).update();
        PageSession browser = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        var list = browser.get("/duplicates?entity=ACCOUNT");
        assertThat(list.body()).as("the seller sees only pairs of their own accounts")
                .contains("href=\"/accounts/" + Math.min(a, b) + "/merge?other=" + Math.max(a, b) + "\"");
    }

    @Test
    void scanPageStartsAScanForManagersAndExplainsItToOthers() {
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        var page = browser.get("/duplicates");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Possible duplicates").contains("Scan all contacts");
        var started = browser.post("/duplicates/scans", Map.of("entity", "contact"));
        assertThat(started.statusCode()).isEqualTo(302);
        // the API answers with the scan the page started while it runs, or a new one
        long scan = api.post("/api/v1/duplicates/scans", admin, "{\"entity\":\"contact\"}").json().get("id").asLong();
        assertThat(browser.get("/duplicates/scans/" + scan).body()).contains("id=\"scan-progress\"");
        assertThat(browser.get("/duplicates?entity=account").body()).contains("Scan all accounts");
        assertThat(browser.get("/duplicates?entity=deals").statusCode()).isEqualTo(400);

        ApiFixtures.User seller = fx.user("SALES", null);
        PageSession sales = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        assertThat(sales.get("/duplicates").body()).contains("An administrator or manager can start a scan").doesNotContain("Scan all contacts");
        assertThat(sales.post("/duplicates/scans", Map.of("entity", "contact")).statusCode()).isEqualTo(403);

        ApiFixtures.User reader = fx.user("READ_ONLY", null);
        PageSession readOnly = PageSession.signIn(api.base(), reader.email(), ApiFixtures.PASSWORD);
        long one = fx.contact("ReadOnly One", "ro", null).get("id").asLong();
        long two = fx.contact("ReadOnly Two", "ro", null).get("id").asLong();
        assertThat(readOnly.get("/contacts/" + one + "/merge?other=" + two).statusCode()).isEqualTo(403);
        assertThat(readOnly.get("/contacts/" + one + "/duplicates").body()).doesNotContain("Compare &amp; merge");
    }
}
