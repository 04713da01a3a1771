package io.github.cameldingtalk.stream.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.DingTalkSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The protocol engine on its own, without Camel: what a user of {@code client/} gets. */
class StreamClientTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingengine", "engine-secret")
            .options(o -> o.redeliveryTimeout(Duration.ofSeconds(2)))
            .assertNoViolationsAfterEach();

    private final List<StreamClient.State> states = new CopyOnWriteArrayList<>();
    private StreamClient client;

    private StreamClientOptions options(DingTalkSimulator sim) {
        return new StreamClientOptions().apiUrl(sim.apiUrl()).credentials("dingengine", "engine-secret")
                .subscriptions(List.of(Subscription.callback(DingTalkSimulator.BOT_TOPIC), Subscription.allEvents()))
                .reconnectInitialDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(200))
                .stateListener((state, failure) -> states.add(state));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void connectsAcksAndHandsBackThroughTheHandler(DingTalkSimulator sim) {
        client = new StreamClient(options(sim), (frame, ack) -> {
            if (frame.isEvent()) {
                ack.handBack("not now");
            } else {
                ack.ack(200, "OK", "{\"response\":null}");
            }
        });
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == StreamClient.State.CONNECTED);

        Ack bot = sim.pushBotMessage("dingengine", BotMessage.text("hi")).awaitAck(Duration.ofSeconds(5));
        assertEquals(200, bot.code());
        Ack event = sim.pushEvent("dingengine", "e", "{}").awaitAck(Duration.ofSeconds(5));
        assertEquals("LATER", event.status(), "an event handed back is acked LATER");
        assertEquals(200, sim.ping(sim.liveConnections("dingengine").get(0).id()).awaitAck(Duration.ofSeconds(5))
                .code());
        assertEquals(List.of(StreamClient.State.CONNECTING, StreamClient.State.CONNECTED), states);
    }

    @Test
    void failedOpenCallsAreRetriedAndReportedThenConnect(DingTalkSimulator sim) {
        sim.registerApp("dingengine", "other-secret");
        client = new StreamClient(options(sim), (frame, ack) -> ack.ack(200, "OK", null));
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == StreamClient.State.RECONNECTING);
        OpenConnectionException failure = assertInstanceOf(OpenConnectionException.class, client.lastFailure());
        assertEquals("authFailed", failure.code());
        assertEquals(401, failure.status());

        sim.registerApp("dingengine", "engine-secret");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == StreamClient.State.CONNECTED);
        assertNull(client.lastFailure());
        assertTrue(client.reconnectsByReason().get(StreamClient.ReconnectReason.CONNECT_FAILED) >= 1);
    }

    @Test
    void stopClosesTheConnectionAndHandsBackWhatArrivesMeanwhile(DingTalkSimulator sim) {
        client = new StreamClient(options(sim), (frame, ack) -> ack.ack(200, "OK", null));
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == StreamClient.State.CONNECTED);
        String id = sim.liveConnections("dingengine").get(0).id();
        client.stop(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == StreamClient.State.STOPPED);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sim.connection(id).orElseThrow().state() == ConnectionInfo.State.CLOSED);
    }
}
