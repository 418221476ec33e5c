package io.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The lifetime value page, its admin fit button, CSV exports and the CLV card of the contact page. */
@IntegrationTest
class ClvPagesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void adminsFitFromThePageAndSeeParametersChartsAndTopCustomers() throws IOException {
        Api api = new Api(port);
        String admin = api.adminToken();
        CdnowImport.load(api, admin, jdbc);
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        var posted = browser.post("/analytics/clv/fit", Map.of("asOf", "1997-09-30", "firstPurchaseFrom", "1997-01-01", "timeUnit", "WEEKS", "horizonMonths", "12",
                "monthlyDiscount", "0.01", "marginPercent", "30"));
        assertThat(posted.statusCode()).isIn(302, 303);
        String page = browser.get("/analytics/clv").body();
        assertThat(page).contains("converged").contains("Model in force").contains("r = 0.24").contains("α = 4.41")
                .contains("Predicted CLV distribution").contains("Top customers by predicted CLV").contains("<svg")
                .contains("Fit quality").doesNotContain("NaN").doesNotContain("Infinity");
        var bad = browser.post("/analytics/clv/fit", Map.of("asOf", "1900-01-01", "timeUnit", "WEEKS"));
        assertThat(bad.statusCode()).isIn(302, 303);
        assertThat(browser.get("/analytics/clv").body()).contains("no counted orders");
        assertThat(browser.get("/analytics/clv.csv?table=distribution").body()).startsWith("clv_from,clv_to,customers,predicted_clv");
        assertThat(browser.get("/analytics/clv.csv?table=top").body()).startsWith("contact_id,name").contains("Customer CDNOW-");
        assertThat(browser.get("/analytics/clv.csv?table=calibration").body()).contains("7+");

        long contact = jdbc.sql("select contact_id from customer_refs where ref = 'CDNOW-00004'").query(Long.class).single();
        assertThat(browser.get("/contacts/" + contact).body()).contains("/contacts/" + contact + "/clv");
        String card = browser.get("/contacts/" + contact + "/clv").body();
        assertThat(card).contains("Lifetime value").contains("P(alive)").contains("Predicted CLV").doesNotContain("NaN");

        // a salesperson sees the page without the admin panel, and not the card of a contact they cannot see
        ApiFixtures.User sales = new ApiFixtures(api, admin).user("SALES", null);
        PageSession salesBrowser = PageSession.signIn(api.base(), sales.email(), ApiFixtures.PASSWORD);
        String salesPage = salesBrowser.get("/analytics/clv").body();
        assertThat(salesPage).contains("Customer lifetime value").doesNotContain("Refit the model").doesNotContain("Model in force");
        assertThat(salesBrowser.get("/contacts/" + contact + "/clv").statusCode()).isEqualTo(404);
        var forbidden = salesBrowser.post("/analytics/clv/fit", Map.of("asOf", "1997-09-30"));
        assertThat(forbidden.statusCode()).isIn(302, 303);
        assertThat(salesBrowser.get("/analytics/clv").body()).contains("Only administrators");
    }
}
