package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.Delivery;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

/**
 * A duplicate is acked "done" only once the original's side effect happened: while another exchange (or instance)
 * still works on it, it is handed back, and a claim left by a dead instance is taken over once it is gone from the
 * claim repository.
 */
class InProgressDuplicateTest extends DingTalkStreamTestSupport {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    private final MemoryIdempotentRepository claims =
            (MemoryIdempotentRepository) MemoryIdempotentRepository.memoryIdempotentRepository(100);

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("done", MemoryIdempotentRepository.memoryIdempotentRepository(100));
        registry.bind("claims", claims);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("events", "idempotentRepository=#memory")).routeId("slow")
                        .process(exchange -> {
                            entered.countDown();
                            release.await(20, TimeUnit.SECONDS); // the original, still being handled
                            count(exchange.getIn().getHeader(DingTalkStreamConstants.EVENT_ID, String.class));
                        });
                from(uri("bot", "idempotentRepository=#done&claimRepository=#claims")).routeId("bot")
                        .process(exchange -> count(exchange.getIn().getHeader(DingTalkStreamConstants.MSG_ID,
                                String.class)))
                        .setBody(constant("handled"));
            }
        };
    }

    private void count(String id) {
        handled.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
    }

    @Test
    void aDuplicateOfAMessageStillBeingHandledIsHandedBackNotAckedDone() throws Exception {
        awaitSubscriptions(2);
        Delivery original = sim().pushEvent(CLIENT_ID, "slow", "{}");
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertTrue(sim().duplicate(original.messageId()));
        await().atMost(TIMEOUT).until(() -> original.acks().size() == 1);
        assertEquals("LATER", original.acks().get(0).status(), "the duplicate came while the original was handled");

        release.countDown();
        assertEquals("SUCCESS", original.success().get(10, TimeUnit.SECONDS).status(), "acked once handled");
        // from now on a duplicate is a done one: acked SUCCESS at once, not handled again
        assertTrue(sim().duplicate(original.messageId()));
        await().atMost(TIMEOUT).until(() -> original.acks().stream().filter(a -> "SUCCESS".equals(a.status()))
                .count() == 2);
        assertEquals(1, handled.get(original.extraHeaders().get("eventId")).get(), "handled once");
    }

    @Test
    void aClaimLeftByADeadInstanceIsTakenOverOnceItExpires() throws Exception {
        awaitSubscriptions(2);
        BotMessage message = BotMessage.text("orphan");
        // another instance claimed this message and died: its claim is still in the claim repository
        claims.add("dingtalk-stream:msgId:" + message.msgId());
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, message);
        await().atMost(TIMEOUT).until(() -> delivery.attempts().size() >= 1);
        assertTrue(delivery.acks().isEmpty(), "handed back: a bot callback is left unacked so DingTalk redelivers");
        assertTrue(sim().botReplies().isEmpty());

        // the claim expires (JdbcOrphanLockAwareIdempotentRepository drops it after its lock max age): taken over
        claims.remove("dingtalk-stream:msgId:" + message.msgId());
        assertEquals(200, delivery.success().get(10, TimeUnit.SECONDS).code());
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 1);
        assertEquals(1, handled.get(message.msgId()).get());
        assertTrue(delivery.redeliveries() >= 1);
    }
}
