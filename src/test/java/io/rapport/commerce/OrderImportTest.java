package io.rapport.commerce;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class OrderImportTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    CommerceFixtures shop;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        shop = new CommerceFixtures(api, admin);
    }

    @Test
    void rowsWithTheSameNumberBecomeOneOrderAndBadRowsGoToTheErrorReport() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "buyer-" + tag + "@example.com";
        long contact = fx.contact(admin, "{\"lastName\":\"Importer\",\"emails\":[\"%s\"]}".formatted(email)).get("id").asLong();
        String a = shop.product("Alpha").get("sku").asString();
        String b = shop.product("Beta").get("sku").asString();
        String csv = """
                Order number,Ordered at,E-mail,SKU,Quantity,Unit price,Currency,Channel,Status
                N1-%1$s,2026-02-01T10:00:00Z,%2$s,%3$s,2,,EUR,web,paid
                N1-%1$s,2026-02-01T10:00:00Z,%2$s,%4$s,1,3.00,EUR,web,paid
                N2-%1$s,2026-02-03 09:30:00,%2$s,%3$s,1,,,,
                N2-%1$s,2026-02-03 09:30:00,%2$s,NO-SUCH-%1$s,1,1.00,EUR,,
                N3-%1$s,2026-02-04,%2$s,%3$s,-1,10.00,EUR,,
                N3-%1$s,not a date,%2$s,%3$s,1,10.00,EUR,,
                N4-%1$s,2026-02-05,nobody-%1$s@example.com,%3$s,1,10.00,EUR,,
                N5-%1$s,2026-02-05,%2$s,%3$s,1,10.00,XYZ,,
                N6-%1$s,2026-02-05,%2$s,%3$s
                """.formatted(tag, email, a, b);
        JsonNode done = run(csv, "{\"entity\":\"ORDER\"}");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        String report = api.get("/api/v1/imports/" + done.get("id").asLong() + "/errors", admin).body();
        assertThat(done.get("counts").get("created").asLong()).as(report).isEqualTo(2);
        assertThat(done.get("counts").get("rejected").asLong()).as(report).isEqualTo(6);

        JsonNode orders = api.get("/api/v1/orders?contact=" + contact, admin).json().get("items");
        assertThat(orders.findValuesAsString("number")).containsExactly("N2-" + tag, "N1-" + tag);
        JsonNode n1 = api.get("/api/v1/orders/" + orders.get(1).get("id").asLong(), admin).json();
        assertThat(n1.get("lines").size()).isEqualTo(2);
        assertThat(n1.get("total").decimalValue()).isEqualByComparingTo("23.00");
        assertThat(n1.get("status").asString()).isEqualTo("PAID");
        assertThat(n1.get("channel").asString()).isEqualTo("WEB");
        JsonNode n2 = api.get("/api/v1/orders/" + orders.get(0).get("id").asLong(), admin).json();
        assertThat(n2.get("lines").size()).as("the unknown SKU's line is rejected, the good line stays").isEqualTo(1);
        assertThat(n2.get("status").asString()).isEqualTo("COMPLETED");

        String errors = api.get("/api/v1/imports/" + done.get("id").asLong() + "/errors", admin).body();
        assertThat(errors).contains("NO-SUCH-" + tag).contains("negative").contains("not a date")
                .contains("nobody-" + tag).contains("XYZ").contains("fields but the header has");
        assertThat(api.get("/api/v1/contacts/" + contact, admin).json().get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        JsonNode timeline = api.get("/api/v1/activities?contact=" + contact, admin).json().get("items");
        assertThat(timeline.findValuesAsString("channel")).containsOnly("ORDER").hasSize(2);

        // the same file again: its orders exist, so their rows are skipped (default) and nothing doubles
        JsonNode again = run(csv, "{\"entity\":\"ORDER\"}");
        assertThat(again.get("counts").get("created").asLong()).isZero();
        assertThat(again.get("counts").get("skipped").asLong()).isEqualTo(3);
        assertThat(api.get("/api/v1/orders/" + n1.get("id").asLong(), admin).json().get("lines").size()).isEqualTo(2);
        // with UPDATE the file's lines replace the order's
        JsonNode replaced = run(csv, "{\"entity\":\"ORDER\",\"duplicates\":\"UPDATE\"}");
        assertThat(replaced.get("counts").get("updated").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/orders/" + n1.get("id").asLong(), admin).json().get("total").decimalValue()).isEqualByComparingTo("23.00");
    }

    @Test
    void theOnlineRetailShapeImportsWithCreatedProductsAndCustomers() {
        String tag = String.valueOf(System.nanoTime() % 100_000_000);
        String csv = """
                InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                5%1$s,SKU-A-%1$s,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,9%1$s.0,United Kingdom
                5%1$s,SKU-B-%1$s,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,9%1$s.0,United Kingdom
                6%1$s,SKU-A-%1$s,WHITE HANGING HEART T-LIGHT HOLDER,2,2010-12-02 10:00:00,2.55,9%1$s.0,United Kingdom
                C7%1$s,SKU-A-%1$s,WHITE HANGING HEART T-LIGHT HOLDER,-1,2010-12-03 10:00:00,2.55,9%1$s.0,United Kingdom
                8%1$s,SKU-B-%1$s,WHITE METAL LANTERN,1,2010-12-04 10:00:00,3.39,,United Kingdom
                """.formatted(tag);
        String mapping = "{\"entity\":\"ORDER\",\"columns\":{\"Country\":\"ignore\"},"
                + "\"options\":{\"createMissingProducts\":true,\"createMissingContacts\":\"true\",\"currency\":\"gbp\"}}";
        JsonNode done = run(csv, mapping);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(2);
        assertThat(done.get("counts").get("rejected").asLong()).isEqualTo(2);

        JsonNode product = api.get("/api/v1/products?q=SKU-A-" + tag, admin).json().get("items").get(0);
        assertThat(product.get("name").asString()).isEqualTo("WHITE HANGING HEART T-LIGHT HOLDER");
        assertThat(product.get("prices").get("GBP").decimalValue()).isEqualByComparingTo("2.55");
        Long contact = jdbc.sql("select contact_id from customer_refs where ref = :r").param("r", "9" + tag).query(Long.class).single();
        JsonNode c = api.get("/api/v1/contacts/" + contact, admin).json();
        assertThat(c.get("firstName").asString() + " " + c.get("lastName").asString()).isEqualTo("Customer 9" + tag);
        assertThat(c.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        JsonNode orders = api.get("/api/v1/orders?contact=" + contact, admin).json().get("items");
        assertThat(orders.size()).isEqualTo(2);
        assertThat(orders.get(1).get("total").decimalValue()).isEqualByComparingTo("35.64");
        assertThat(orders.get(1).get("currency").asString()).isEqualTo("GBP");

        // a second file finds the customer by the same id instead of creating another
        JsonNode more = run("""
                InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
                9%1$s,SKU-A-%1$s,1,2011-01-01 10:00:00,,9%1$s
                """.formatted(tag), "{\"entity\":\"ORDER\",\"options\":{\"currency\":\"GBP\"}}");
        assertThat(more.get("counts").get("created").asLong()).as(more.toString()).isEqualTo(1);
        assertThat(api.get("/api/v1/orders?contact=" + contact, admin).json().get("items").size()).isEqualTo(3);
    }

    @Test
    void withoutTheOptionsUnknownProductsAndCustomersAreErrorRows() {
        String tag = String.valueOf(System.nanoTime() % 100_000_000);
        JsonNode done = run("""
                InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
                X%1$s,NEW-%1$s,1,2011-01-01 10:00:00,1.00,77%1$s
                """.formatted(tag), "{\"entity\":\"ORDER\"}");
        assertThat(done.get("counts").get("rejected").asLong()).isEqualTo(1);
        String errors = api.get("/api/v1/imports/" + done.get("id").asLong() + "/errors", admin).body();
        assertThat(errors).contains("NEW-" + tag).contains("Create missing products");
        assertThat(api.get("/api/v1/products?q=NEW-" + tag, admin).json().get("items").size()).isZero();
    }

    @Test
    void aCustomerIdOfAContactTheImporterCannotSeeIsAnErrorRowNotAnOrderOnThatContact() {
        String tag = String.valueOf(System.nanoTime() % 100_000_000);
        String sku = shop.product("Visible").get("sku").asString();
        String options = "{\"entity\":\"ORDER\",\"options\":{\"createMissingContacts\":true}}";
        run("InvoiceNo,StockCode,Quantity,InvoiceDate,CustomerID\nA%1$s,%2$s,1,2011-01-01,R%1$s\n".formatted(tag, sku), options);
        String sales = api.userToken(admin, "SALES", null);
        Api.Response r = upload(sales, "InvoiceNo,StockCode,Quantity,InvoiceDate,CustomerID\nB%1$s,%2$s,1,2011-01-02,R%1$s\n".formatted(tag, sku), options);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/imports/" + id, sales).json().get("status").asString().equals("COMPLETED"));
        JsonNode done = api.get("/api/v1/imports/" + id, sales).json();
        assertThat(done.get("counts").get("rejected").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/imports/" + id + "/errors", sales).body()).contains("cannot see");
        assertThat(jdbc.sql("select count(*) from orders where number = :n").param("n", "B" + tag).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from customer_refs where ref = :r").param("r", "R" + tag).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void badMappingsAndOptionsAreRefusedBeforeAnythingRuns() {
        String csv = "InvoiceNo,StockCode,Quantity,InvoiceDate\n1,A,1,2011-01-01\n";
        assertInvalid(upload(csv, "{\"entity\":\"ORDER\"}"), "columns");
        String withCustomer = "InvoiceNo,StockCode,Quantity,InvoiceDate,CustomerID\n1,A,1,2011-01-01,5\n";
        assertInvalid(upload(withCustomer, "{\"entity\":\"ORDER\",\"options\":{\"currency\":\"XYZ\"}}"), "options.currency");
        assertInvalid(upload(withCustomer, "{\"entity\":\"ORDER\",\"options\":{\"createMissingProducts\":\"maybe\"}}"), "options.createMissingProducts");
        assertInvalid(upload(withCustomer, "{\"entity\":\"ORDER\",\"options\":{\"colour\":\"red\"}}"), "options.colour");
        assertInvalid(upload(withCustomer, "{\"entity\":\"ORDER\",\"duplicates\":\"CREATE\"}"), "duplicates");
        assertInvalid(upload(withCustomer, "{\"entity\":\"CONTACT\",\"options\":{\"createMissingProducts\":true}}"), "options.createMissingProducts");
    }

    @Test
    void readOnlyCannotImportOrders() {
        String readOnly = api.userToken(admin, "READ_ONLY", null);
        Api.Response r = upload(readOnly, "InvoiceNo,StockCode,Quantity,InvoiceDate,CustomerID\n1,A,1,2011-01-01,5\n", "{\"entity\":\"ORDER\"}");
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void productsImportFromCsvWithAPriceAndSkipOrUpdateBySku() {
        String tag = Api.unique("P");
        String csv = """
                SKU,Name,Family,Tier,Currency,Unit price
                %1$s-1,Starter,Fam %1$s,1,EUR,10.00
                %1$s-2,Pro,Fam %1$s,2,usd,20.00
                %1$s-3,Broken,,3,EUR,-1
                """.formatted(tag);
        JsonNode done = run(csv, "{\"entity\":\"PRODUCT\"}");
        assertThat(done.get("counts").get("created").asLong()).as(done.toString()).isEqualTo(2);
        assertThat(done.get("counts").get("rejected").asLong()).isEqualTo(1);
        JsonNode pro = api.get("/api/v1/products?q=" + tag + "-2", admin).json().get("items").get(0);
        assertThat(pro.get("prices").get("USD").decimalValue()).isEqualByComparingTo("20.00");
        JsonNode again = run(csv.replace("20.00", "25.00"), "{\"entity\":\"PRODUCT\",\"duplicates\":\"UPDATE\"}");
        assertThat(again.get("counts").get("updated").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/products/" + pro.get("id").asLong(), admin).json().get("prices").get("USD").decimalValue())
                .isEqualByComparingTo("25.00");
        String sales = api.userToken(admin, "SALES", null);
        Api.Response bySales = upload(sales, csv, "{\"entity\":\"PRODUCT\"}");
        assertThat(bySales.status()).isEqualTo(202);
    }

    private JsonNode run(String csv, String mapping) {
        Api.Response r = upload(csv, mapping);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = api.get("/api/v1/imports/" + id, admin).json();
            return List.of("COMPLETED", "FAILED").contains(last[0].path("status").asString());
        });
        return last[0];
    }

    private Api.Response upload(String csv, String mapping) {
        return upload(admin, csv, mapping);
    }

    private Api.Response upload(String token, String csv, String mapping) {
        String boundary = "----rapport" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"orders.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + mapping + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/imports"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body(), r.headers());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
