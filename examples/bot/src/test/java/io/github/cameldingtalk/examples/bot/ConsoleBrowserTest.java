package io.github.cameldingtalk.examples.bot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The simulator's browser console in a real headless Chromium (Debian's chromium + chromium-driver), chatting with
 * the example bot: a group message and its reply, a card clicked and updated, an AI answer streamed to the end, and
 * a bot reply carrying HTML that must stay text. Runs in the browser-tests profile (where a chromedriver exists).
 */
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private DingTalkSimulator sim;
    private Main bot;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        sim = DingTalkSimulator.start().registerApp(BotApplication.DEMO_CLIENT_ID, BotApplication.DEMO_CLIENT_SECRET);
        bot = BotApplication.newMain();
        bot.addOverrideProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
        bot.addOverrideProperty("camel.component.dingtalk-stream.oapi-url", sim.apiUrl());
        bot.addOverrideProperty("camel.component.dingtalk-stream.client-id", BotApplication.DEMO_CLIENT_ID);
        bot.addOverrideProperty("camel.component.dingtalk-stream.client-secret", BotApplication.DEMO_CLIENT_SECRET);
        bot.start();
        await().atMost(WAIT).until(() -> !sim.liveConnections(BotApplication.DEMO_CLIENT_ID).isEmpty());

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (bot != null) {
            bot.stop();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private WebElement waitFor(By what) {
        return await().atMost(WAIT).until(() -> browser.findElements(what).stream().findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    private void say(String text) {
        WebElement input = browser.findElement(By.id("text"));
        input.sendKeys(text);
        browser.findElement(By.cssSelector("#composer button[type=submit]")).click();
    }

    private String chat() {
        return browser.findElement(By.id("messages")).getText();
    }

    @Test
    void chatInAGroupClickACardAndWatchAnAiAnswerStream() throws Exception {
        browser.get(sim.consoleUrl());
        await().atMost(WAIT).until(() -> "live".equals(browser.findElement(By.id("status")).getText()));
        waitFor(By.xpath("//nav//li[contains(., 'group 研发群')]")).click();

        say("hello from the browser");
        await().atMost(WAIT).until(() -> chat().contains("@zhangsan you said: hello from the browser"));

        say("leave");
        WebElement approve = waitFor(By.cssSelector(".card button[data-action=approve]"));
        approve.click();
        await().atMost(WAIT).until(() -> chat().contains("approved by zhangsan"));

        say("ai what is a route?");
        waitFor(By.cssSelector(".card .state.FINISHED"));
        assertTrue(chat().contains("Thinking about “what is a route?”"), chat());

        // the README's picture of the console comes from here
        Path screenshot = Path.of("target", "console.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertTrue(Files.size(screenshot) > 10_000);

        // untrusted content stays text: a reply carrying HTML, and markdown with script and a javascript: link
        String title = browser.getTitle();
        say("<img src=x onerror=\"document.title='pwned'\">");
        await().atMost(WAIT).until(() -> chat().contains("you said: <img src=x"));
        assertEquals(0, browser.findElements(By.cssSelector("#messages img[src='x']")).size());
        assertEquals(title, browser.getTitle());
        String html = (String) ((JavascriptExecutor) browser).executeScript(
                "return Markdown.render('<script>alert(1)</script> [x](javascript:alert(1)) **b**')");
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("href=\"javascript"), html);
        assertTrue(html.contains("<strong>b</strong>"), html);

        assertEquals(List.of(), sim.violations());
    }
}
