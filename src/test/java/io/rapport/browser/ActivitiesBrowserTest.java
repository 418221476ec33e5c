package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.activities.notifications.Notifications;
import io.rapport.activities.notifications.Notifications.NewNotification;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Activities pages in real Chromium: the notification bell, and editing a timeline entry in place. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivitiesBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
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
    void theBellCountsUnreadNotificationsListsThemAndMarksThemRead() throws Exception {
        Api api = new Api(port);
        ApiFixtures.User user = new ApiFixtures(api, api.adminToken()).user("MANAGER", null);
        notifications.add(new NewNotification(user.id(), "TASK_REMINDER", "Reminder: Call Ann", "Due today", "/tasks", null, null));
        notifications.add(new NewNotification(user.id(), "TASK_REMINDER", "Reminder: Send <b>quote</b>", null, "/tasks", null, null));

        signIn(user);
        driver.get("http://localhost:" + port + "/my-day");

        WebElement count = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#notification-bell .count")));
        assertThat(count.getText()).isEqualTo("2");
        assertThat(driver.findElement(By.cssSelector("#notification-bell summary")).getAttribute("aria-label"))
                .isEqualTo("Notifications, 2 unread");
        driver.findElement(By.cssSelector("#notification-bell summary")).click();
        WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#notification-bell .menu-panel")));
        assertThat(panel.getText()).contains("Reminder: Call Ann").contains("Due today").contains("Reminder: Send <b>quote</b>");
        screenshot("notification-bell");

        panel.findElement(By.xpath(".//button[normalize-space()='Mark all read']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#notification-bell .count")));
        assertThat(driver.findElement(By.cssSelector("#notification-bell details")).getAttribute("open")).isNotNull();
        assertThat(driver.findElements(By.cssSelector("#notification-bell li.unread"))).isEmpty();

        notifications.add(new NewNotification(user.id(), "TASK_REMINDER", "Reminder: Book the room", null, "/tasks", null, null));
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#notification-bell .count"), "1"));
        driver.findElement(By.cssSelector("#notification-bell summary")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[@id='notification-bell']//button[contains(., 'Book the room')]"))).click();
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/tasks"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#notification-bell details")));
        assertThat(driver.findElements(By.cssSelector("#notification-bell .count"))).isEmpty();

        driver.get("http://localhost:" + port + "/notifications");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("All read.").contains("Reminder: Book the room");
    }

    @Test
    void theAuthorEditsATimelineEntryInPlace() throws Exception {
        Api api = new Api(port);
        ApiFixtures fx = new ApiFixtures(api, api.adminToken());
        ApiFixtures.User user = fx.user("SALES", null);
        long contact = fx.contact("Inline", "browser", user.id()).get("id").asLong();
        var note = api.post("/api/v1/activities", user.token(),
                "{\"type\":\"NOTE\",\"contactId\":%d,\"subject\":\"First thoughts\",\"body\":\"Needs a demo\"}".formatted(contact));
        long id = note.json().get("id").asLong();

        signIn(user);
        driver.get("http://localhost:" + port + "/contacts/" + contact);
        WebElement edit = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#activity-" + id + " .entry-actions button")));
        assertThat(edit.getText()).isEqualTo("Edit");
        edit.click();
        WebElement subject = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#activity-" + id + ".editing input[name=subject]")));
        assertThat(subject.getAttribute("value")).isEqualTo("First thoughts");
        driver.findElement(By.cssSelector("#activity-" + id + " input[value=MEETING]")).click();
        subject.clear();
        subject.sendKeys("Demo booked");
        driver.findElement(By.cssSelector("#activity-" + id + " input[name=location]")).sendKeys("Head office");
        screenshot("timeline-edit");
        driver.findElement(By.cssSelector("#activity-" + id + " button.primary")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#activity-" + id + " .timeline-head"), "Demo booked"));
        WebElement entry = driver.findElement(By.id("activity-" + id));
        assertThat(entry.getAttribute("class")).doesNotContain("editing");
        assertThat(entry.getText()).contains("MEETING").contains("edited").contains("Head office").contains("Add to calendar (.ics)");
        assertThat(api.get("/api/v1/activities/" + id, user.token()).json().get("version").asInt()).isEqualTo(1);
        screenshot("timeline-edited");

        driver.get("http://localhost:" + port + "/settings/reminders");
        driver.findElement(By.xpath("//button[normalize-space()='Create feed URL']")).click();
        WebElement url = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("feed-url")));
        assertThat(url.getText()).matches("http://localhost:\\d+/ical/cal_[A-Za-z0-9_-]{43}\\.ics");
        screenshot("reminder-settings");
    }

    private void signIn(ApiFixtures.User user) {
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("email")).sendKeys(user.email());
        driver.findElement(By.id("password")).sendKeys(ApiFixtures.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(ContactBrowserTest.SCREENSHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, ContactBrowserTest.SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
