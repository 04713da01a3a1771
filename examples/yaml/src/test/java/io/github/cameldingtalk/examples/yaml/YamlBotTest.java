package io.github.cameldingtalk.examples.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.CardCallback;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.time.Duration;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/** The YAML routes, loaded by Camel Main exactly as `java … org.apache.camel.main.Main` would, on the simulator. */
class YamlBotTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void theYamlBotAnswersAndClicksUpdateTheCard() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start().registerApp("dingyaml", "yaml-secret")) {
            Main main = new Main();
            main.addOverrideProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
            main.addOverrideProperty("camel.component.dingtalk-stream.client-id", "dingyaml");
            main.addOverrideProperty("camel.component.dingtalk-stream.client-secret", "yaml-secret");
            main.start();
            try {
                assertEquals(3, main.getCamelContext().getRoutes().size());
                assertEquals(200, sim.pushBotMessage("dingyaml", BotMessage.text("help")).awaitAck(TIMEOUT).code());
                assertEquals(200, sim.pushBotMessage("dingyaml", BotMessage.text("你好").inGroup("群")).awaitAck(TIMEOUT)
                        .code());
                org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> sim.botReplies().size() == 2);
                assertEquals("I echo what you write. Try it!", sim.botReplies().get(0).text());
                assertEquals("You said: 你好", sim.botReplies().get(1).text());
                Ack card = sim.pushCardCallback("dingyaml", CardCallback.action("c1").user("staff9")).awaitAck(TIMEOUT);
                assertEquals("clicked by staff9", card.response().at("/cardData/cardParamMap/status").asText());
                assertEquals("SUCCESS", sim.pushEvent("dingyaml", "user_add_org", "{}").awaitAck(TIMEOUT).status());
            } finally {
                main.stop();
            }
            sim.assertNoViolations();
        }
    }
}
