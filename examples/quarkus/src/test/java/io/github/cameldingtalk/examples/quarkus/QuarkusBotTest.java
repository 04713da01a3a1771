package io.github.cameldingtalk.examples.quarkus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.stream.DingTalkStreamComponent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(SimulatorResource.class)
class QuarkusBotTest {

    @Inject
    CamelContext context;

    @Test
    void theQuarkusAppAnswersOnTheSimulator() {
        DingTalkSimulator sim = SimulatorResource.simulator;
        // camel.component.dingtalk-stream.* from application.properties (and the test resource) configured it
        assertEquals(16, context.getComponent("dingtalk-stream", DingTalkStreamComponent.class).getConfiguration()
                .getMaxConcurrency());
        await().atMost(Duration.ofSeconds(20)).until(() -> !sim.liveConnections("dingquarkus").isEmpty());
        assertEquals(200, sim.pushBotMessage("dingquarkus", BotMessage.text("你好 Quarkus"))
                .awaitAck(Duration.ofSeconds(10)).code());
        await().atMost(Duration.ofSeconds(10)).until(() -> !sim.botReplies().isEmpty());
        assertEquals("Quarkus bot heard: 你好 Quarkus", sim.botReplies().get(0).text());
        sim.assertNoViolations();
    }
}
