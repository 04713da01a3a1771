package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.cluster.JdbcClaimRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Duplicates are acked without routing; failures release their keys; a shared JDBC repository spans instances. */
class IdempotencyTest extends DingTalkStreamTestSupport {

    private final Map<String, AtomicInteger> routed = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "idempotentRepository=#memory")).routeId("bot")
                        .process(exchange -> {
                            if (failuresLeft.getAndDecrement() > 0) {
                                throw new IllegalStateException("first attempt fails");
                            }
                            routed.computeIfAbsent(exchange.getIn().getHeader(DingTalkStreamConstants.MSG_ID, String.class),
                                    id -> new AtomicInteger()).incrementAndGet();
                        });
            }
        };
    }

    @Test
    void aDuplicateIsAckedAtOnceWithoutRouting() throws Exception {
        awaitConnections(1);
        BotMessage message = BotMessage.text("once");
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, message);
        delivery.awaitAck(TIMEOUT);
        assertTrue(sim().duplicate(delivery.messageId()));
        await().atMost(TIMEOUT).until(() -> delivery.acks().size() == 2);
        // the same business message again under a new messageId (as a redelivery may come)
        Delivery again = sim().pushBotMessage(CLIENT_ID, BotMessage.text("once").msgId(message.msgId()));
        assertEquals(200, again.awaitAck(TIMEOUT).code());
        assertEquals(1, routed.get(message.msgId()).get());
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("bot").getConsumer();
        assertEquals(2, consumer.getDuplicatesDropped());
    }

    @Test
    void aFailedExchangeReleasesItsKeysSoTheRedeliveryIsProcessed() throws Exception {
        awaitConnections(1);
        failuresLeft.set(1);
        BotMessage message = BotMessage.text("fails first");
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, message);
        assertEquals(500, delivery.awaitAck(TIMEOUT).code());
        // DingTalk delivers the message again (here: the same frame once more)
        assertTrue(sim().duplicate(delivery.messageId()));
        await().atMost(TIMEOUT).until(() -> delivery.acks().size() == 2);
        assertEquals(200, delivery.acks().get(1).code());
        assertEquals(1, routed.get(message.msgId()).get());
    }

    @Test
    void aSharedJdbcRepositoryRoutesEachMessageOnceAcrossTwoContexts() throws Exception {
        routesEachMessageOnceAcrossTwoContexts(false);
    }

    @Test
    void sharedJdbcRepositoriesForDoneAndClaimedRouteEachMessageOnceAcrossTwoContexts() throws Exception {
        routesEachMessageOnceAcrossTwoContexts(true);
    }

    /** Two instances of one app, one database: done messages in camel-sql's table, claims apart when asked. */
    private void routesEachMessageOnceAcrossTwoContexts(boolean claimsApart) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:dedup-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcMessageIdRepository shared = new JdbcMessageIdRepository(dataSource, "dingtalk");
        String options = claimsApart ? "idempotentRepository=#shared&claimRepository=#claims" : "idempotentRepository=#shared";
        context.stop();
        Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        List<CamelContext> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                CamelContext instance = new DefaultCamelContext();
                instance.getRegistry().bind("shared", shared);
                // each instance its own claim repository (own owner, own keep-alive) on the shared table
                instance.getRegistry().bind("claims", new JdbcClaimRepository(dataSource));
                instance.getRegistry().bind("recorder", recorder);
                instance.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri("events", options)).routeId("events")
                                .process(exchange -> {
                                    total.incrementAndGet();
                                    processed.computeIfAbsent(exchange.getIn().getHeader(DingTalkStreamConstants.EVENT_ID,
                                            String.class), id -> new AtomicInteger()).incrementAndGet();
                                });
                    }
                });
                instance.start();
                instances.add(instance);
            }
            awaitConnections(2);
            List<Delivery> deliveries = new ArrayList<>();
            for (int batch = 0; batch < 20; batch++) {
                List<Delivery> pushed = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Delivery delivery = sim().pushEvent(CLIENT_ID, "order_paid", Map.of("order", batch * 50 + i));
                    if (i % 10 == 0) {
                        sim().duplicate(delivery.messageId()); // DingTalk delivers some messages twice
                    }
                    pushed.add(delivery);
                }
                for (Delivery delivery : pushed) {
                    delivery.success().get(20, TimeUnit.SECONDS);
                }
                deliveries.addAll(pushed);
            }
            long duplicated = deliveries.stream().filter(d -> d.attempts().size() > 1).count();
            assertTrue(duplicated >= 100, "the simulator delivered 10% twice: " + duplicated);
            await().atMost(TIMEOUT).until(() -> deliveries.stream().allMatch(d -> d.acks().size() == d.attempts().size()));
            assertEquals(1000, processed.size());
            assertEquals(1000, total.get(), "every message routed exactly once in total");
            assertEquals(List.of(), recorder.errors, "the repository decided every time");
            assertTrue(instances.stream().allMatch(c -> ((DingTalkStreamConsumer) c.getRoute("events").getConsumer())
                    .getFramesReceived() > 100), "both instances took messages");
        } finally {
            for (CamelContext instance : instances) {
                instance.stop();
            }
        }
    }

}
