package io.github.cameldingtalk.examples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a wrong secret, Actuator's health is DOWN with DingTalk's reason. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WrongSecretHealthTest {

    static final DingTalkSimulator SIM = DingTalkSimulator.start().registerApp("dingboot", "the-right-secret");

    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry registry) {
        registry.add("camel.component.dingtalk-stream.api-url", SIM::apiUrl);
        registry.add("camel.component.dingtalk-stream.client-id", () -> "dingboot");
        registry.add("camel.component.dingtalk-stream.client-secret", () -> "a-wrong-secret");
        registry.add("camel.component.dingtalk-stream.reconnect-initial-delay", () -> "100ms");
    }

    @AfterAll
    static void stop() {
        SIM.close();
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsDownWithAuthFailed() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !SIM.openRequests().isEmpty());
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> http.getForEntity("/actuator/health", String.class).getBody().contains("authFailed"));
        ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
        assertEquals(503, health.getStatusCode().value(), health.getBody());
        assertTrue(health.getBody().contains("\"status\":\"DOWN\""), health.getBody());
        assertTrue(!health.getBody().contains("a-wrong-secret"), "no secret in the health output");
    }
}
