package io.github.cameldingtalk.examples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameldingtalk.simulator.ApiCall;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.stream.DingTalkStreamComponent;
import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The bot on Spring Boot against the simulator: answers, takes application.yml, and reports its health. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringBootBotTest {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final DingTalkSimulator SIM = DingTalkSimulator.start().registerApp("dingboot", "boot-secret");

    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry registry) {
        registry.add("camel.component.dingtalk-stream.api-url", SIM::apiUrl);
        registry.add("camel.component.dingtalk-stream.client-id", () -> "dingboot");
        registry.add("camel.component.dingtalk-stream.client-secret", () -> "boot-secret");
        registry.add("bot.announce-conversation", () -> "cidAnnounce==");
        registry.add("bot.announce-period", () -> "200");
    }

    @AfterAll
    static void stop() {
        SIM.close();
    }

    @Autowired
    CamelContext camel;

    @Autowired
    TestRestTemplate http;

    @Test
    void aBotMessageIsAnsweredAndTheBotTalksFirstOnASchedule() {
        Awaitility.await().atMost(TIMEOUT).until(() -> !SIM.liveConnections("dingboot").isEmpty());
        BotMessage hello = BotMessage.text("hello spring").inGroup("team");
        assertEquals(200, SIM.pushBotMessage("dingboot", hello).awaitAck(TIMEOUT).code());
        Awaitility.await().atMost(TIMEOUT).until(() -> SIM.botReplies().stream()
                .anyMatch(r -> "You said: hello spring".equals(r.text())));
        Awaitility.await().atMost(TIMEOUT).until(() -> !SIM.apiCalls("/v1.0/robot/groupMessages/send").isEmpty());
        ApiCall announced = SIM.apiCalls("/v1.0/robot/groupMessages/send").get(0);
        assertEquals("cidAnnounce==", announced.body().get("openConversationId").asText());
        assertEquals(List.of(), SIM.violations());
    }

    @Test
    void theOptionsOfApplicationYmlReachTheComponent() {
        DingTalkStreamConfiguration configuration = camel.getComponent("dingtalk-stream", DingTalkStreamComponent.class)
                .getConfiguration();
        assertEquals(32, configuration.getMaxConcurrency(), "max-concurrency: 32");
        assertEquals(10_000, configuration.getPingInterval(), "ping-interval: 10s");
        assertEquals("dingboot", configuration.getClientId());
    }

    @Test
    void actuatorHealthShowsTheConsumerUp() throws Exception {
        Awaitility.await().atMost(TIMEOUT).until(() -> !SIM.liveConnections("dingboot").isEmpty());
        JsonNode health = new ObjectMapper().readTree(http.getForObject("/actuator/health", String.class));
        assertEquals("UP", health.path("status").asText(), health.toPrettyString());
        JsonNode camel = health.path("components").path("camelHealth").path("details");
        assertEquals("UP", camel.path("consumer:bot").asText(), health.toPrettyString());
        assertEquals("READINESS", camel.path("consumer:bot.data").path("check.kind").asText());
        assertEquals("CONNECTED", camel.path("consumer:bot.data").path("state").asText());
    }
}
