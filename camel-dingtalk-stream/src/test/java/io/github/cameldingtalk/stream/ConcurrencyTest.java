package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.Delivery;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Routes that hold every slot: pings are still answered, and what does not fit is handed back to DingTalk. */
class ConcurrencyTest extends DingTalkStreamTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger eventsInRoute = new AtomicInteger();
    private final AtomicInteger botsInRoute = new AtomicInteger();
    private final AtomicInteger cardsInRoute = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("events", "maxConcurrency=2&backlog=0")).routeId("slow-events")
                        .process(exchange -> {
                            eventsInRoute.incrementAndGet();
                            release.await(20, TimeUnit.SECONDS); // the slow route under test
                        });
                from(uri("bot", "maxConcurrency=1&backlog=0")).routeId("slow-bot")
                        .process(exchange -> {
                            botsInRoute.incrementAndGet();
                            release.await(20, TimeUnit.SECONDS);
                        })
                        .setBody(constant("done"));
                from(uri("card", "maxConcurrency=1&backlog=2")).routeId("queued-cards")
                        .process(exchange -> {
                            cardsInRoute.incrementAndGet();
                            release.await(20, TimeUnit.SECONDS);
                        });
            }
        };
    }

    @Test
    void pingsAreAnsweredAndOverflowIsHandedBackWhileEverySlotIsHeld() throws Exception {
        awaitSubscriptions(3);
        Delivery first = sim().pushEvent(CLIENT_ID, "slow", "{}");
        Delivery second = sim().pushEvent(CLIENT_ID, "slow", "{}");
        await().atMost(TIMEOUT).until(() -> eventsInRoute.get() == 2);

        // both slots of the events route are held: a third event is acked LATER at once
        Ack overflow = sim().pushEvent(CLIENT_ID, "slow", "{}").awaitAck(TIMEOUT);
        assertEquals("LATER", overflow.status());
        assertTrue(overflow.dataJson().get("message").asText().contains("busy"));

        Delivery firstBot = sim().pushBotMessage(CLIENT_ID, BotMessage.text("one"));
        await().atMost(TIMEOUT).until(() -> botsInRoute.get() == 1);
        Delivery secondBot = sim().pushBotMessage(CLIENT_ID, BotMessage.text("two"));

        // SYSTEM pings are echoed on the reader thread, whatever the routes are doing
        for (var connection : sim().liveConnections(CLIENT_ID)) {
            Ack pong = sim().ping(connection.id()).awaitAck(TIMEOUT);
            assertEquals(200, pong.code());
        }
        // the bot message over the limit is left unacked, so DingTalk delivers it again
        assertFalse(secondBot.ack().isDone());
        assertFalse(first.ack().isDone() || second.ack().isDone() || firstBot.ack().isDone());

        release.countDown();
        assertEquals("SUCCESS", first.success().get(10, TimeUnit.SECONDS).status());
        assertEquals("SUCCESS", second.success().get(10, TimeUnit.SECONDS).status());
        assertEquals(200, firstBot.awaitAck(TIMEOUT).code());
        // redelivered after the simulator's 2 s timeout, then processed
        assertEquals(200, secondBot.awaitAck(TIMEOUT).code());
        assertTrue(secondBot.redeliveries() >= 1);
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 2);
        // at least the third event; its redelivery may have come while the slots were still held
        assertTrue(((DingTalkStreamConsumer) context.getRoute("slow-events").getConsumer()).getOverloadRejections() >= 1);
    }

    @Test
    void aBurstWaitsInTheBacklogAndOnlyWhatExceedsItIsHandedBack() throws Exception {
        awaitSubscriptions(3);
        java.util.List<Delivery> cards = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cards.add(sim().pushCardCallback(CLIENT_ID, io.github.cameldingtalk.simulator.CardCallback.action("c" + i)));
        }
        await().atMost(TIMEOUT).until(() -> cardsInRoute.get() == 1);
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("queued-cards").getConsumer();
        await().atMost(TIMEOUT).until(() -> consumer.getOverloadRejections() == 1);
        assertEquals(3, consumer.getInflightExchanges(), "one running, two waiting in the backlog");
        release.countDown();
        for (Delivery card : cards) {
            assertEquals(200, card.awaitAck(TIMEOUT).code());
        }
        assertEquals(1, cards.stream().filter(c -> c.redeliveries() > 0).count(), "only the fourth was handed back");
    }
}
