package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** ackMode IMMEDIATE, ackTimeout, connections=N and connectionTtl. */
class AckModeAndConnectionsTest extends DingTalkStreamTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger completed = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // routes are added per test
            }
        };
    }

    private void route(String topic, String options) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(topic, options)).routeId("r")
                        .process(exchange -> release.await(20, TimeUnit.SECONDS)) // a slow route
                        .process(exchange -> completed.incrementAndGet())
                        .setBody(constant("finished"));
            }
        });
    }

    @Test
    void immediateAcksOnReceiptAndRepliesWhenTheRouteEnds() throws Exception {
        route("bot", "ackMode=IMMEDIATE");
        awaitConnections(1);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("slow work"));
        Ack ack = delivery.awaitAck(TIMEOUT);
        assertEquals(200, ack.code());
        assertEquals(0, completed.get(), "acked while the route is still working");
        release.countDown();
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 1);
        assertEquals("finished", sim().botReplies().get(0).text());
        assertEquals(1, delivery.acks().size(), "one ack only");
    }

    @Test
    void ackTimeoutSendsTheFallbackAckWhileTheExchangeGoesOn() throws Exception {
        route("events", "ackTimeout=300ms");
        awaitConnections(1);
        Delivery delivery = sim().pushEvent(CLIENT_ID, "slow", "{}");
        Ack ack = delivery.awaitAck(TIMEOUT);
        assertEquals("SUCCESS", ack.status());
        assertTrue(ack.latency().toMillis() >= 290, "fallback after the deadline: " + ack.latency());
        assertEquals(0, completed.get());
        release.countDown();
        await().atMost(TIMEOUT).until(() -> completed.get() == 1);
        // the late route result sends no second ack (the simulator would count a violation)
        assertEquals(1, delivery.acks().size());
    }

    @Test
    void connectionsKeepsNConnectionsAndAcksEachFrameOnItsOwn() throws Exception {
        release.countDown();
        route("events", "connections=3");
        awaitConnections(3);
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            deliveries.add(sim().pushEvent(CLIENT_ID, "spread", Map.of("i", i)));
        }
        Set<String> used = new HashSet<>();
        for (Delivery delivery : deliveries) {
            Ack ack = delivery.success().get(10, TimeUnit.SECONDS);
            assertEquals(delivery.attempts().get(0).connectionId(), ack.connectionId(), "acked on its own connection");
            used.add(ack.connectionId());
        }
        assertEquals(3, used.size());

        // kept at 3 through a disconnect
        String first = sim().liveConnections(CLIENT_ID).get(0).id();
        sim().disconnect(first);
        await().atMost(TIMEOUT).until(() -> sim().connection(first).orElseThrow().state() == ConnectionInfo.State.CLOSED);
        awaitConnections(3);
    }

    @Test
    void connectionTtlRotatesConnectionsWithoutAGap() throws Exception {
        release.countDown();
        route("events", "connectionTtl=700ms");
        awaitConnections(1);
        String first = sim().liveConnections(CLIENT_ID).get(0).id();
        List<Delivery> deliveries = new ArrayList<>();
        while (sim().connection(first).orElseThrow().state() != ConnectionInfo.State.CLOSED) {
            Delivery delivery = sim().pushEvent(CLIENT_ID, "ttl", "{}");
            deliveries.add(delivery);
            delivery.awaitAck(TIMEOUT);
            assertTrue(deliveries.size() < 5000, "never rotated");
        }
        for (Delivery delivery : deliveries) {
            assertEquals("SUCCESS", delivery.success().get(10, TimeUnit.SECONDS).status());
        }
        ConnectionInfo old = sim().connection(first).orElseThrow();
        List<ConnectionInfo> all = sim().connections();
        ConnectionInfo next = all.get(all.indexOf(old) + 1);
        assertFalse(next.openedAt().isAfter(old.closedAt()), "the new connection opened before the old one closed");
        assertTrue(Duration.between(old.openedAt(), old.closedAt()).toMillis() >= 690);
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("r").getConsumer();
        assertTrue(consumer.getReconnects().getOrDefault("TTL", 0L) >= 1, consumer.getReconnects().toString());
    }
}
