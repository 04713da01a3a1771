package io.github.cameldingtalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedeliveryTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "s3cret")
            .options(o -> o.redeliveryTimeout(Duration.ofMillis(300)).laterRedeliveryDelay(Duration.ofMillis(300))
                    .maxRedeliveries(2))
            .assertNoViolationsAfterEach();

    @Test
    void unackedFramesArePushedAgainWithTheSameMessageId(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushBotMessage("dingapp", BotMessage.text("ack me late"));
            JsonNode first = client.nextApplicationFrame();
            JsonNode second = client.nextApplicationFrame();
            assertEquals(first.get("data").asText(), second.get("data").asText());
            assertEquals(delivery.messageId(), second.get("headers").get("messageId").asText());
            assertEquals(1, delivery.redeliveries());

            // acking both pushes is fine: one ack per push
            client.ack(first, 200, "{\"response\":null}");
            client.ack(second, 200, "{\"response\":null}");
            org.awaitility.Awaitility.await().until(() -> delivery.acks().size() == 2);
        }
    }

    @Test
    void givesUpAfterMaxRedeliveries(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushEvent("dingapp", "never_acked", "{}");
            for (int i = 0; i < 3; i++) {
                assertEquals(delivery.messageId(), client.nextApplicationFrame().get("headers").get("messageId").asText());
            }
            assertNull(client.frames.poll(1, TimeUnit.SECONDS), "no fourth push after 2 redeliveries");
            assertEquals(2, delivery.redeliveries());
            assertFalse(delivery.ack().isDone());
        }
    }

    @Test
    void eventsAckedLaterOrWithAnErrorCodeArePushedAgain(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushEvent("dingapp", "flaky", "{}");
            client.ack(client.nextApplicationFrame(), 200, "{\"status\":\"LATER\",\"message\":\"busy\"}");
            client.ack(client.nextApplicationFrame(), 500, "{\"status\":\"LATER\",\"message\":\"later\"}");
            client.ack(client.nextApplicationFrame(), 200, "{\"status\":\"SUCCESS\"}");
            Ack success = delivery.success().get(5, TimeUnit.SECONDS);
            assertEquals("SUCCESS", success.status());
            assertEquals(3, delivery.acks().size());
            assertEquals("LATER", delivery.ack().get().status());
            assertEquals(2, delivery.redeliveries());
        }
    }

    @Test
    void anAckedCallbackIsNotPushedAgainEvenWithCode500(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushBotMessage("dingapp", BotMessage.text("fails"));
            client.ack(client.nextApplicationFrame(), 500, "{\"response\":null}");
            assertNull(client.frames.poll(1, TimeUnit.SECONDS));
            assertEquals(500, delivery.awaitAck(Duration.ofSeconds(1)).code());
            assertFalse(delivery.success().isDone());
            assertTrue(sim.unsettled().contains(delivery));
        }
    }

    @Test
    void framesUnackedOnAClosedConnectionGoToAnotherOne(DingTalkSimulator sim) throws Exception {
        TestStreamClient gone = TestStreamClient.connect(sim, "dingapp", "s3cret");
        Delivery delivery = sim.pushEvent("dingapp", "moved", "{}");
        gone.nextApplicationFrame();
        gone.cancel();
        try (TestStreamClient next = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            JsonNode frame = next.nextApplicationFrame();
            assertEquals(delivery.messageId(), frame.get("headers").get("messageId").asText());
            assertEquals(next.connectionId, frame.get("headers").get("connectionId").asText());
            next.ack(frame, 200, "{\"status\":\"SUCCESS\"}");
            delivery.success().get(5, TimeUnit.SECONDS);
        }
    }
}
