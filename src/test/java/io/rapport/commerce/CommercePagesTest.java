package io.rapport.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.customers.imports.Import;
import io.rapport.customers.imports.ImportJobs;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Product and order pages, and the orders section of contact and account pages, over real HTTP with a session. */
@IntegrationTest
class CommercePagesTest {

    @LocalServerPort
    int port;
    @Autowired
    ImportJobs imports;
    Api api;
    ApiFixtures fx;
    CommerceFixtures shop;
    String admin;
    PageSession browser;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        shop = new CommerceFixtures(api, admin);
        browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
    }

    @Test
    void productListSearchesAndTheProductFormCreatesAndValidates() {
        String family = Api.unique("Pages");
        var starter = shop.product("Starter " + family, family, 1, "10", null);
        shop.product("Pro " + family, family, 2, "20", null);
        var list = browser.get("/products?q=" + ApiFixtures.enc(family));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Starter " + family).contains("Pro " + family).contains("EUR 10.00");
        assertThat(browser.get("/products?q=nothing-like-this-" + family).body()).contains("No product matches");

        var page = browser.get("/products/" + starter.get("id").asLong());
        assertThat(page.body()).contains("Price list").contains("Upgrades").contains("Pro " + family).contains("Save product");

        String sku = Api.unique("FORM");
        var created = browser.post("/products", Map.of("sku", sku, "name", "Form product", "family", "", "tier", "",
                "description", "", "active", "on", "currency", "usd", "price", "12.50"));
        assertThat(created.statusCode()).isEqualTo(302);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(browser.get(location.replace(api.base(), "")).body()).contains("Product created").contains(sku).contains("12.50");

        var invalid = browser.post("/products", Map.of("sku", Api.unique("BAD"), "name", "Bad", "currency", "XYZ", "price", "-1"));
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(invalid.body()).contains("Please correct the highlighted fields").contains("unknown currency");
        var duplicate = browser.post("/products", Map.of("sku", sku, "name", "Again"));
        assertThat(duplicate.body()).contains("already exists");
    }

    @Test
    void salesUsersSeeTheCatalogueReadOnly() {
        ApiFixtures.User sales = fx.user("SALES", null);
        PageSession salesBrowser = PageSession.signIn(api.base(), sales.email(), ApiFixtures.PASSWORD);
        long id = shop.product("Read only").get("id").asLong();
        var page = salesBrowser.get("/products/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("Save product").contains("Only administrators and managers");
        assertThat(salesBrowser.get("/products/new").statusCode()).isEqualTo(403);
        assertThat(salesBrowser.post("/products", Map.of("sku", Api.unique("S"), "name", "Nope")).statusCode()).isIn(200, 403);
        assertThat(api.get("/api/v1/products?q=Nope", admin).json().get("items").size()).isZero();
    }

    @Test
    void orderListDetailStatusChangeAndTheContactAndAccountSections() {
        long account = fx.account(Api.unique("Page Co"), "orders", null).get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Pageorder\",\"accountId\":%d}".formatted(account)).get("id").asLong();
        var product = shop.product("Page product", null, null, "12.00", null);
        var order = shop.order(contact, product.get("id").asLong(), 3);
        long id = order.get("id").asLong();
        String number = order.get("number").asString();

        var list = browser.get("/orders?contact=" + contact);
        assertThat(list.body()).contains(number).contains("EUR 36.00").contains("Pageorder");
        assertThat(browser.get("/orders?contact=" + contact + "&status=REFUNDED").body()).contains("No order matches these filters");
        assertThat(browser.get("/orders?from=not-a-date").body()).contains("is not a date");

        var detail = browser.get("/orders/" + id);
        assertThat(detail.body()).contains("Order " + number).contains(product.get("sku").asString()).contains("EUR 36.00");
        var changed = browser.post("/orders/" + id + "/status", Map.of("status", "SHIPPED", "version", "0"));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(browser.get("/orders/" + id + "?saved").body()).contains("Status changed").contains("SHIPPED");
        var stale = browser.post("/orders/" + id + "/status", Map.of("status", "PAID", "version", "0"));
        assertThat(stale.body()).contains("version");

        var contactSection = browser.get("/contacts/" + contact + "/orders");
        assertThat(contactSection.body()).contains("1 order").contains("EUR 36.00").contains(number);
        assertThat(browser.get("/accounts/" + account + "/orders").body()).contains("1 order").contains(number);
        assertThat(browser.get("/contacts/" + contact).body()).contains("/contacts/" + contact + "/orders");
        long none = fx.contact(admin, "{\"lastName\":\"Noorders\"}").get("id").asLong();
        assertThat(browser.get("/contacts/" + none + "/orders").body()).contains("No orders yet");

        ApiFixtures.User outsider = fx.user("SALES", null);
        PageSession other = PageSession.signIn(api.base(), outsider.email(), ApiFixtures.PASSWORD);
        assertThat(other.get("/orders/" + id).statusCode()).isEqualTo(404);
        assertThat(other.get("/contacts/" + contact + "/orders").statusCode()).isEqualTo(404);
        assertThat(other.get("/orders?contact=" + contact).body()).doesNotContain(number);
    }

    @Test
    void theNewOrderFormRecordsAnOrderAndShowsWhatIsWrong() {
        long contact = fx.contact(admin, "{\"lastName\":\"Formbuyer\"}").get("id").asLong();
        var product = shop.product("Form line", null, null, "7.50", null);
        var form = browser.get("/orders/new?contact=" + contact);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("New order").contains("value=\"" + contact + "\"").contains(product.get("sku").asString());
        assertThat(browser.get("/contacts/" + contact + "/orders").body()).contains("/orders/new?contact=" + contact);

        String number = Api.unique("UI");
        var created = browser.post("/orders", Map.of("number", number, "contactId", String.valueOf(contact), "currency", "EUR",
                "status", "PAID", "channel", "STORE", "orderedAt", "2026-05-01T09:30", "productId", product.get("id").asString(), "quantity", "2"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = created.headers().firstValue("Location").orElseThrow();
        var page = browser.get(location.replace(api.base(), ""));
        assertThat(page.body()).contains("Order recorded").contains("Order " + number).contains("EUR 15.00").contains("2026-05-01 09:30");

        var bad = browser.post("/orders", Map.of("number", Api.unique("UI"), "contactId", String.valueOf(contact), "currency", "EUR",
                "productId", product.get("id").asString(), "quantity", "-3"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("Please correct the highlighted fields").contains("lines[0].quantity");
        ApiFixtures.User readOnly = fx.user("READ_ONLY", null);
        assertThat(PageSession.signIn(api.base(), readOnly.email(), ApiFixtures.PASSWORD).get("/orders/new").statusCode()).isEqualTo(403);
    }

    @Test
    void theImportMappingPageOffersTheOrderOptions() {
        CurrentUser me = new CurrentUser(api.userId(admin), "admin@test.rapport", "Admin", Role.ADMIN, null);
        Import uploaded = imports.upload(me, "ORDER", "retail.csv", new ByteArrayInputStream(
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,x,1,2011-01-01,1,5\n"
                        .getBytes(StandardCharsets.UTF_8)));
        var page = browser.get("/imports/" + uploaded.id());
        assertThat(page.body()).contains("Create missing products").contains("Create missing contacts")
                .contains("name=\"opt.currency\"").contains("Rows with the same order number make one order");
        assertThat(browser.get("/imports?entity=ORDER").body()).contains("Orders (one row per order line)");
    }
}
