package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Chromium;
import io.rapport.support.Api;
import io.rapport.support.IntegrationTest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The web UI in a real (headless) Chromium: sign-in, search as you type, contact forms with their
 * validation, htmx inline edits, list filters/columns/saved views and output escaping.
 * Skipped when Chromium or its driver is not installed (CI installs both).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactBrowserTest {

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final String ADMIN_EMAIL = "admin@test.rapport";
    static final String ADMIN_PASSWORD = "admin-password-1";

    @LocalServerPort
    int port;

    WebDriver driver;
    WebDriverWait wait;
    Api api;
    String admin;
    long accountId;

    @BeforeAll
    void startBrowser() {
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));

        api = new Api(port);
        admin = api.adminToken();
        var account = api.post("/api/v1/accounts", admin, Api.JSON.writeValueAsString(Map.of("name", Api.unique("Browser Account"))));
        assertThat(account.status()).as(account.body()).isEqualTo(201);
        accountId = account.json().get("id").asLong();
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @BeforeEach
    void signedIn() {
        open("/contacts");
        if (driver.getCurrentUrl().contains("/login")) signIn(ADMIN_PASSWORD);
    }

    // 1
    @Test
    void signsInThroughTheLoginPageAndRejectsAWrongPassword() {
        driver.manage().deleteAllCookies();
        open("/contacts");
        wait.until(ExpectedConditions.urlContains("/login"));

        signIn("not-the-password");
        wait.until(ExpectedConditions.urlContains("/login?error"));
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert.error")));
        assertThat(error.getText()).isEqualTo("Wrong e-mail or password.");
        assertThat(driver.findElements(By.id("global-search"))).isEmpty();
        screenshot("login");

        signIn(ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".user-menu summary")));
        assertThat(path()).isEqualTo("/contacts");  // back to the page that asked for the sign-in
        assertThat(driver.findElement(By.cssSelector(".user-menu summary")).getText()).contains("Administrator");
    }

    // 2
    @Test
    void globalSearchFindsAContactAsYouTypeEvenWithATypo() {
        String lastName;
        do {
            lastName = capitalized(randomLetters(11));
        } while (lastName.charAt(4) == lastName.charAt(5)); // the typo below swaps these two: they must differ
        long id = createContact("Searchable", lastName, "LEAD");

        open("/");
        WebElement search = driver.findElement(By.id("global-search"));
        recordSearchResponses();
        search.sendKeys(lastName.substring(0, 7));
        By ours = By.cssSelector("#search-results a[href='/contacts/" + id + "']");
        awaitSearchFor(lastName.substring(0, 7));
        assertThat(driver.findElement(ours).getText()).contains("Searchable " + lastName).contains("Contact");

        // swap two letters in the middle: the full-text prefix match misses the typo, only the trigram match finds it
        char[] chars = lastName.toLowerCase().toCharArray();
        char t = chars[4]; chars[4] = chars[5]; chars[5] = t;
        String typo = new String(chars);
        assertThat(typo).isNotEqualTo(lastName.toLowerCase());
        search.sendKeys(Keys.ESCAPE);
        wait.until(d -> d.findElement(By.id("search-results")).getText().isEmpty());
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), typo);
        awaitSearchFor(typo);
        List<WebElement> hits = driver.findElements(By.cssSelector("#search-results a"));
        assertThat(hits).isNotEmpty();
        assertThat(hits.getFirst().getAttribute("href")).endsWith("/contacts/" + id);

        // emptying the box leaves no empty drop-down frame behind
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        awaitSearchFor("");
        assertThat(driver.findElement(By.id("search-results")).isDisplayed()).isFalse();
        search.sendKeys(typo);
        awaitSearchFor(typo);

        search.sendKeys(Keys.ARROW_DOWN);
        wait.until(d -> ("/contacts/" + id).equals(js("return document.activeElement.getAttribute('href')")));
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(d -> path().equals("/contacts/" + id));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Searchable " + lastName);
    }

    // 3
    @Test
    void createsAContactThroughTheFormAndNormalisesThePhone() {
        String lastName = Api.unique("Created");
        open("/contacts/new");
        driver.findElement(By.id("firstName")).sendKeys("Nora");
        driver.findElement(By.id("lastName")).sendKeys(lastName);
        driver.findElement(By.id("emails")).sendKeys(lastName.toLowerCase() + "@example.com");
        driver.findElement(By.id("phones")).sendKeys("(415) 555-2671");
        driver.findElement(By.id("country")).sendKeys("US");
        new Select(driver.findElement(By.id("lifecycleStage"))).selectByValue("PROSPECT");
        new Select(driver.findElement(By.id("accountId"))).selectByValue(String.valueOf(accountId));
        submit();

        wait.until(ExpectedConditions.urlMatches("/contacts/\\d+\\?created$"));
        assertThat(driver.findElement(By.cssSelector(".alert.ok")).getText()).isEqualTo("Contact created.");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Nora " + lastName);
        assertThat(driver.findElement(By.cssSelector("#summary a[href^='tel:']")).getText()).isEqualTo("+14155552671");
        assertThat(driver.findElement(By.cssSelector("#summary a[href^='mailto:']")).getText())
                .isEqualTo(lastName.toLowerCase() + "@example.com");
        assertThat(new Select(driver.findElement(By.cssSelector("#summary select[aria-label='Lifecycle stage']")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo("PROSPECT");
        screenshot("contact-detail");

        long id = Long.parseLong(path().substring("/contacts/".length()));
        JsonNode stored = api.get("/api/v1/contacts/" + id, admin).json();
        assertThat(stored.get("phones").get(0).asString()).isEqualTo("+14155552671");
        assertThat(stored.get("accountId").asLong()).isEqualTo(accountId);
    }

    // 4
    @Test
    void editsAContactAndShowsTheChangeInTheHistory() {
        String lastName = Api.unique("Edited");
        long id = createContact("Eddie", lastName, "LEAD");
        open("/contacts/" + id);
        driver.findElement(By.linkText("Edit")).click();
        wait.until(d -> path().equals("/contacts/" + id + "/edit"));
        assertThat(driver.findElement(By.id("lastName")).getAttribute("value")).isEqualTo(lastName);
        WebElement jobTitle = driver.findElement(By.id("jobTitle"));
        jobTitle.clear();
        jobTitle.sendKeys("Head of Testing");
        submit();

        wait.until(ExpectedConditions.urlContains("/contacts/" + id + "?saved"));
        assertThat(driver.findElement(By.cssSelector(".alert.ok")).getText()).isEqualTo("Changes saved.");
        assertThat(driver.findElement(By.cssSelector(".page-head")).getText()).contains("Head of Testing");
        assertThat(driver.findElement(By.cssSelector("ul.history")).getText())
                .contains("Updated contact Eddie " + lastName)
                .contains("jobTitle: — → Head of Testing");
    }

    // 5
    @Test
    void keepsTheTypedValuesAndShowsFieldErrorsWhenTheFormIsInvalid() {
        String firstName = Api.unique("Invalid");
        open("/contacts/new");
        driver.findElement(By.id("firstName")).sendKeys(firstName);
        driver.findElement(By.id("emails")).sendKeys("not-an-email");
        driver.findElement(By.id("jobTitle")).sendKeys("Tester");
        submit();

        WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert.error")));
        assertThat(alert.getText()).contains("Please correct the highlighted fields");
        assertThat(fieldError("lastName")).isEqualTo("required");
        assertThat(fieldError("emails")).isEqualTo("'not-an-email' is not a valid e-mail address");
        assertThat(driver.findElement(By.id("lastName")).getAttribute("class")).contains("invalid");
        assertThat(driver.findElement(By.id("emails")).getAttribute("class")).contains("invalid");
        assertThat(driver.findElement(By.id("firstName")).getAttribute("value")).isEqualTo(firstName);
        assertThat(driver.findElement(By.id("emails")).getAttribute("value")).isEqualTo("not-an-email");
        assertThat(driver.findElement(By.id("jobTitle")).getAttribute("value")).isEqualTo("Tester");
        screenshot("contact-form-invalid");

        JsonNode found = api.get("/api/v1/contacts?q=" + firstName, admin).json();
        assertThat(found.get("items").size()).isZero();
    }

    // 6
    @Test
    void changesTheStageInlineAndKeepsItAfterAReload() {
        long id = createContact("Inline", Api.unique("Stage"), "LEAD");
        open("/contacts/" + id);
        WebElement summary = driver.findElement(By.id("summary"));
        new Select(summary.findElement(By.cssSelector("select[aria-label='Lifecycle stage']"))).selectByValue("CUSTOMER");
        wait.until(gone(summary));  // htmx swapped in the refreshed card
        WebElement swapped = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("summary")));
        assertThat(swapped.findElements(By.cssSelector(".alert.error"))).isEmpty();
        assertThat(swapped.getText()).contains("version 1");
        assertThat(stageOnPage()).isEqualTo("CUSTOMER");

        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("summary")));
        assertThat(stageOnPage()).isEqualTo("CUSTOMER");
        assertThat(api.get("/api/v1/contacts/" + id, admin).json().get("lifecycleStage").asString()).isEqualTo("CUSTOMER");

        // a second inline change right away works too: the swapped card carries the new version
        new Select(driver.findElement(By.cssSelector("#summary select[aria-label='Lifecycle stage']"))).selectByValue("ADVOCATE");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "version 2"));
        assertThat(driver.findElements(By.cssSelector("#summary .alert.error"))).isEmpty();
        assertThat(api.get("/api/v1/contacts/" + id, admin).json().get("lifecycleStage").asString()).isEqualTo("ADVOCATE");
    }

    // 9
    @Test
    void logsACallOnTheTimelineWithoutLeavingThePage() {
        long id = createContact("Timely", Api.unique("Caller"), "LEAD");
        open("/contacts/" + id);
        WebElement timeline = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#timeline form")));
        timeline.findElement(By.cssSelector("input[name=type][value=CALL]")).click();
        timeline.findElement(By.name("subject")).sendKeys("Discovery call");
        timeline.findElement(By.name("body")).sendKeys("Wants a quote for 40 seats");
        timeline.findElement(By.name("durationMinutes")).sendKeys("25");
        WebElement card = driver.findElement(By.id("timeline"));
        timeline.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(gone(card));  // htmx swapped in the refreshed timeline
        WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("ul.timeline li.kind-CALL")));
        assertThat(entry.getText()).contains("Discovery call").contains("Wants a quote for 40 seats").contains("25 min");
        assertThat(api.get("/api/v1/activities?contact=" + id + "&type=CALL", admin).json().get("items")).hasSize(1);
    }

    // 10
    @Test
    void addsATaskOnAContactAndCompletesItFromMyTasks() {
        long id = createContact("Tasky", Api.unique("Followup"), "LEAD");
        open("/contacts/" + id);
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#tasks-card form.task-form")));
        form.findElement(By.name("title")).sendKeys("Send the quote");
        WebElement card = driver.findElement(By.id("tasks-card"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(gone(card));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tasks-card"), "Send the quote"));

        open("/tasks");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//tr[td/strong[text()='Send the quote']][.//a[@href='/contacts/" + id + "']]")));
        row.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(gone(row));
        assertThat(api.get("/api/v1/tasks?contact=" + id + "&status=DONE", admin).json().get("items")).hasSize(1);
    }

    // 11
    @Test
    void myDayShowsOverdueAndTodaysTasksAndRecentlyTouchedRecords() {
        // a task "due today" needs some of today left
        org.junit.jupiter.api.Assumptions.assumeTrue(java.time.LocalTime.now().isBefore(java.time.LocalTime.of(23, 58)));
        long id = createContact("Daily", Api.unique("Planner"), "LEAD");
        String overdue = Api.unique("Overdue call");
        String today = Api.unique("Today quote");
        java.time.Instant lateTonight = java.time.LocalDate.now().atTime(23, 59).atZone(java.time.ZoneId.systemDefault()).toInstant();
        for (String[] t : new String[][] {{overdue, java.time.Instant.now().minusSeconds(3600).toString()},
                {today, lateTonight.toString()}}) {
            var r = api.post("/api/v1/tasks", admin, "{\"title\":\"%s\",\"contactId\":%d,\"dueAt\":\"%s\"}".formatted(t[0], id, t[1]));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        open("/my-day");
        WebElement main = wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("main")));
        assertThat(main.getText()).contains("Overdue").contains(overdue).contains(today).contains("Recently touched");
        // overdue tasks of earlier runs on the same database may be listed too
        assertThat(driver.findElements(By.cssSelector("li.overdue")).stream().map(WebElement::getText))
                .anyMatch(text -> text.contains(overdue));
    }

    // 7
    @Test
    void filtersTheListChoosesColumnsAndSavesAView() {
        String family = Api.unique("Listed");
        long lead = createContact("Lena", family + "-a", "LEAD");
        long customer = createContact("Carl", family + "-b", "CUSTOMER");
        open("/contacts?q=" + family);
        assertThat(rowLinks()).containsExactlyInAnyOrder("/contacts/" + lead, "/contacts/" + customer);

        WebElement table = driver.findElement(By.tagName("table"));
        new Select(driver.findElement(By.cssSelector("#filters select[name=stage]"))).selectByValue("CUSTOMER");
        wait.until(gone(table));
        assertThat(driver.getCurrentUrl()).contains("stage=CUSTOMER").contains("q=" + family);
        assertThat(rowLinks()).containsExactly("/contacts/" + customer);
        assertThat(driver.findElement(By.cssSelector(".page-head")).getText()).contains("1 matching");

        table = driver.findElement(By.tagName("table"));
        assertThat(headers()).doesNotContain("JOB TITLE");
        driver.findElement(By.cssSelector(".columns-chooser input[value=jobTitle]")).click();
        wait.until(gone(table));
        assertThat(headers()).contains("JOB TITLE", "NAME", "STAGE");
        assertThat(driver.getCurrentUrl()).contains("cols=jobTitle").contains("stage=CUSTOMER");
        assertThat(rowLinks()).containsExactly("/contacts/" + customer);
        screenshot("contacts-list");

        String viewName = "Customers " + family;
        WebElement viewForm = driver.findElement(By.cssSelector("form[action='/contacts/views']"));
        viewForm.findElement(By.name("name")).sendKeys(viewName);
        viewForm.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("view="));
        WebElement saved = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'views')]//a[normalize-space()='" + viewName + "']")));
        assertThat(saved.getAttribute("class")).contains("active");
        assertThat(saved.getAttribute("href")).contains("stage=CUSTOMER").contains("cols=jobTitle");

        // the saved view reproduces the list
        open("/contacts");
        driver.findElement(By.xpath("//div[contains(@class,'views')]//a[normalize-space()='" + viewName + "']")).click();
        wait.until(ExpectedConditions.urlContains("stage=CUSTOMER"));
        assertThat(rowLinks()).containsExactly("/contacts/" + customer);
        assertThat(headers()).contains("JOB TITLE");
    }

    // 9
    @Test
    void exportsTheListAsShownAndShowsHowCompleteAnAccountIs() {
        String family = Api.unique("Exported");
        long customer = createContact("Carla", family, "CUSTOMER");
        createContact("Leo", family, "LEAD");
        open("/contacts?q=" + family + "&stage=CUSTOMER&cols=name&cols=stage&cols=completeness");
        WebElement csvLink = driver.findElement(By.linkText("Export CSV"));
        assertThat(csvLink.getAttribute("href")).contains("/contacts/export.csv?q=" + family)
                .contains("stage=CUSTOMER").contains("cols=completeness");
        assertThat(driver.findElement(By.linkText("Export vCards")).getAttribute("href")).contains("/contacts/export.vcf?q=" + family);
        screenshot("contacts-export");
        // the download in this session: what the table shows, as CSV
        Object csv = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.arrayBuffer()).then(b =>"
                        + " done(Array.from(new Uint8Array(b).slice(0, 3)).join(',') + '|' + new TextDecoder('utf-8', {ignoreBOM: true}).decode(b).replaceAll('\\r', '<CR>')))",
                csvLink.getAttribute("href"));
        // the byte-order mark (EF BB BF) first, then the table's rows (CR marked: WebDriver would turn CRLF into LF)
        assertThat(String.valueOf(csv)).isEqualTo("239,187,191|\uFEFFName,Stage,Complete<CR>\nCarla " + family + ",Customer,33%<CR>\n");

        open("/contacts/" + customer);
        assertThat(driver.findElement(By.linkText("vCard")).getAttribute("href")).endsWith("/contacts/" + customer + ".vcf");

        open("/accounts/" + accountId);
        WebElement props = driver.findElement(By.cssSelector("dl.props"));
        assertThat(props.getText()).contains("Completeness").contains("20%").contains("missing domain, industry, size, tier");
        screenshot("account-completeness");
        open("/accounts?q=" + URLEncoder.encode(api.get("/api/v1/accounts/" + accountId, admin).json().get("name").asString(),
                StandardCharsets.UTF_8) + "&missing=industry&cols=name&cols=completeness");
        assertThat(headers()).containsExactly("NAME", "COMPLETE");
        assertThat(driver.findElement(By.cssSelector("table tbody")).getText()).contains("20%");
        assertThat(driver.findElement(By.linkText("Export CSV")).getAttribute("href")).contains("missing=industry");
    }

    // 8
    @Test
    void rendersMarkupInNamesAsText() {
        String evil = "<img src=x onerror=alert(1)>";
        long id = createContact("Mallory", evil, "LEAD");
        open("/contacts/" + id);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Mallory " + evil);
        assertThat(driver.getPageSource()).contains("&lt;img");
        assertThat(driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
        assertNoAlert();

        // and in the search drop-down, which htmx inserts as HTML
        WebElement search = driver.findElement(By.id("global-search"));
        recordSearchResponses();
        search.sendKeys("Mallory");
        awaitSearchFor("Mallory");
        assertThat(driver.findElements(By.cssSelector("#search-results img"))).isEmpty();
        assertNoAlert();
    }

    // --- helpers

    /**
     * The element left the page. Like ExpectedConditions.stalenessOf, but Chromium sometimes reports a removed
     * node as "does not belong to the document" (an unknown error) rather than as a stale element.
     */
    private static ExpectedCondition<Boolean> gone(WebElement element) {
        return d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
                throw e;
            }
        };
    }

    private void signIn(String password) {
        WebElement email = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        email.clear();
        email.sendKeys(ADMIN_EMAIL);
        driver.findElement(By.id("password")).sendKeys(password);
        WebElement button = driver.findElement(By.cssSelector("button[type=submit]"));
        button.click();
        wait.until(gone(button));
    }

    private long createContact(String firstName, String lastName, String stage) {
        var r = api.post("/api/v1/contacts", admin, Api.JSON.writeValueAsString(Map.of(
                "firstName", firstName, "lastName", lastName, "lifecycleStage", stage, "accountId", accountId)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    private void submit() {
        WebElement button = driver.findElement(By.cssSelector("main form button[type=submit].primary"));
        button.click();
        wait.until(gone(button));
    }

    private String fieldError(String inputId) {
        return driver.findElement(By.xpath("//input[@id='" + inputId + "']/following-sibling::div[contains(@class,'field-error')]")).getText();
    }

    private String stageOnPage() {
        return new Select(driver.findElement(By.cssSelector("#summary select[aria-label='Lifecycle stage']")))
                .getFirstSelectedOption().getAttribute("value");
    }

    private List<String> rowLinks() {
        return driver.findElements(By.cssSelector("table tbody tr td:first-child a")).stream()
                .map(a -> a.getAttribute("href").replaceFirst("^https?://[^/]+", "")).toList();
    }

    private List<String> headers() {
        return driver.findElements(By.cssSelector("table thead th")).stream().map(WebElement::getText).toList();
    }

    /** Remembers the URL of every search response htmx swaps in, so a wait can tell which query it answers. */
    private void recordSearchResponses() {
        js("window.__searches = []; document.body.addEventListener('htmx:afterSettle', e => {"
                + " if (e.detail.target && e.detail.target.id === 'search-results') window.__searches.push(e.detail.xhr.responseURL); });");
    }

    private void awaitSearchFor(String q) {
        String param = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        wait.until(d -> {
            Object urls = js("return window.__searches || []");
            return urls instanceof List<?> list && !list.isEmpty() && String.valueOf(list.getLast()).endsWith(param)
                    && !Boolean.TRUE.equals(js("return !!document.querySelector('#global-search.htmx-request')"));
        });
    }

    private void assertNoAlert() {
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError("unexpected alert: " + text);
        } catch (NoAlertPresentException expected) {
            // fine
        }
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
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

    private static String randomLetters(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        return sb.toString();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
