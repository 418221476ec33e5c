package io.rapport.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The deal pages over real HTTP: board, list, detail, forms, forecast and the pipeline admin page. */
@IntegrationTest
class DealPagesTest {

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
    void boardShowsColumnsWithCountsAndSumsAndMovesACardByFormPost() {
        var p = deals.pipeline();
        var seller = fx.user("SALES", null);
        long id = deals.deal(seller.token(), p, "Board deal", "1234", null).get("id").asLong();
        PageSession page = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);

        HttpResponse<String> board = page.get("/deals/board/" + p.id());
        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(board.body()).contains("Board deal").contains("1 deal").contains("1,234 EUR")
                .contains("id=\"deal-" + id + "\"").contains("Move Board deal to stage");

        HttpResponse<String> moved = page.post("/deals/" + id + "/move", Map.of("stageId", String.valueOf(p.offer()), "version", "0",
                "back", "/deals/board/" + p.id()));
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(moved.headers().firstValue("Location").orElse("")).contains("/deals/board/" + p.id());
        assertThat(api.get("/api/v1/deals/" + id, seller.token()).json().get("stageId").asLong()).isEqualTo(p.offer());

        HttpResponse<String> script = page.post("/deals/" + id + "/move", Map.of("stageId", String.valueOf(p.lost()), "version", "1"),
                Map.of("Accept", "application/json"));
        assertThat(script.statusCode()).isEqualTo(400);
        assertThat(script.body()).contains("lostReason");
        HttpResponse<String> stale = page.post("/deals/" + id + "/move", Map.of("stageId", String.valueOf(p.commit()), "version", "0"),
                Map.of("Accept", "application/json"));
        assertThat(stale.statusCode()).isEqualTo(409);
    }

    @Test
    void boardLoadsMoreCardsPerColumn() {
        var p = deals.pipeline();
        for (int i = 0; i < 23; i++) deals.deal(fx.admin(), p, "Many " + i, String.valueOf(100 + i), null);
        PageSession page = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        String board = page.get("/deals/board/" + p.id()).body();
        assertThat(board).contains("23 deals").contains("Load more").contains("Many 22").doesNotContain("Many 2<");
        String after = board.replaceAll("(?s).*hx-get=\"(/deals/board/[^\"]+)\".*", "$1").replace("&amp;", "&");
        HttpResponse<String> more = page.get(after);
        assertThat(more.statusCode()).isEqualTo(200);
        assertThat(more.body()).contains("Many 2<").contains("Many 0<").doesNotContain("Load more");
    }

    @Test
    void listFiltersSavesViewsAndExports() {
        var p = deals.pipeline();
        deals.deal(fx.admin(), p, "Listed deal", "50", null);
        PageSession page = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        HttpResponse<String> list = page.get("/deals/list?pipeline=" + p.id());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Listed deal").contains("1</span> matching");
        assertThat(page.get("/deals/list?pipeline=" + p.id() + "&status=MAYBE").body()).contains("MAYBE");
        assertThat(page.get("/deals/list?q=" + Api.unique("nothing")).body()).contains("No deals match these filters");

        HttpResponse<String> saved = page.post("/deals/views", Map.of("name", "Pipe view", "query", "pipeline=" + p.id()));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(page.get("/deals/list").body()).contains("Pipe view");

        HttpResponse<String> csv = page.get("/deals/export.csv?pipeline=" + p.id());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("Listed deal");
    }

    @Test
    void detailShowsFieldsHistoryAndNeedsAndFormsCreateAndEdit() {
        var p = deals.pipeline();
        PageSession page = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        assertThat(page.get("/deals/new?pipeline=" + p.id()).body()).contains("New deal");
        HttpResponse<String> bad = page.post("/deals/new", Map.of("name", "Form deal", "stageId", String.valueOf(p.lead()),
                "amount", "-5", "currency", "EUR"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("amount: must be 0 or more");
        HttpResponse<String> created = page.post("/deals/new", Map.of("name", "Form deal", "stageId", String.valueOf(p.offer()),
                "amount", "750", "currency", "usd", "closeDate", "2031-01-15"));
        assertThat(created.statusCode()).isEqualTo(302);
        String location = created.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.replaceAll(".*/deals/", ""));

        HttpResponse<String> detail = page.get("/deals/" + id);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("Form deal").contains("750.00 USD").contains("Stage history").contains("Offer")
                .contains("Needs assessment").contains("so far");
        assertThat(page.post("/deals/" + id + "/needs", Map.of("pains", "Slow quotes", "budget", "9000", "budgetCurrency", "USD"))
                .statusCode()).isEqualTo(302);
        assertThat(page.get("/deals/" + id).body()).contains("Slow quotes");

        assertThat(page.get("/deals/" + id + "/edit").body()).contains("Edit Form deal");
        HttpResponse<String> edited = page.post("/deals/" + id + "/edit", Map.of("name", "Form deal 2", "amount", "800",
                "currency", "USD", "version", "0"));
        assertThat(edited.statusCode()).isEqualTo(302);
        assertThat(page.get("/deals/" + id).body()).contains("Form deal 2");
        assertThat(page.get("/deals/987654321").statusCode()).isEqualTo(404);
    }

    @Test
    void detailLoadsTheRecommendationsOfTheDealsAccountElseItsContact() {
        var p = deals.pipeline();
        long account = fx.account(Api.unique("Recs account"), "recs", null).get("id").asLong();
        String contactName = Api.unique("Recs contact");
        long contact = fx.contact(contactName, "recs", null).get("id").asLong();
        long withAccount = deals.deal(fx.admin(), "{\"name\":\"Account deal\",\"pipelineId\":" + p.id()
                + ",\"currency\":\"EUR\",\"accountId\":" + account + "}").get("id").asLong();
        long withContact = deals.deal(fx.admin(), "{\"name\":\"Contact deal\",\"pipelineId\":" + p.id()
                + ",\"currency\":\"EUR\",\"contactIds\":[" + contact + "]}").get("id").asLong();
        PageSession page = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");

        assertThat(page.get("/deals/" + withAccount).body()).contains("/accounts/" + account + "/recommendations");
        assertThat(page.get("/deals/" + withContact).body()).contains("/contacts/" + contact + "/recommendations")
                .contains(contactName).doesNotContain("Contact #" + contact);
        assertThat(page.get("/accounts/" + account + "/recommendations").body()).contains("Recommended next");
    }

    @Test
    void forecastAndPipelineAdminPagesRender() {
        var p = deals.pipeline();
        deals.deal(fx.admin(), "{\"name\":\"Fc\",\"pipelineId\":" + p.id() + ",\"amount\":5000,\"currency\":\"EUR\",\"closeDate\":\"2031-03-03\"}");
        PageSession admin = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        HttpResponse<String> forecast = admin.get("/forecast?from=2031-03&to=2031-04&pipeline=" + p.id());
        assertThat(forecast.statusCode()).isEqualTo(200);
        assertThat(forecast.body()).contains("<svg").contains("5,000").contains("Win rate");
        assertThat(admin.get("/forecast?groupBy=color").body()).contains("groupBy");

        HttpResponse<String> pipelines = admin.get("/admin/pipelines");
        assertThat(pipelines.statusCode()).isEqualTo(200);
        assertThat(pipelines.body()).contains("Stale deals").contains("Lead");
        String name = Api.unique("Page pipeline");
        assertThat(admin.post("/admin/pipelines", Map.of("name", name)).statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin/pipelines").body()).contains(name);
        assertThat(admin.post("/admin/pipelines/" + p.id() + "/stages", Map.of("name", "Extra", "probability", "33", "outcome", "OPEN"))
                .statusCode()).isEqualTo(302);
        assertThat(admin.post("/admin/pipelines/" + p.id() + "/stages/" + p.offer() + "/shift", Map.of("by", "-1")).statusCode()).isEqualTo(302);
        assertThat(api.get("/api/v1/pipelines/" + p.id(), fx.admin()).json().get("stages").get(0).get("name").asString()).isEqualTo("Offer");

        var seller = fx.user("SALES", null);
        PageSession sales = PageSession.signIn(api.base(), seller.email(), ApiFixtures.PASSWORD);
        assertThat(sales.get("/admin/pipelines").statusCode()).isEqualTo(403);
        assertThat(sales.get("/forecast").statusCode()).isEqualTo(200);
        assertThat(sales.get("/deals").statusCode()).isEqualTo(302);
    }
}
