package io.github.cameldingtalk.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "s3cret")
            .options(o -> o.disconnectCloseDelay(Duration.ofMillis(800)).redeliveryTimeout(Duration.ofSeconds(1)));

    @Test
    void disconnectStopsNewWorkKeepsAcksAndClosesAfterTheDelay(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient old = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery inFlight = sim.pushBotMessage("dingapp", BotMessage.text("in flight"));
            JsonNode inFlightFrame = old.nextApplicationFrame();

            sim.disconnect(old.connectionId);
            JsonNode disconnect = old.nextFrame();
            assertEquals("SYSTEM", disconnect.get("type").asText());
            assertEquals("disconnect", disconnect.get("headers").get("topic").asText());
            assertEquals("persistent connection is timeout",
                    TestStreamClient.MAPPER.readTree(disconnect.get("data").asText()).get("reason").asText());
            assertEquals(ConnectionInfo.State.DRAINING, sim.connection(old.connectionId).orElseThrow().state());

            // make-before-break: a new connection takes the new messages
            try (TestStreamClient fresh = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
                Delivery next = sim.pushBotMessage("dingapp", BotMessage.text("after disconnect"));
                JsonNode nextFrame = fresh.nextApplicationFrame();
                assertEquals(next.messageId(), nextFrame.get("headers").get("messageId").asText());
                assertNull(old.frames.poll(100, TimeUnit.MILLISECONDS), "nothing new on the old connection");

                old.ack(inFlightFrame, 200, "{\"response\":null}");
                fresh.ack(nextFrame, 200, "{\"response\":null}");
                assertEquals(old.connectionId, inFlight.awaitAck(Duration.ofSeconds(5)).connectionId());
                next.awaitAck(Duration.ofSeconds(5));

                assertTrue(old.closed.get(5, TimeUnit.SECONDS).startsWith("1000"));
                await().until(() -> sim.connection(old.connectionId).orElseThrow().state() == ConnectionInfo.State.CLOSED);
            }
            sim.assertNoViolations();
        }
    }

    @Test
    void abruptCloseResetsTheConnectionWithoutACloseFrame(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            sim.closeAbruptly(client.connectionId);
            assertTrue(client.failure.get(5, TimeUnit.SECONDS) instanceof java.io.IOException);
            assertEquals(ConnectionInfo.State.CLOSED, sim.connection(client.connectionId).orElseThrow().state());
        }
    }

    @Test
    void halfOpenConnectionsSwallowFramesAndIgnoreWebSocketPings(DingTalkSimulator sim) throws Exception {
        JsonNode answer = TestStreamClient.open(sim, "dingapp", "s3cret", DingTalkSimulator.BOT_TOPIC).get("body");
        OkHttpClient pinging = TestStreamClient.http(sim).newBuilder().pingInterval(Duration.ofMillis(300)).build();
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        CompletableFuture<String> received = new CompletableFuture<>();
        pinging.newWebSocket(new Request.Builder()
                .url(answer.get("endpoint").asText() + "?ticket=" + answer.get("ticket").asText()).build(),
                new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket ws, String text) {
                        received.complete(text);
                    }

                    @Override
                    public void onFailure(WebSocket ws, Throwable t, Response response) {
                        failed.complete(t);
                    }
                });
        String id = await().until(() -> sim.liveConnections("dingapp").isEmpty() ? null
                : sim.liveConnections("dingapp").get(0).id(), java.util.Objects::nonNull);
        // healthy: pings are answered, so nothing fails for a while
        assertNull(failed.completeOnTimeout(null, 1, TimeUnit.SECONDS).get());

        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        failed.thenAccept(failure::complete);
        sim.halfOpen(id);
        Delivery swallowed = sim.pushBotMessage("dingapp", BotMessage.text("into the void"));
        assertEquals(1, swallowed.attempts().size());
        assertEquals(ConnectionInfo.State.HALF_OPEN, sim.connection(id).orElseThrow().state());
        // OkHttp notices the missing pong and fails the socket; the simulator then sees the TCP close
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.connection(id).orElseThrow().state()
                == ConnectionInfo.State.CLOSED);
        assertTrue(!received.isDone(), "nothing was delivered on the half-open connection");
    }

    @Test
    void sendsMalformedFramesOnDemand(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            for (DingTalkSimulator.Malformed kind : DingTalkSimulator.Malformed.values()) {
                sim.sendMalformed(client.connectionId, kind);
            }
            await().until(() -> client.rawTexts.size() == 5 && client.binaries.size() == 1);
            assertEquals("this is not {json", client.rawTexts.poll());
            sim.sendRaw(client.connectionId, "{\"raw\":true}");
            await().until(() -> client.rawTexts.stream().anyMatch("{\"raw\":true}"::equals));
            // still alive
            Delivery delivery = sim.pushEvent("dingapp", "alive", "{}");
            JsonNode frame;
            do {
                frame = client.nextApplicationFrame();
            } while (frame.get("headers") == null || !frame.get("headers").has("eventType"));
            client.ack(frame, 200, "{\"status\":\"SUCCESS\"}");
            delivery.success().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void duplicatesAMessageOnDemandAndAtRandom(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            Delivery delivery = sim.pushBotMessage("dingapp", BotMessage.text("twice"));
            JsonNode first = client.nextApplicationFrame();
            assertTrue(sim.duplicate(delivery.messageId()));
            JsonNode second = client.nextApplicationFrame();
            assertEquals(first.get("headers").get("messageId"), second.get("headers").get("messageId"));
            assertTrue(delivery.attempts().get(1).duplicate());
            client.ack(first, 200, "{\"response\":null}");
            client.ack(second, 200, "{\"response\":null}");
            await().until(() -> delivery.acks().size() == 2);
            sim.assertNoViolations();
        }
        try (DingTalkSimulator always = DingTalkSimulator.start(SimulatorOptions.defaults().duplicateProbability(1.0))
                .registerApp("dingapp", "s3cret");
                TestStreamClient client = TestStreamClient.connect(always, "dingapp", "s3cret")) {
            Delivery delivery = always.pushEvent("dingapp", "dup", "{}");
            client.nextApplicationFrame();
            client.nextApplicationFrame();
            assertEquals(2, delivery.attempts().size());
        }
    }

    @Test
    void failingOpenCallsAndRefusedHandshakesDoNotHurtLaterClients(DingTalkSimulator sim) throws Exception {
        sim.failNextOpens(3, 500);
        for (int i = 0; i < 3; i++) {
            assertEquals(500, TestStreamClient.open(sim, "dingapp", "s3cret").get("status").asInt());
        }
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            assertEquals(1, sim.liveConnections("dingapp").size());
        }
    }
}
