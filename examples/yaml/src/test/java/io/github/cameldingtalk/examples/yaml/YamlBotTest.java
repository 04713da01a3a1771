package io.github.cameldingtalk.examples.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void theYamlBotAnswersClicksUpdateTheCardAndTheSinkKameletAnnounces() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start().registerApp("dingyaml", "yaml-secret")) {
            Main main = new Main();
            main.addOverrideProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
            main.addOverrideProperty("camel.component.dingtalk-stream.client-id", "dingyaml");
            main.addOverrideProperty("camel.component.dingtalk-stream.client-secret", "yaml-secret");
            main.start();
            try {
                assertTrue(main.getCamelContext().getRoutes().size() >= 4, "the YAML routes");
                BotMessage help = BotMessage.text("help");
                BotMessage hello = BotMessage.text("你好").inGroup("群");
                assertEquals(200, sim.pushBotMessage("dingyaml", help).awaitAck(TIMEOUT).code());
                assertEquals(200, sim.pushBotMessage("dingyaml", hello).awaitAck(TIMEOUT).code());
                org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> sim.botReplies().size() == 2);
                // replies are posted asynchronously: match them to the message they answer
                assertEquals("I echo what you write. Try it!", replyTo(sim, help));
                assertEquals("You said: 你好", replyTo(sim, hello));
                Ack card = sim.pushCardCallback("dingyaml", CardCallback.action("c1").user("staff9")).awaitAck(TIMEOUT);
                assertEquals("clicked by staff9", card.response().at("/cardData/cardParamMap/status").asText());
                assertEquals("SUCCESS", sim.pushEvent("dingyaml", "user_add_org", "{}").awaitAck(TIMEOUT).status());

                BotMessage notify = BotMessage.text("notify").inGroup("群");
                assertEquals(200, sim.pushBotMessage("dingyaml", notify).awaitAck(TIMEOUT).code());
                var sent = sim.apiCalls("/v1.0/robot/groupMessages/send");
                assertEquals(1, sent.size(), "sent through the OpenAPI");
                assertEquals(notify.conversationId(), sent.get(0).body().get("openConversationId").asText());
                assertTrue(sent.get(0).body().get("msgParam").asText().contains("the build is green"));
                assertEquals(2, sim.botReplies().size(), "no chat reply for it");

                BotMessage announce = BotMessage.text("announce").inGroup("群");
                assertEquals(200, sim.pushBotMessage("dingyaml", announce).awaitAck(TIMEOUT).code());
                org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> sim.botReplies().size() == 3);
                assertEquals("Announced to the team group.", replyTo(sim, announce));
                var announced = sim.apiCalls("/v1.0/robot/groupMessages/send");
                assertEquals(2, announced.size(), "sent by the dingtalk-stream-sink Kamelet");
                assertEquals("cidAnnounce==", announced.get(1).body().get("openConversationId").asText());
                assertEquals("sampleMarkdown", announced.get(1).body().get("msgKey").asText());
                assertTrue(announced.get(1).body().get("msgParam").asText().contains("\"title\":\"Announcement\""));
                assertTrue(announced.get(1).body().get("msgParam").asText().contains("Release 1.0"));
            } finally {
                main.stop();
            }
            sim.assertNoViolations();
        }
    }

    private static String replyTo(DingTalkSimulator sim, BotMessage message) {
        return sim.botReplies().stream().filter(r -> message.msgId().equals(r.inReplyTo())).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to " + message.msgId())).text();
    }
}
