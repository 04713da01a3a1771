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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Stopping finishes and acks the exchanges in flight; what arrives meanwhile goes to another instance. */
class GracefulStopTest extends DingTalkStreamTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inRoute = new AtomicInteger();
    private final AtomicInteger finishedHere = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (String topic : new String[] {"events", "bot"}) {
                    from(uri(topic, "maxConcurrency=32")).routeId("slow-" + topic)
                            .process(exchange -> {
                                inRoute.incrementAndGet();
                                release.await(30, TimeUnit.SECONDS); // the slow work under test
                                finishedHere.incrementAndGet();
                            });
                }
            }
        };
    }

    @Test
    void inFlightExchangesAreAckedBeforeCloseAndLateFramesGoToTheOtherInstance() throws Exception {
        awaitSubscriptions(2);
        String firstConnection = sim().liveConnections(CLIENT_ID).get(0).id();
        List<Delivery> inFlight = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inFlight.add(sim().pushEvent(CLIENT_ID, "slow", Map.of("i", i)));
            inFlight.add(sim().pushBotMessage(CLIENT_ID, BotMessage.text("slow " + i)));
        }
        await().atMost(TIMEOUT).until(() -> inRoute.get() == 20);

        AtomicInteger processedByOther = new AtomicInteger();
        CamelContext other = new DefaultCamelContext();
        other.getRegistry().bind("recorder", recorder);
        other.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("events")).routeId("other-events").process(exchange -> processedByOther.incrementAndGet());
                from(uri("bot")).routeId("other-bot").process(exchange -> processedByOther.incrementAndGet());
            }
        });
        try {
            other.start();
            await().atMost(TIMEOUT).until(() -> sim().liveConnections(CLIENT_ID).size() == 2);

            context.getShutdownStrategy().setTimeout(30);
            Thread stopper = new Thread(context::stop, "stopper");
            stopper.start();
            DingTalkStreamConsumer events = (DingTalkStreamConsumer) context.getRoute("slow-events").getConsumer();
            DingTalkStreamConsumer bot = (DingTalkStreamConsumer) context.getRoute("slow-bot").getConsumer();
            await().atMost(TIMEOUT).until(() -> !events.isAccepting() && !bot.isAccepting());

            List<Delivery> duringStop = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                duringStop.add(sim().pushEvent(CLIENT_ID, "late", Map.of("i", i)));
                duringStop.add(sim().pushBotMessage(CLIENT_ID, BotMessage.text("late " + i)));
            }
            await().atMost(TIMEOUT).until(() -> duringStop.stream().allMatch(d -> !d.attempts().isEmpty()));
            assertTrue(inFlight.stream().noneMatch(d -> d.ack().isDone()), "the slow exchanges are still running");

            release.countDown();
            stopper.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(stopper.isAlive());

            ConnectionInfo closed = sim().connection(firstConnection).orElseThrow();
            assertEquals(ConnectionInfo.State.CLOSED, closed.state());
            for (Delivery delivery : inFlight) {
                Ack ack = delivery.success().get(1, TimeUnit.SECONDS);
                assertEquals(firstConnection, ack.connectionId());
                assertFalse(ack.at().isAfter(closed.closedAt()), "acked before the connection closed");
            }
            assertEquals(20, finishedHere.get());
            for (Delivery delivery : duringStop) {
                delivery.success().get(20, TimeUnit.SECONDS);
            }
            assertEquals(20, processedByOther.get(), "every frame that arrived during the stop was processed there");
        } finally {
            other.stop();
        }
    }
}
