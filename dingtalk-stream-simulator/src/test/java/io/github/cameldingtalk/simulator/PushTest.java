package io.github.cameldingtalk.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PushTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "s3cret")
            .assertNoViolationsAfterEach();

    @Test
    void botMessagesOfEveryTypeLookLikeDingTalks(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            BotMessage[] messages = {
                BotMessage.text("你好 😀").from("staff42", "李四"),
                BotMessage.text("hello group").inGroup("测试群").mentioning("staff7"),
                BotMessage.picture(),
                BotMessage.richText("第一行", "[picture]", "third"),
                BotMessage.audio("语音识别结果", 4200),
                BotMessage.video(8000),
                BotMessage.file("报告.pdf")
            };
            for (BotMessage message : messages) {
                Delivery delivery = sim.pushBotMessage("dingapp", message);
                JsonNode frame = client.nextApplicationFrame();
                assertFrameShape(frame, "CALLBACK", DingTalkSimulator.BOT_TOPIC, delivery.messageId(), client.connectionId);
                JsonNode data = TestStreamClient.MAPPER.readTree(frame.get("data").asText());
                assertEquals(message.msgId(), data.get("msgId").asText());
                assertEquals("dingapp", data.get("robotCode").asText());
                assertTrue(data.get("sessionWebhook").asText().startsWith(sim.apiUrl() + "/robot/sendBySession?session="));
                assertEquals(data.get("createAt").asLong() + Duration.ofMinutes(90).toMillis(),
                        data.get("sessionWebhookExpiredTime").asLong());
                assertEquals(message.isGroup() ? "2" : "1", data.get("conversationType").asText());
                String msgtype = data.get("msgtype").asText();
                if ("text".equals(msgtype)) {
                    String content = data.get("text").get("content").asText();
                    assertEquals(message.isGroup() ? " hello group" : "你好 😀", content);
                } else {
                    assertTrue(data.get("content").isObject(), msgtype);
                    assertTrue(data.get("content").toString().contains("downloadCode"), msgtype);
                }
                client.ack(frame, 200, "{\"response\":null}");
                assertEquals(200, delivery.awaitAck(Duration.ofSeconds(5)).code());
            }
        }
    }

    @Test
    void cardCallbacksCarryContentAndValueAsJsonStrings(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushCardCallback("dingapp",
                    CardCallback.action("card-1", "approve").param("action", "agree").user("staff1"));
            JsonNode frame = client.nextApplicationFrame();
            assertFrameShape(frame, "CALLBACK", DingTalkSimulator.CARD_TOPIC, delivery.messageId(), client.connectionId);
            JsonNode data = TestStreamClient.MAPPER.readTree(frame.get("data").asText());
            assertEquals("card-1", data.get("outTrackId").asText());
            assertTrue(data.get("content").isTextual());
            JsonNode content = TestStreamClient.MAPPER.readTree(data.get("content").asText());
            assertEquals("approve", content.at("/cardPrivateData/actionIds/0").asText());
            assertEquals("agree", content.at("/cardPrivateData/params/action").asText());
            client.ack(frame, 200, "{\"response\":{\"cardData\":{\"cardParamMap\":{\"status\":\"ok\"}}}}");
            assertEquals("ok", delivery.awaitAck(Duration.ofSeconds(5)).response().at("/cardData/cardParamMap/status").asText());
        }
    }

    @Test
    void eventsCarryTheEventHeaders(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushEvent("dingapp", "user_add_org", Map.of("userId", new String[] {"015xxxx227"}));
            JsonNode frame = client.nextApplicationFrame();
            assertFrameShape(frame, "EVENT", "*", delivery.messageId(), client.connectionId);
            JsonNode headers = frame.get("headers");
            assertEquals("user_add_org", headers.get("eventType").asText());
            for (String name : new String[] {"eventId", "eventCorpId", "eventBornTime", "eventUnifiedAppId"}) {
                assertFalse(headers.get(name).asText().isEmpty(), name);
            }
            assertEquals("015xxxx227", TestStreamClient.MAPPER.readTree(frame.get("data").asText()).at("/userId/0").asText());
            client.ack(frame, 200, "{\"status\":\"SUCCESS\",\"message\":\"ok\"}");
            Ack ack = delivery.success().get(5, TimeUnit.SECONDS);
            assertEquals("SUCCESS", ack.status());
        }
    }

    @Test
    void customCallbackTopicsAreDeliveredOnlyToSubscribers(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient botOnly = TestStreamClient.connect(sim, "dingapp", "s3cret", DingTalkSimulator.BOT_TOPIC);
                TestStreamClient graph = TestStreamClient.connect(sim, "dingapp", "s3cret", "/v1.0/graph/api/invoke")) {
            for (int i = 0; i < 10; i++) {
                sim.pushCallback("dingapp", "/v1.0/graph/api/invoke", "{\"n\":" + i + "}");
            }
            for (int i = 0; i < 10; i++) {
                JsonNode frame = graph.nextApplicationFrame();
                assertFrameShape(frame, "CALLBACK", "/v1.0/graph/api/invoke", frame.get("headers").get("messageId").asText(),
                        graph.connectionId);
                graph.ack(frame, 200, "{\"response\":null}");
            }
            assertNull(botOnly.frames.poll(200, TimeUnit.MILLISECONDS), "botOnly is not subscribed to the graph topic");

            // nobody subscribes to this topic: the message waits until somebody does
            Delivery waiting = sim.pushCallback("dingapp", "/v1.0/card/dynamicData/get", "{}");
            assertTrue(waiting.isWaiting());
            try (TestStreamClient late = TestStreamClient.connect(sim, "dingapp", "s3cret", "/v1.0/card/dynamicData/get")) {
                JsonNode frame = late.nextApplicationFrame();
                assertEquals(waiting.messageId(), frame.get("headers").get("messageId").asText());
                late.ack(frame, 200, "{\"response\":null}");
                waiting.awaitAck(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void spreadsMessagesOverTheAppsConnectionsAtRandom(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient a = TestStreamClient.connect(sim, "dingapp", "s3cret");
                TestStreamClient b = TestStreamClient.connect(sim, "dingapp", "s3cret");
                TestStreamClient c = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            int total = 60;
            for (int i = 0; i < total; i++) {
                sim.pushEvent("dingapp", "test_event", "{\"i\":" + i + "}");
            }
            Set<String> used = new HashSet<>();
            await().atMost(Duration.ofSeconds(5)).until(() -> a.frames.size() + b.frames.size() + c.frames.size() == total);
            for (TestStreamClient client : new TestStreamClient[] {a, b, c}) {
                if (!client.frames.isEmpty()) {
                    used.add(client.connectionId);
                }
                for (Iterator<JsonNode> it = client.frames.iterator(); it.hasNext(); ) {
                    JsonNode frame = it.next();
                    assertEquals(client.connectionId, frame.get("headers").get("connectionId").asText());
                    client.ack(frame, 200, "{\"status\":\"SUCCESS\"}");
                }
            }
            assertEquals(3, used.size(), "60 messages over 3 connections reach each of them");
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.acks().size() == total);
        }
    }

    @Test
    void pingsCarryAnOpaqueAndArriveOnTheConfiguredSchedule() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults().pingInterval(Duration.ofMillis(100)))
                .registerApp("dingapp", "s3cret");
                TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            for (int i = 0; i < 3; i++) {
                JsonNode ping = client.nextFrame();
                assertEquals("SYSTEM", ping.get("type").asText());
                assertEquals("ping", ping.get("headers").get("topic").asText());
                assertTrue(TestStreamClient.MAPPER.readTree(ping.get("data").asText()).hasNonNull("opaque"));
                client.ack(ping, 200, ping.get("data").asText());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.acks().size() >= 3);
            sim.assertNoViolations();
        }
    }

    static void assertFrameShape(JsonNode frame, String type, String topic, String messageId, String connectionId) {
        assertEquals("1.0", frame.get("specVersion").asText());
        assertEquals(type, frame.get("type").asText());
        JsonNode headers = frame.get("headers");
        headers.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), "header " + e.getKey() + " is a string"));
        assertEquals(topic, headers.get("topic").asText());
        assertEquals(messageId, headers.get("messageId").asText());
        assertEquals(connectionId, headers.get("connectionId").asText());
        assertEquals("application/json", headers.get("contentType").asText());
        assertTrue(headers.get("time").asText().matches("\\d{13}"));
        assertFalse(headers.get("appId").asText().isEmpty());
        assertTrue(frame.get("data").isTextual(), "data is a JSON string");
    }
}
