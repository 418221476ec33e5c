package io.rapport.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for the browser tests, driven by the installed chromedriver (so Selenium Manager never
 * tries to download anything). Without Chromium or its driver the calling test class is skipped (CI installs both).
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Kept referenced: quiets "no exact CDP match" warnings, as these tests use WebDriver only, no DevTools. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private Chromium() {}

    public static WebDriver start() {
        return start(1400);
    }

    /** A browser window {@code width} pixels wide (and 1000 high). */
    public static WebDriver start(int width) {
        return start(width, null);
    }

    /** As {@link #start(int)}, saving downloads into {@code downloadDir} without asking (null: no download settings). */
    public static WebDriver start(int width, Path downloadDir) {
        Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
                "Chromium and chromedriver are needed in /usr/bin for the browser tests");
        CDP_LOG.setLevel(Level.SEVERE);
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US", "--window-size=" + width + ",1000");
        if (downloadDir != null) {
            options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloadDir.toAbsolutePath().toString(),
                    "download.prompt_for_download", false, "intl.accept_languages", "en-US"));
        }
        return new ChromeDriver(options);
    }
}
