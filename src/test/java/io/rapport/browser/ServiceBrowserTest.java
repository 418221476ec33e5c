package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import io.rapport.service.surveys.Surveys;
import io.rapport.support.Chromium;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Service dashboard, complaints list and the public survey page in real Chromium. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    TicketIntake intake;
    @Autowired
    Surveys surveys;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    WebDriver driver;
    WebDriverWait wait;

    @BeforeAll
    void startBrowser() {
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void dashboardComplaintsAndTheCustomersSurveyPage() throws Exception {
        Api api = new Api(port);
        ApiFixtures fx = new ApiFixtures(api, api.adminToken());
        ApiFixtures.User manager = fx.user("MANAGER", null);
        long contact = fx.contact(fx.admin(), "{\"firstName\":\"Sam\",\"lastName\":\"" + Api.unique("B") + "\",\"emails\":[\"" + Api.unique("b") + "@example.com\"]}")
                .get("id").asLong();
        long complaint = intake.open(new NewTicket("Parcel arrived crushed", NewTicket.Channel.WEB, contact, null, null, "COMPLAINT",
                null, manager.id(), null, InboundMessage.text("Crushed box", contact)));
        api.post("/api/v1/tickets/" + complaint + "/recovery/steps", manager.token(), "{\"step\":\"ACKNOWLEDGED\"}");

        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("email")).sendKeys(manager.email());
        driver.findElement(By.id("password")).sendKeys(ApiFixtures.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));

        driver.get("http://localhost:" + port + "/complaints");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Parcel arrived crushed").contains("Acknowledged");
        screenshot("service-complaints");
        driver.get("http://localhost:" + port + "/service/dashboard?groupBy=agent");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Service dashboard");
        assertThat(driver.findElements(By.cssSelector("svg.forecast-chart rect"))).isNotEmpty();
        screenshot("service-dashboard");

        String token = tx.execute(s -> surveys.send(complaint, "RECOVERY").orElseThrow());
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/s/" + token);
        driver.findElement(By.linkText("5")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "We recorded"));
        driver.findElement(By.id("comment")).sendKeys("Replacement came the next day");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Thank you for your comment"));
        screenshot("service-survey");
        assertThat(jdbc.sql("select comment from csat_surveys where ticket_id = :t").param("t", complaint).query(String.class).single())
                .isEqualTo("Replacement came the next day");
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(ContactBrowserTest.SCREENSHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, ContactBrowserTest.SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
