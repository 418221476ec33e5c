package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Chromium;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The kanban board in real Chromium: a card moved to the next stage with the keyboard only. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DealBoardBrowserTest {

    @LocalServerPort
    int port;
    WebDriver driver;
    WebDriverWait wait;

    @BeforeAll
    void startBrowser() {
        driver = Chromium.start(1500);
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void aFocusedCardMovesToTheNextStageWithAltArrowAndKeepsTheFocus() throws Exception {
        Api api = new Api(port);
        ApiFixtures fx = new ApiFixtures(api, api.adminToken());
        Api.Response pipeline = api.post("/api/v1/pipelines", fx.admin(), Api.JSON.writeValueAsString(Map.of("name", Api.unique("Keys"),
                "stages", List.of(Map.of("name", "First", "probability", 10), Map.of("name", "Second", "probability", 40),
                        Map.of("name", "Won", "probability", 100, "outcome", "WON")))));
        long pipelineId = pipeline.json().get("id").asLong();
        List<Long> stages = new ArrayList<>();
        pipeline.json().get("stages").forEach(s -> stages.add(s.get("id").asLong()));
        var seller = fx.user("SALES", null);
        long dealId = api.post("/api/v1/deals", seller.token(), "{\"name\":\"Keyboard deal\",\"pipelineId\":" + pipelineId
                + ",\"amount\":4200,\"currency\":\"EUR\"}").json().get("id").asLong();

        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("email")).sendKeys(seller.email());
        driver.findElement(By.id("password")).sendKeys(ApiFixtures.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));
        driver.get("http://localhost:" + port + "/deals/board/" + pipelineId);

        String card = "#deal-" + dealId;
        WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(card)));
        assertThat(first.findElement(By.xpath("ancestor::section")).getAttribute("data-stage-id")).isEqualTo(String.valueOf(stages.get(0)));
        first.sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_RIGHT));

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                ".board-col[data-stage-id='" + stages.get(1) + "'] " + card)));
        wait.until(d -> d.switchTo().activeElement().getAttribute("id").equals("deal-" + dealId));
        assertThat(driver.findElement(By.id("board-status")).getText()).contains("Keyboard deal moved to Second");
        assertThat(driver.findElement(By.cssSelector(".board-col[data-stage-id='" + stages.get(1) + "'] .count")).getText()).isEqualTo("1 deal");
        screenshot("deal-board-keyboard-move");

        Api.Response stored = api.get("/api/v1/deals/" + dealId, seller.token());
        assertThat(stored.json().get("stageId").asLong()).isEqualTo(stages.get(1));
        assertThat(stored.json().get("version").asInt()).isEqualTo(1);

        // the "Move to" select works from the keyboard as well
        WebElement select = driver.findElement(By.cssSelector(card + " select[name=stageId]"));
        select.sendKeys("Won");
        driver.findElement(By.cssSelector(card + " button[type=submit]")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".board-col[data-stage-id='" + stages.get(2) + "'] " + card)));
        assertThat(api.get("/api/v1/deals/" + dealId, seller.token()).json().get("status").asString()).isEqualTo("WON");
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(ContactBrowserTest.SCREENSHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, ContactBrowserTest.SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
