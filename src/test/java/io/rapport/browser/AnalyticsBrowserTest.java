package io.rapport.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.analytics.clv.CdnowImport;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.Chromium;
import io.rapport.support.IntegrationTest;
import io.rapport.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The feedback and analytics pages in real Chromium, driven with keyboard and mouse: the executive dashboard's filters,
 * CSV export and weekly-report opt-in; an NPS survey built in the editor and answered through the public link by an
 * anonymous browser; the CLV fit button; an RFM segment saved as a tag; a persona named from a cluster; the cohort,
 * churn, journey and recovery pages with data and empty. No page may show NaN or Infinity. Fixtures live in 1972–1979
 * (orders, answers) or under unique tags, clear of the other tests' date ranges.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsBrowserTest {

    static final Path SHOTS = ContactBrowserTest.SCREENSHOTS;
    static final Pattern NOT_A_NUMBER = Pattern.compile("\\bNaN\\b|Infinity|\\bnull\\b");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    WebDriver driver;      // the signed-in user
    WebDriver customer;    // a second, anonymous browser: the customer answering a survey
    WebDriverWait wait;
    Path downloads;
    Api api;
    ApiFixtures fx;

    @BeforeAll
    void startBrowsers() throws IOException {
        downloads = Files.createTempDirectory("rapport-downloads");
        driver = Chromium.start(1400, downloads);
        customer = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));   // generous: the test machine is shared and loaded
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
    }

    @AfterAll
    void stopBrowsers() {
        if (driver != null) driver.quit();
        if (customer != null) customer.quit();
    }

    // 1
    @Test
    void executiveDashboardFiltersChangeTheTilesExportsACsvAndTogglesTheWeeklyReport() throws Exception {
        clearOrdersOf(1974);
        String tag = Api.unique("kpiui");
        long alpha = fx.contact("Alpha", tag, null).get("id").asLong();
        long beta = fx.contact("Beta", Api.unique("other"), null).get("id").asLong();
        LocalDate d = LocalDate.of(1974, 3, 4);
        order(alpha, d, "100.00");
        order(beta, d.plusDays(1), "250.00");
        order(beta, d.plusDays(40), "999.00");   // after the period: counted only once it is widened
        ApiFixtures.User manager = fx.user("MANAGER", null);
        signIn(driver, manager.email());

        open("/analytics");
        // the period by keyboard: "Custom", then the dates typed into the date fields (en-US: mm dd yyyy)
        new Select(driver.findElement(By.name("period"))).selectByValue("custom");
        driver.findElement(By.name("from")).sendKeys("03011974");
        driver.findElement(By.name("to")).sendKeys("03311974");
        driver.findElement(By.name("to")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("from=1974-03-01"));
        assertThat(tile("revenue")).contains("EUR 350");
        assertThat(tile("orders")).contains("2");
        assertThat(tile("new-customers")).contains("2");
        assertNoNaN("kpis-period");

        // a segment narrows every segmentable tile to the tag's contacts
        WebElement segment = driver.findElement(By.name("segment"));
        segment.clear();
        segment.sendKeys("tag:" + tag, Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("segment=tag"));
        assertThat(tile("revenue")).contains("EUR 100");
        assertThat(tile("orders")).contains("1");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Segment: tag").contains(tag);
        screenshot("analytics-kpis-segment");

        // a wider period (the segment cleared) counts the later order too
        driver.findElement(By.name("segment")).clear();
        WebElement to = driver.findElement(By.name("to"));
        to.sendKeys("04301974");
        driver.findElement(By.cssSelector("form.filters button.primary")).click();
        wait.until(ExpectedConditions.urlContains("to=1974-04-30"));
        assertThat(tile("revenue")).contains("EUR 1,349");
        assertNoNaN("kpis-wider");

        // a chart's CSV export downloads a file with the series
        WebElement csv = driver.findElement(By.cssSelector(".kpi-chart a[href*='/analytics/kpis/revenue.csv']"));
        csv.click();
        Path file = await().atMost(Duration.ofSeconds(20)).until(() -> download("kpi-revenue"), f -> f != null);
        String body = Files.readString(file);
        assertThat(body.lines().findFirst().orElse("")).isEqualTo("bucket_start,revenue");
        assertThat(body).contains("1974-03-04,350.0").contains("1974-04-08,999.0").doesNotContain("NaN");   // weekly buckets

        // the weekly report opt-in, by keyboard: Space ticks the box, Enter on Save
        WebElement box = driver.findElement(By.name("subscribed"));
        boolean before = box.isSelected();
        box.sendKeys(Keys.SPACE);
        WebElement save = driver.findElement(By.xpath("//form[contains(@action,'weekly-report')]//button"));
        save.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"),
                before ? "no longer receive" : "every Monday"));
        assertThat(driver.findElement(By.name("subscribed")).isSelected()).isNotEqualTo(before);
        assertThat(jdbc.sql("select count(*) from kpi_report_subscriptions where user_id = :u").param("u", manager.id())
                .query(Long.class).single()).isEqualTo(before ? 0 : 1);
        driver.findElement(By.name("subscribed")).click();
        driver.findElement(By.xpath("//form[contains(@action,'weekly-report')]//button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), before ? "every Monday" : "no longer"));
    }

    // 2
    @Test
    void anNpsSurveyBuiltInTheEditorIsAnsweredByLinkAndShowsInResultsAndOnTheTimeline() throws Exception {
        String name = Api.unique("Browser NPS");
        String promoterMail = Api.unique("prom") + "@example.com";
        String detractorMail = Api.unique("det") + "@example.com";
        long promoter = consentingContact(promoterMail);
        long detractor = consentingContact(detractorMail);
        signIn(driver, ContactBrowserTest.ADMIN_EMAIL, ContactBrowserTest.ADMIN_PASSWORD);

        // the editor: name and kind only; an NPS survey gets its score question and a "why?"
        open("/feedback/surveys");
        driver.findElement(By.linkText("New survey")).click();
        WebElement nameField = wait.until(ExpectedConditions.presenceOfElementLocated(By.name("name")));
        assertThat(driver.switchTo().activeElement()).isEqualTo(nameField);   // autofocus: type straight away
        nameField.sendKeys(name);
        new Select(driver.findElement(By.name("kind"))).selectByValue("NPS");
        WebElement active = driver.findElement(By.name("active"));
        if (!active.isSelected()) active.click();
        driver.findElement(By.cssSelector("form.card button.primary")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), name));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("NPS scale").contains("free text");
        screenshot("survey-created");

        // sent to both contacts from the survey page
        for (long contact : List.of(promoter, detractor)) {
            WebElement before = driver.findElement(By.tagName("main"));
            driver.findElement(By.name("contactId")).sendKeys(String.valueOf(contact), Keys.ENTER);
            wait.until(ExpectedConditions.stalenessOf(before));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), "Survey sent."));
        }

        // the promoter clicks "10" in the e-mail: recorded at once, the page then asks why
        String promoterToken = mailedToken(promoterMail);
        customer.manage().deleteAllCookies();
        customer.get(base() + "/f/" + promoterToken + "?score=10");
        assertThat(customer.findElement(By.cssSelector("[role=status]")).getText()).contains("your score is recorded");
        customer.findElement(By.tagName("textarea")).sendKeys("Fast delivery and friendly support");
        customer.findElement(By.cssSelector("button.primary")).click();
        new WebDriverWait(customer, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[role=status]"), "Thank you! Your answers are recorded."));

        // the detractor opens the full page and answers with the keyboard only: arrows pick the score, Tab to the why
        String detractorToken = mailedToken(detractorMail);
        customer.manage().deleteAllCookies();
        customer.get(base() + "/f/" + detractorToken);
        customer.findElement(By.xpath("//div[@class='scale']/label[normalize-space()='0']")).click();
        Actions keys = new Actions(customer);
        keys.sendKeys(Keys.ARROW_RIGHT).sendKeys(Keys.ARROW_RIGHT).sendKeys(Keys.ARROW_RIGHT).perform();
        assertThat(customer.findElement(By.cssSelector(".scale input[value='3']")).isSelected()).isTrue();
        shot(customer, "survey-answer-page");
        keys.sendKeys(Keys.TAB).sendKeys("The parcel came late and nobody answered").perform();
        assertThat(customer.findElement(By.tagName("textarea")).getAttribute("value")).isEqualTo("The parcel came late and nobody answered");
        customer.findElement(By.cssSelector("button.primary")).sendKeys(Keys.ENTER);
        new WebDriverWait(customer, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[role=status]"), "Thank you!"));
        shot(customer, "survey-answer-thanks");

        // a reused link, and a forged one: clear pages, not a stack trace
        customer.get(base() + "/f/" + promoterToken + "?score=0");
        assertThat(customer.findElement(By.tagName("body")).getText()).doesNotContain("Exception");
        String forged = promoterToken.substring(0, promoterToken.length() - 3) + "xyz";
        customer.get(base() + "/f/" + forged);
        String notFound = customer.findElement(By.tagName("body")).getText();
        assertThat(customer.findElement(By.tagName("h1")).getText()).isNotBlank();
        assertThat(notFound).doesNotContain("Exception").doesNotContain("Whitelabel");
        assertThat(customer.findElement(By.cssSelector("[role=alert]")).getText()).isNotBlank();
        shot(customer, "survey-forged-link");
        assertThat(status(base() + "/f/" + forged)).isEqualTo(404);

        // the results page grouped by survey: NPS 0 (one promoter, one detractor) with its margin of error
        open("/feedback/results");
        new Select(driver.findElement(By.name("groupBy"))).selectByValue("survey");
        driver.findElement(By.cssSelector("form.filters button.primary")).click();
        wait.until(ExpectedConditions.urlContains("groupBy=survey"));
        WebElement row = driver.findElement(By.xpath("//tr[td[1][normalize-space()='" + name + "']]"));
        List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(1)).isEqualTo("2");                 // answers
        assertThat(cells.get(2)).isEqualTo("1");                 // promoters
        assertThat(cells.get(4)).isEqualTo("1");                 // detractors
        assertThat(Double.parseDouble(cells.get(5))).isEqualTo(0.0);
        assertThat(cells.get(6)).isNotEqualTo("—");               // ± margin of error
        assertThat(Double.parseDouble(cells.get(6))).isPositive();
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("±");
        assertNoNaN("survey-results");

        // the answer on the contact's timeline, with its comment
        open("/contacts/" + detractor);
        WebElement timeline = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .timeline")));
        wait.until(d -> timeline.isDisplayed() && d.findElement(By.id("timeline")).getText().contains("NPS 3/10"));
        assertThat(driver.findElement(By.id("timeline")).getText()).contains(name);
        screenshot("survey-contact-timeline");
    }

    // 3
    @Test
    void anAdminFitsTheClvModelFromThePageAndTheContactCardShowsTheValue() throws Exception {
        CdnowImport.load(api, fx.admin(), jdbc);
        signIn(driver, ContactBrowserTest.ADMIN_EMAIL, ContactBrowserTest.ADMIN_PASSWORD);
        open("/analytics/clv");
        WebElement form = driver.findElement(By.cssSelector("form[action='/analytics/clv/fit']"));
        form.findElement(By.name("asOf")).sendKeys("09301997");
        form.findElement(By.name("firstPurchaseFrom")).sendKeys("01011997");
        new Select(form.findElement(By.name("timeUnit"))).selectByValue("WEEKS");
        WebElement horizon = form.findElement(By.name("horizonMonths"));
        horizon.clear();
        horizon.sendKeys("12");
        form.findElement(By.cssSelector("button.primary")).click();
        WebElement flash = new WebDriverWait(driver, Duration.ofSeconds(300)).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert.ok, .alert.error")));
        assertThat(flash.getText()).contains("converged");
        String page = driver.findElement(By.tagName("main")).getText();
        // the published BG/NBD estimates for CDNOW (Fader, Hardie and Lee 2005) and the fit-quality chart
        assertThat(page).contains("Model in force").contains("r = 0.24").contains("α = 4.41").contains("Fit quality");
        assertThat(driver.findElements(By.cssSelector("svg[aria-label^='Actual and expected'] rect")).size()).isEqualTo(16);
        assertNoNaN("clv");

        // a top customer's contact page: the CLV card loads with the prediction
        long contact = Long.parseLong(driver.findElement(By.cssSelector("table tbody tr td a[href^='/contacts/']"))
                .getAttribute("href").replaceFirst(".*/contacts/", ""));
        open("/contacts/" + contact);
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#contact-clv dl")));
        assertThat(card.getText()).contains("Predicted CLV").contains("P(alive)");
        assertThat(driver.findElement(By.id("contact-clv")).getText()).doesNotContain("NaN");
        screenshot("clv-contact-card");

        // a marketer sees the values but not the fit panel
        ApiFixtures.User marketer = fx.user("MARKETING", null);
        signIn(driver, marketer.email());
        open("/analytics/clv");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Customer lifetime value").doesNotContain("Refit the model")
                .doesNotContain("Model in force");
    }

    // 4
    @Test
    void aSellerSavesAnRfmSegmentAsATagAndFindsItOnTheirContacts() {
        ApiFixtures.User seller = fx.user("SALES", null);
        String marker = Api.unique("Rfm");
        List<Long> mine = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long c = fx.contact(fx.admin(), "{\"firstName\":\"Rae\",\"lastName\":\"" + marker + i + "\",\"ownerId\":" + seller.id() + "}")
                    .get("id").asLong();
            for (int o = 0; o <= i; o++) order(c, LocalDate.of(1976, 5, 3).plusDays(o * 30L), "40.00");
            mine.add(c);
        }
        long someoneElses = fx.contact("Other", Api.unique("t"), null).get("id").asLong();
        order(someoneElses, LocalDate.of(1976, 5, 3), "40.00");
        signIn(driver, seller.email());

        open("/analytics/rfm");
        // the seller's own book only: the segment table lists their three customers
        List<WebElement> rows = driver.findElements(By.xpath("//table[not(contains(@class,'heatmap'))]/tbody/tr[td[2][normalize-space()!='0']]"));
        assertThat(rows).isNotEmpty();
        assertThat(rows.stream().mapToInt(r -> Integer.parseInt(r.findElement(By.xpath("td[2]")).getText())).sum()).isEqualTo(3);
        assertNoNaN("rfm");
        WebElement segmentLink = rows.get(0).findElement(By.cssSelector("td a"));
        String segment = segmentLink.getText();
        segmentLink.click();
        wait.until(ExpectedConditions.urlContains("segment="));
        assertThat(driver.findElement(By.tagName("h2")).getText()).isNotBlank();
        String tag = Api.unique("rfmlist").toLowerCase();
        WebElement tagField = driver.findElement(By.name("tag"));
        tagField.sendKeys(tag, Keys.ENTER);
        // saved by a background job: its progress box polls itself until it names the tagged list
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status][id^='job-']"), "contacts carry the tag"));
        WebElement saved = driver.findElement(By.cssSelector("[role=status][id^='job-']"));
        assertThat(saved.getText()).contains(tag);
        screenshot("rfm-saved-list");

        saved.findElement(By.linkText(tag)).click();
        wait.until(ExpectedConditions.urlContains("tag="));
        String list = driver.findElement(By.tagName("main")).getText();
        assertThat(list).contains(marker);
        assertThat(jdbc.sql("select count(*) from contacts where :t = any(tags) and id = :o").param("t", tag).param("o", someoneElses)
                .query(Long.class).single()).as("someone else's customer is not tagged by a seller").isZero();
        assertThat(jdbc.sql("select count(*) from contacts where :t = any(tags)").param("t", tag).query(Long.class).single())
                .as(segment).isBetween(1L, 3L);
    }

    // 5
    @Test
    void aMarketerNamesAProposedClusterAndTheContactShowsThePersona() {
        jdbc.sql("delete from personas").update();   // personas are business-wide (as in PersonaApiTest): start from none
        String tag = Api.unique("persui");
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long c = fx.contact("Big" + i, tag, null).get("id").asLong();
            for (int o = 0; o < 8; o++) order(c, LocalDate.of(1977, 1, 10).plusDays(o * 20L + i), String.valueOf(900 + 10 * i));
            ids.add(c);
        }
        for (int i = 0; i < 6; i++) {
            long c = fx.contact("Small" + i, tag, null).get("id").asLong();
            order(c, LocalDate.of(1977, 2, 1).plusDays(i), String.valueOf(20 + i));
            ids.add(c);
        }
        ApiFixtures.User marketer = fx.user("MARKETING", null);
        signIn(driver, marketer.email());
        open("/analytics/personas");
        new Select(driver.findElement(By.name("k"))).selectByValue("2");
        WebElement segment = driver.findElement(By.name("segment"));
        segment.clear();
        segment.sendKeys("tag:" + tag, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.ok"), "Proposed 2 clusters over 12 contacts"));
        // the cluster profile shows the means in readable columns (not '—' for every feature)
        WebElement bigRow = driver.findElement(By.xpath("//h2[starts-with(.,'Proposed clusters')]/following::tbody[1]/tr[td[2][starts-with(normalize-space(),'6')]"
                + " and td[3][normalize-space()='8.0']]"));
        assertThat(driver.findElement(By.xpath("//h2[starts-with(.,'Proposed clusters')]/following::thead[1]")).getText())
                .containsIgnoringCase("Avg order value").doesNotContainIgnoringCase("averageOrderValue");   // headings are upper-cased by CSS
        String personaName = "Loyal big spenders " + tag;
        WebElement name = bigRow.findElement(By.name("name"));
        name.clear();
        name.sendKeys(personaName);
        bigRow.findElement(By.name("description")).sendKeys("Buy every few weeks, spend a lot");
        bigRow.findElement(By.cssSelector("button.primary")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.ok"), "Saved persona '" + personaName + "'"));
        // contacts are assigned by a background job whose progress box polls itself until it is done
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status][id^='job-']"), "contacts assigned"));
        assertNoNaN("personas");

        open("/contacts/" + ids.get(0));
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#persona-card a[href^='/analytics/personas/']")));
        assertThat(card.getText()).isEqualTo(personaName);
        assertThat(driver.findElement(By.id("persona-card")).getText()).contains("Buy every few weeks, spend a lot");
        screenshot("persona-contact-card");
    }

    // 6
    @Test
    void cohortChurnJourneyAndRecoveryPagesRenderWithDataAndGuideWhenEmpty() {
        clearOrdersOf(1978);
        String tag = Api.unique("insui");
        for (int i = 0; i < 4; i++) {
            long c = fx.contact("Cohort" + i, tag, null).get("id").asLong();
            order(c, LocalDate.of(1978, 1, 5 + i), "30.00");
            if (i % 2 == 0) order(c, LocalDate.of(1978, 2, 7 + i), "45.00");
        }
        ApiFixtures.User manager = fx.user("MANAGER", null);
        signIn(driver, manager.email());

        // with data
        open("/analytics/cohorts?from=1978-01&to=1978-03&months=3");
        assertThat(driver.findElement(By.xpath("//tr[td[1][normalize-space()='1978-01']]")).getText()).contains("4").contains("50%");
        assertNoNaN("cohorts");
        open("/analytics/churn?from=1978-02-01&to=1978-12-31&period=quarter");
        // the churn definition is business-wide (other tests change it): either bars or the guiding empty state
        assertThat(driver.findElements(By.cssSelector("svg[aria-label='Churn rate per period'] rect, .empty"))).isNotEmpty();
        assertNoNaN("churn");
        open("/analytics/journeys?segment=tag:" + tag);
        assertThat(driver.findElement(By.tagName("h2")).getText()).contains("(4)");
        assertThat(driver.findElement(By.cssSelector("svg[aria-label='Journey funnel'] rect")).getCssValue("fill"))
                .as("funnel bars styled, not black").isNotIn("rgb(0, 0, 0)", "#000000");
        assertNoNaN("journeys");
        open("/analytics/recovery");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("The three groups");
        assertNoNaN("recovery");

        // empty: every page says what to do instead of showing zeros, blanks or NaN
        String nobody = "tag:" + Api.unique("nobody");
        open("/analytics/cohorts?from=1979-01&to=1979-06");
        assertThat(driver.findElement(By.cssSelector("main .empty")).getText()).contains("No first purchases");
        assertNoNaN("cohorts-empty");
        open("/analytics/churn?from=1979-07-01&to=1979-12-31");
        assertThat(driver.findElements(By.cssSelector("svg[aria-label='Churn rate per period'] rect"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("main .empty")).getText()).contains("No active customers").contains("wider range");
        assertNoNaN("churn-empty");
        open("/analytics/journeys?segment=" + nobody);
        assertThat(driver.findElement(By.cssSelector("main .empty")).getText()).contains("pick another segment");
        assertNoNaN("journeys-empty");
        open("/analytics/recovery?segment=" + nobody);
        assertThat(driver.findElement(By.id("verdict")).getText()).contains("nothing to compare");
        assertThat(driver.findElements(By.cssSelector("svg[aria-label^='Share satisfied']"))).as("no empty chart").isEmpty();
        assertNoNaN("recovery-empty");
        open("/analytics?period=custom&from=1979-07-01&to=1979-07-31");
        assertThat(driver.findElement(By.cssSelector("main .empty")).getText()).contains("No data in this period").contains("longer period");
        assertNoNaN("kpis-empty");
        open("/feedback/results?from=1979-07-01&to=1979-07-31");
        assertNoNaN("results-empty");
    }

    // 7
    @Test
    void eachRoleSeesTheAnalyticsPagesTheSecurityRulesGiveIt() {
        Map<String, List<String>> denied = Map.of(
                "MARKETING", List.of("/analytics", "/analytics/recovery"),
                "SALES", List.of("/analytics", "/analytics/recovery", "/analytics/acquisition"),
                "AGENT", List.of("/analytics", "/analytics/recovery", "/analytics/acquisition"),
                "READ_ONLY", List.of(),
                "MANAGER", List.of());
        List<String> pages = List.of("/analytics", "/feedback/results", "/feedback/surveys", "/analytics/clv", "/analytics/churn",
                "/analytics/cohorts", "/analytics/rfm", "/analytics/acquisition", "/analytics/personas", "/analytics/journeys",
                "/analytics/recovery", "/analytics/churn-risk");
        for (var e : denied.entrySet()) {
            ApiFixtures.User u = fx.user(e.getKey(), e.getKey().equals("AGENT") || e.getKey().equals("SALES") ? fx.team() : null);
            signIn(driver, u.email());
            for (String page : pages) {
                open(page);
                String main = driver.findElement(By.tagName("main")).getText();
                if (e.getValue().contains(page)) {
                    // refused: the 403 page, or (acquisition) the page with the reason in an alert
                    assertThat(main.contains("403") || main.contains("your role " + e.getKey())).as(e.getKey() + " " + page + ": " + main).isTrue();
                    assertThat(driver.findElements(By.cssSelector(".sidebar a[href='" + page + "']"))).as("menu of " + e.getKey()).isEmpty();
                } else {
                    assertThat(main).as(e.getKey() + " " + page).doesNotContain("403").doesNotContain("Page not found");
                    assertThat(NOT_A_NUMBER.matcher(main).find()).as(e.getKey() + " " + page + ": " + main).isFalse();
                }
            }
        }
    }

    // ---- helpers

    private String base() {
        return "http://localhost:" + port;
    }

    private void open(String path) {
        driver.get(base() + path);
    }

    private void signIn(WebDriver browser, String email) {
        signIn(browser, email, ApiFixtures.PASSWORD);
    }

    private void signIn(WebDriver browser, String email, String password) {
        browser.manage().deleteAllCookies();
        browser.get(base() + "/login");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlToBe(base() + "/"));
    }

    private String tile(String key) {
        return driver.findElement(By.cssSelector(".kpi-tile[data-kpi='" + key + "'] .value")).getText();
    }

    /** The page's visible text holds no NaN, Infinity or "null"; a screenshot is kept under the given name. */
    private void assertNoNaN(String name) {
        String text = driver.findElement(By.tagName("body")).getText();
        assertThat(NOT_A_NUMBER.matcher(text).find()).as(name + ": " + text).isFalse();
        assertThat(text).as(name).doesNotContain("Whitelabel").doesNotContain("Exception");
        screenshot("analytics-" + name);
    }

    private void screenshot(String name) {
        shot(driver, name);
    }

    /** A full-page screenshot (the window grown to the page's height, then restored). */
    private static void shot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SHOTS);
            Object h = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
            int height = Math.min(Math.max(((Number) h).intValue(), 1000), 4000);
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, height));
            Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path download(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".csv"))
                    .findFirst().orElse(null);
        }
    }

    private static int status(String url) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void order(long contact, LocalDate day, String total) {
        jdbc.sql("""
                        insert into orders (number, contact_id, ordered_at, currency, total, status)
                        values (:n, :c, :at, 'EUR', cast(:t as numeric), 'COMPLETED')""")
                .param("n", Api.unique("UI")).param("c", contact)
                .param("at", Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).plusHours(10).toInstant())).param("t", total).update();
    }

    /** This class's fixture years are its own (1972–1979): emptied first so a rerun on the same database starts clean. */
    private void clearOrdersOf(int year) {
        jdbc.sql("delete from orders where ordered_at >= make_date(:y, 1, 1) and ordered_at < make_date(:y + 1, 1, 1)").param("y", year).update();
    }

    private long consentingContact(String email) {
        Map<String, Object> body = new HashMap<>(Map.of("firstName", "Nia", "lastName", Api.unique("Survey"), "emails", List.of(email),
                "consent", Map.of("emailMarketing", true, "source", "test")));
        return fx.contact(fx.admin(), Api.JSON.writeValueAsString(body)).get("id").asLong();
    }

    private static String mailedToken(String email) {
        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
                if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email))) return m;
            }
            return null;
        }, m -> m != null);
        try {
            Matcher m = Pattern.compile("/f/([0-9]+\\.[0-9]+\\.[A-Za-z0-9_-]{43})").matcher(mail.getContent().toString());
            assertThat(m.find()).isTrue();
            return m.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static String id() {
        return UUID.randomUUID().toString();
    }
}
