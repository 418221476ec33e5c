package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Chromium;
import io.rapport.support.Api;
import io.rapport.support.IntegrationTest;
import java.io.IOException;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Leads in a real (headless) Chromium: a visitor fills the web form embedded on another site through the script
 * snippet, and the lead shows up in the signed-in list; a seller records needs and converts a lead from its page.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadBrowserTest {

    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @LocalServerPort
    int port;

    WebDriver driver;
    WebDriverWait wait;
    Api api;
    String admin;

    @BeforeAll
    void startBrowser() {
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        api = new Api(port);
        admin = api.adminToken();
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void aVisitorSubmitsTheEmbeddedFormAndTheLeadAppearsInTheList() {
        String campaign = Api.unique("browser");
        String lastName = "Embed" + campaign.substring(campaign.length() - 6);
        Api.Response form = api.post("/api/v1/web-forms", admin, """
                {"name":"Talk to sales","fields":[{"field":"firstName"},{"field":"lastName","required":true},
                 {"field":"email","required":true},{"field":"company"}],"consentText":"Send me product news.",
                 "thankYouText":"Thanks — we will call you today.","source":"Website","campaign":"%s"}""".formatted(campaign));
        assertThat(form.status()).as(form.body()).isEqualTo(201);
        String key = form.json().get("publicKey").asString();

        // someone else's website, with the script snippet pasted in
        String site = "<html><body><h1>Acme Widgets</h1><script src=\"http://localhost:" + port + "/forms/" + key + ".js\" async></script></body></html>";
        HttpServer other = otherSite(site);
        try {
            driver.get("http://127.0.0.1:" + other.getAddress().getPort() + "/contact.html");
            submitEmbeddedForm(lastName, campaign);
        } finally {
            other.stop(0);
        }

        signIn();
        open("/leads?campaign=" + campaign);
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#lead-list tbody tr")));
        assertThat(row.getText()).contains("Hedy " + lastName, "Frequency Hopping Ltd", "Website", campaign);
        screenshot("lead-list");
        row.findElement(By.cssSelector("a")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("score")));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Send me product news.", "form submit");
    }

    /** Another origin (127.0.0.1 instead of localhost, its own port) serving a page with the snippet pasted in. */
    private static HttpServer otherSite(String html) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/contact.html", exchange -> {
                byte[] body = html.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void submitEmbeddedForm(String lastName, String campaign) {
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.tagName("iframe")));
        WebElement last = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("lastName")));
        // a person submitting without the required e-mail sees the problem next to the field
        last.sendKeys(lastName);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error")));
        assertThat(driver.findElement(By.cssSelector(".alert")).getText()).contains("Please correct");
        driver.findElement(By.name("firstName")).sendKeys("Hedy");
        driver.findElement(By.name("email")).sendKeys("hedy@" + campaign + ".example");
        driver.findElement(By.name("company")).sendKeys("Frequency Hopping Ltd");
        driver.findElement(By.name("consent")).click();
        screenshot("lead-form-filled");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement thanks = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-message")));
        assertThat(thanks.getText()).isEqualTo("Thanks — we will call you today.");
        driver.switchTo().defaultContent();
    }

    @Test
    void aSellerRecordsNeedsAndConvertsALeadFromItsPage() {
        String domain = Api.unique("convert").toLowerCase() + ".example";
        Api.Response created = api.post("/api/v1/leads", admin, Api.JSON.writeValueAsString(Map.of(
                "firstName", "Katherine", "lastName", "Johnson", "email", "kj@" + domain, "company", "Orbital " + domain)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        JsonNode account = api.post("/api/v1/accounts", admin, "{\"name\":\"Orbital Existing\",\"domain\":\"" + domain + "\"}").json();

        signIn();
        open("/leads/" + id);
        WebElement pains = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pains")));
        pains.sendKeys("Trajectories by hand");
        driver.findElement(By.id("budget")).sendKeys("15000");
        driver.findElement(By.id("budgetCurrency")).sendKeys("USD");
        driver.findElement(By.cssSelector("#needs button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Needs assessment saved."));

        driver.findElement(By.id("convert-button")).click();
        WebElement matched = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("matched-account")));
        assertThat(matched.getText()).isEqualTo("Orbital Existing");
        assertThat(driver.findElement(By.id("amount")).getAttribute("value")).isEqualTo("15000.00");
        screenshot("lead-convert");
        driver.findElement(By.id("convert-submit")).click();
        wait.until(ExpectedConditions.urlContains("/contacts/"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Lead captured"));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Katherine Johnson", "Orbital Existing");
        JsonNode lead = api.get("/api/v1/leads/" + id, admin).json();
        assertThat(lead.get("status").asString()).isEqualTo("CONVERTED");
        assertThat(lead.get("convertedAccountId").asLong()).isEqualTo(account.get("id").asLong());
        assertThat(lead.get("convertedDealId").isNull()).isFalse();
    }

    private void signIn() {
        open("/leads");
        if (!driver.getCurrentUrl().contains("/login")) return;
        WebElement email = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        email.sendKeys("admin@test.rapport");
        driver.findElement(By.id("password")).sendKeys("admin-password-1");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".user-menu summary")));
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
