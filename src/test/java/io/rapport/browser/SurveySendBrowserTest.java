package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;

import io.rapport.support.ApiFixtures;
import io.rapport.support.Chromium;
import io.rapport.support.IntegrationTest;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A marketer sends a survey to a tagged list in Chromium: htmx preview, send, progress that updates itself to the summary. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurveySendBrowserTest {

    @LocalServerPort
    int port;
    WebDriver driver;

    @BeforeAll
    void startBrowser() {
        driver = Chromium.start();
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    /** The element's shown text in lower case, read again if htmx swapped the element between find and read. */
    private static String text(WebDriver d, String id) {
        for (int attempt = 0; ; attempt++) {
            try {
                return d.findElement(By.id(id)).getText().toLowerCase(Locale.ROOT);
            } catch (StaleElementReferenceException swapped) {
                if (attempt == 5) throw swapped;
            }
        }
    }

    @Test
    void marketerPreviewsSendsAndWatchesTheProgressTurnIntoTheSummary() {
        Api api = new Api(port);
        ApiFixtures fx = new ApiFixtures(api, api.adminToken());
        String tag = Api.unique("browser-send").toLowerCase(Locale.ROOT);
        for (int i = 0; i < 3; i++) {
            fx.contact(fx.admin(), "{\"lastName\":\"" + Api.unique("Bs") + "\",\"emails\":[\"" + Api.unique("bs" + i) + "@example.com\"],"
                    + "\"tags\":[\"" + tag + "\"],\"consent\":{\"emailMarketing\":" + (i < 2) + ",\"source\":\"test\"}}");
        }
        long survey = api.post("/api/v1/surveys", fx.admin(), "{\"name\":\"" + Api.unique("Browser NPS") + "\",\"kind\":\"NPS\"}")
                .json().get("id").asLong();
        ApiFixtures.User marketing = fx.user("MARKETING", null);

        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("email")).sendKeys(marketing.email());
        driver.findElement(By.id("password")).sendKeys(ApiFixtures.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);   // htmx swaps the preview and progress cards while we read them
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));

        driver.get("http://localhost:" + port + "/feedback/surveys/" + survey);
        driver.findElement(By.linkText("Send to an audience")).click();
        driver.findElement(By.name("tag")).sendKeys(tag);
        driver.findElement(By.xpath("//button[text()='Preview']")).click();
        // table headers are styled upper-case: compare the shown text in lower case
        wait.until(d -> text(d, "send-preview").contains("will get the survey"));
        assertThat(text(driver, "send-preview")).contains("no e-mail consent 1").contains("will get the survey 2");

        driver.findElement(By.xpath("//button[text()='Send survey']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.urlMatches("/feedback/surveys/" + survey + "/sends/[0-9]+$"));
        // the page is not reloaded: htmx polls the progress card until the summary replaces it
        wait.until(d -> text(d, "send-progress").contains("done: 2 sent, 1 skipped."));

        driver.findElement(By.linkText("All sends")).click();
        assertThat(driver.getPageSource()).contains("contacts tagged '" + tag + "'");
    }
}
