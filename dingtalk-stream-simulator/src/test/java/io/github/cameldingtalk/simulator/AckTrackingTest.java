package io.github.cameldingtalk.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AckTrackingTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "s3cret");

    @Test
    void recordsCodeDataAndLatencyOfEachAck(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushBotMessage("dingapp", BotMessage.text("hi"));
            JsonNode frame = client.nextApplicationFrame();
            client.ack(frame, 200, "{\"response\":{\"x\":1}}");
            Ack ack = delivery.awaitAck(Duration.ofSeconds(5));
            assertEquals(delivery.messageId(), ack.messageId());
            assertEquals(client.connectionId, ack.connectionId());
            assertEquals(200, ack.code());
            assertEquals("OK", ack.message());
            assertEquals(1, ack.response().get("x").asInt());
            assertTrue(!ack.latency().isNegative() && ack.latency().compareTo(Duration.ofSeconds(5)) < 0);
            assertEquals(List.of(ack), sim.acks());
            sim.assertNoViolations();
        }
    }

    @Test
    void acceptsAcksInEveryShapeTheOfficialSdksSend(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            String[] shapes = {
                // JAVA: time header, status with message null
                "{\"code\":200,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\"%s\",\"time\":\"1\"},"
                        + "\"message\":\"OK\",\"data\":\"{\\\"status\\\":\\\"SUCCESS\\\",\\\"message\\\":null}\"}",
                // JAVA error ack: no data at all
                "{\"code\":500,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\"%s\"},\"message\":\"client internal error\"}",
                // GO chatbot: empty data string
                "{\"code\":200,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\"%s\"},\"message\":\"ok\",\"data\":\"\"}",
                // data null
                "{\"code\":404,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\"%s\"},\"data\":null}"
            };
            for (String shape : shapes) {
                Delivery delivery = sim.pushCallback("dingapp", DingTalkSimulator.BOT_TOPIC, "{}");
                client.nextApplicationFrame();
                client.send(String.format(shape, delivery.messageId()));
                delivery.awaitAck(Duration.ofSeconds(5));
            }
            sim.assertNoViolations();
        }
    }

    @Test
    void recordsEveryKindOfProtocolViolationAndStaysUp(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret");
                TestStreamClient other = TestStreamClient.connect(sim, "dingapp", "s3cret", "/other/topic")) {
            client.send("garbage {");
            client.sendBinary(new byte[] {1, 2, 3});
            client.send("{\"code\":200,\"headers\":{\"contentType\":\"application/json\"}}");
            client.send("{\"code\":200,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\"never-sent\"}}");

            Delivery bot = sim.pushBotMessage("dingapp", BotMessage.text("hi"));
            JsonNode frame = client.nextApplicationFrame();
            client.send("{\"code\":200,\"headers\":{\"messageId\":\"" + bot.messageId() + "\"},\"data\":{\"response\":null}}");
            client.ack(frame, 200, "{}");

            // other does not subscribe to the bot topic, so the frame goes out on client
            Delivery event = sim.pushBotMessage("dingapp", BotMessage.text("second"));
            client.nextApplicationFrame();
            other.send("{\"code\":200,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\""
                    + event.messageId() + "\"},\"data\":\"{}\"}");

            Delivery ping = sim.ping(client.connectionId);
            client.nextFrame();
            client.send("{\"code\":200,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\""
                    + ping.messageId() + "\"},\"data\":\"{}\"}");

            client.send("{\"headers\":{\"contentType\":\"application/json\",\"messageId\":\"" + event.messageId()
                    + "\"},\"data\":\"{}\"}");

            List<Violation.Kind> expected = List.of(Violation.Kind.MALFORMED_ACK, Violation.Kind.BINARY_FRAME,
                    Violation.Kind.MISSING_MESSAGE_ID, Violation.Kind.UNKNOWN_MESSAGE_ID,
                    Violation.Kind.MISSING_CONTENT_TYPE, Violation.Kind.DATA_NOT_STRING, Violation.Kind.ALREADY_ACKED,
                    Violation.Kind.WRONG_CONNECTION, Violation.Kind.PING_WITHOUT_OPAQUE, Violation.Kind.MISSING_CODE);
            // two connections have two reader threads: compare without order
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(
                    expected.stream().sorted().toList(), sim.violations().stream().map(Violation::kind).sorted().toList()));
            AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, sim::assertNoViolations);
            assertTrue(error.getMessage().contains("10 protocol violation(s)"));

            // the connection survived all of it
            Delivery after = sim.pushBotMessage("dingapp", BotMessage.text("after"));
            client.ack(client.nextApplicationFrame(), 200, "{\"response\":null}");
            after.awaitAck(Duration.ofSeconds(5));
        }
    }
}
