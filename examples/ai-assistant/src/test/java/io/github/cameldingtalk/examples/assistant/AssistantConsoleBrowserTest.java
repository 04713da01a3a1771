package io.github.cameldingtalk.examples.assistant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What a user sees in the simulator's console (a real headless Chromium): the answer grows in an AI card and
 * finishes, the next question is answered knowing the previous one, and three messages typed in a row get one answer.
 * Runs in the browser-tests profile (where a chromedriver exists).
 */
class AssistantConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private OpenAiStub stub;
    private DingTalkSimulator sim;
    private Main assistant;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        stub = new OpenAiStub(Duration.ofMillis(20));
        sim = DingTalkSimulator.start().registerApp(AssistantApplication.DEMO_CLIENT_ID,
                AssistantApplication.DEMO_CLIENT_SECRET);
        assistant = AssistantApplication.newMain(stub);
        assistant.addOverrideProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
        assistant.addOverrideProperty("camel.component.dingtalk-stream.client-id", AssistantApplication.DEMO_CLIENT_ID);
        assistant.addOverrideProperty("camel.component.dingtalk-stream.client-secret",
                AssistantApplication.DEMO_CLIENT_SECRET);
        // shorter than the application's 1.5 s: the browser types the burst within a fraction of it
        assistant.addOverrideProperty("camel.component.dingtalk-stream.merge-window", "700");
        assistant.start();
        await().atMost(WAIT).until(() -> !sim.liveConnections(AssistantApplication.DEMO_CLIENT_ID).isEmpty());

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
        if (assistant != null) {
            assistant.stop();
        }
        if (sim != null) {
            sim.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private void say(String text) {
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.cssSelector("#composer button[type=submit]")).click();
    }

    /** The finished AI cards of the open chat, in order, with their text (read at once: the chat re-renders). */
    @SuppressWarnings("unchecked")
    private List<String> finishedCards() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#messages .card')).filter(c => c.querySelector('.state.FINISHED'))"
                + ".map(c => c.innerText)");
    }

    private long cards() {
        return (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('#messages .card').length");
    }

    @Test
    void theAnswerGrowsInACardRemembersTheChatAndABurstIsOneQuestion() {
        browser.get(sim.consoleUrl());
        await().atMost(WAIT).until(() -> "live".equals(browser.findElement(By.id("status")).getText()));

        say("What is Apache Camel?");
        await().atMost(WAIT).until(() -> finishedCards().size() == 1);
        assertTrue(finishedCards().get(0).contains("You asked: «What is Apache Camel?»"), finishedCards().get(0));

        say("What did I just ask?");
        await().atMost(WAIT).until(() -> finishedCards().size() == 2);
        assertTrue(finishedCards().get(1).contains("Earlier in this chat you said: «What is Apache Camel?»"),
                finishedCards().get(1));

        say("how do I");
        say("stream answers");
        say("into a card?");
        await().atMost(WAIT).until(() -> finishedCards().size() == 3);
        assertTrue(finishedCards().get(2).contains("«how do I / stream answers / into a card?»"),
                finishedCards().get(2));
        assertEquals(3, cards(), "one answer for the burst");
        assertEquals(List.of(), sim.violations());
    }
}
