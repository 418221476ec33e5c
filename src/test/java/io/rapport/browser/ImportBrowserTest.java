package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Chromium;
import io.rapport.support.Api;
import io.rapport.support.IntegrationTest;
import java.io.IOException;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The import flow in Chromium: upload, preview and mapping, the live progress bar, the error report link. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportBrowserTest {

    @LocalServerPort
    int port;

    WebDriver driver;
    WebDriverWait wait;

    @BeforeAll
    void startBrowser() {
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void uploadPreviewMapAndWatchTheProgress() throws IOException {
        String domain = Api.unique("browser") + ".example";
        Path csv = Files.createTempFile("contacts", ".csv");
        StringBuilder rows = new StringBuilder("Given name;Surname;Mail;Favourite colour\n");
        for (int i = 0; i < 25; i++) rows.append("Row").append(i).append(";Imported").append(i).append(";r").append(i).append('@').append(domain).append(";blue\n");
        rows.append("Broken;Mail;not-an-address;red\n");
        Files.writeString(csv, rows);

        driver.get("http://localhost:" + port + "/imports");
        if (driver.getCurrentUrl().contains("/login")) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(ContactBrowserTest.ADMIN_EMAIL);
            driver.findElement(By.id("password")).sendKeys(ContactBrowserTest.ADMIN_PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.urlContains("/imports"));
        }
        new Select(driver.findElement(By.id("import-entity"))).selectByValue("CONTACT");
        driver.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        driver.findElement(By.cssSelector("#upload-form button[type=submit]")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mapping-form")));
        assertThat(driver.findElements(By.cssSelector("table.preview tbody tr"))).hasSize(20);
        assertThat(new Select(driver.findElement(By.id("col0"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("firstName");
        assertThat(new Select(driver.findElement(By.id("col1"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("lastName");
        assertThat(new Select(driver.findElement(By.id("col3"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("ignore");
        // "Mail" is no known header name: map it by hand
        new Select(driver.findElement(By.id("col2"))).selectByValue("email");
        screenshot("import-mapping");
        driver.findElement(By.id("start-import")).click();

        wait.until(ExpectedConditions.textToBe(By.id("import-status"), "Completed"));
        assertThat(driver.findElement(By.id("count-read")).getText()).isEqualTo("26");
        assertThat(driver.findElement(By.id("count-created")).getText()).isEqualTo("25");
        assertThat(driver.findElement(By.id("count-rejected")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.id("error-report")).getAttribute("href")).endsWith("/errors.csv");
        assertThat(driver.findElement(By.cssSelector("[role=progressbar]")).getAttribute("aria-valuenow")).isEqualTo("100");
        screenshot("import-progress");

        driver.get("http://localhost:" + port + "/imports");
        assertThat(driver.findElement(By.id("import-list")).getText()).contains(csv.getFileName().toString());
        Files.deleteIfExists(csv);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(ContactBrowserTest.SCREENSHOTS);
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, ContactBrowserTest.SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
