package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import io.rapport.support.Chromium;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The agent's ticket page in real Chromium: macro, public reply, internal note, status by keyboard, the SLA card, and a
 * second agent's browser on the same ticket showing the collision warning.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketPageBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    TicketIntake intake;
    @Autowired
    JdbcClient jdbc;
    WebDriver first;
    WebDriver second;

    @BeforeAll
    void startBrowsers() {
        first = Chromium.start();
        second = Chromium.start();
    }

    @AfterAll
    void stopBrowsers() {
        if (first != null) first.quit();
        if (second != null) second.quit();
    }

    private void signIn(WebDriver driver, ApiFixtures.User user) {
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("email")).sendKeys(user.email());
        driver.findElement(By.id("password")).sendKeys(ApiFixtures.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));
    }

    @Test
    void agentWorksATicketAndASecondAgentSeesTheCollisionWarning() {
        Api api = new Api(port);
        ApiFixtures fx = new ApiFixtures(api, api.adminToken());
        long team = fx.team();
        ApiFixtures.User agent = fx.user("AGENT", team);
        ApiFixtures.User colleague = fx.user("AGENT", team);
        String last = Api.unique("Browser");
        long contact = fx.contact(fx.admin(), "{\"firstName\":\"Nora\",\"lastName\":\"" + last + "\",\"emails\":[\""
                + Api.unique("nora") + "@example.com\"]}").get("id").asLong();
        // an SLA policy only for this test's kind of ticket (SOCIAL requests), so the card shows running clocks
        String day = "[[\"00:00\",\"24:00\"]]";
        Api.Response cal = api.post("/api/v1/business-calendars", fx.admin(), "{\"name\":\"" + Api.unique("cal") + "\",\"timeZone\":\"UTC\","
                + "\"hours\":{\"MONDAY\":" + day + ",\"TUESDAY\":" + day + ",\"WEDNESDAY\":" + day + ",\"THURSDAY\":" + day + ",\"FRIDAY\":" + day
                + ",\"SATURDAY\":" + day + ",\"SUNDAY\":" + day + "}}");
        assertThat(cal.status()).as(cal.body()).isEqualTo(201);
        long calendar = cal.json().get("id").asLong();
        Api.Response policy = api.post("/api/v1/sla-policies", fx.admin(), "{\"name\":\"" + Api.unique("pol") + "\",\"position\":0,\"calendarId\":"
                + calendar + ",\"channels\":[\"SOCIAL\"],\"types\":[\"REQUEST\"],\"firstResponseMinutes\":240,\"resolutionMinutes\":2880}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        Api.Response macro = api.post("/api/v1/macros", agent.token(), "{\"name\":\"Refund sent " + last + "\",\"body\":\"Hello {{contact.first_name}}, "
                + "your refund for ticket {{ticket.number}} is on its way.\",\"changes\":{\"priority\":\"HIGH\",\"addTags\":[\"refund\"]}}");
        assertThat(macro.status()).as(macro.body()).isEqualTo(201);
        long ticket = intake.open(new NewTicket("Refund please " + last, NewTicket.Channel.SOCIAL, contact, null, "NORMAL", "REQUEST",
                team, agent.id(), List.of(), InboundMessage.text("I would like my money back", contact)));
        long number = jdbc.sql("select number from tickets where id = :id").param("id", ticket).query(Long.class).single();
        String url = "http://localhost:" + port + "/tickets/" + ticket;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from ticket_sla_clocks where ticket_id = :t").param("t", ticket).query(Long.class).single() > 0);
        try {
            signIn(first, agent);
            WebDriverWait wait = new WebDriverWait(first, Duration.ofSeconds(15));
            first.get(url);
            assertThat(first.findElement(By.tagName("h1")).getText()).contains("Refund please");

            // the SLA card loads beside the conversation with its running clocks
            WebElement sla = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ticket-sla .sla-clocks li")));
            assertThat(sla.getAttribute("data-state")).isEqualTo("RUNNING");
            assertThat(first.findElement(By.id("ticket-sla")).getText()).contains("left");

            // the second agent opens the same ticket: both see the other (heartbeats on load and every 15 s)
            signIn(second, colleague);
            second.get(url);
            assertThat(second.findElement(By.id("presence")).getText()).contains("is also viewing");
            first.navigate().refresh();
            assertThat(first.findElement(By.id("presence")).getText()).contains("is also viewing");

            // apply a macro: its text (placeholders filled) lands in the reply box; sending sets its fields
            WebElement pick = wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[contains(@class,'macro-pick') and contains(., '" + last + "')]")));
            pick.click();
            WebElement body = first.findElement(By.id("reply-body"));
            assertThat(body.getAttribute("value")).isEqualTo("Hello Nora, your refund for ticket #" + number + " is on its way.");
            first.findElement(By.id("reply-send")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.ok"), "Reply sent."));
            assertThat(first.findElement(By.id("conversation")).getText()).contains("your refund for ticket #" + number).contains("Public reply");
            assertThat(jdbc.sql("select priority from tickets where id = :id").param("id", ticket).query(String.class).single()).isEqualTo("HIGH");
            assertThat(jdbc.sql("select 'refund' = any(tags) from tickets where id = :id").param("id", ticket).query(Boolean.class).single()).isTrue();
            assertThat(jdbc.sql("select first_response_at is not null from tickets where id = :id").param("id", ticket).query(Boolean.class).single()).isTrue();

            // an internal note, chosen with its access key's radio and typed
            first.findElement(By.cssSelector("input[name=kind][value=NOTE]")).click();
            assertThat(first.findElement(By.id("reply-form")).getAttribute("class")).contains("note-mode");
            first.findElement(By.id("reply-body")).sendKeys("Refund approved by finance");
            first.findElement(By.id("reply-send")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.ok"), "Note added."));
            WebElement note = first.findElement(By.cssSelector("article.msg.note"));
            assertThat(note.getText()).contains("Refund approved by finance").contains("Internal note");

            // status with the keyboard only: focus the status field, type to choose, Tab to Save, Enter
            WebElement status = first.findElement(By.cssSelector("#ticket-fields select[name=status]"));
            status.sendKeys("PENDING");
            WebElement save = first.findElement(By.cssSelector("#ticket-fields button[type=submit]"));
            save.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.ok"), "Saved."));
            assertThat(jdbc.sql("select status from tickets where id = :id").param("id", ticket).query(String.class).single()).isEqualTo("PENDING");
            // pending on the customer: the SLA clock pauses and the card says so
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ticket-sla .sla-clocks li[data-state=PAUSED]")));

            // the colleague's page still shows this agent (the heartbeat keeps both visible)
            second.navigate().refresh();
            assertThat(second.findElement(By.id("presence")).getText()).contains("is also viewing");
        } finally {
            api.delete("/api/v1/sla-policies/" + policy.json().get("id").asLong(), fx.admin());
        }
    }
}
