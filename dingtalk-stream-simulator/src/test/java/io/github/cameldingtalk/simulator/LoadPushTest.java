package io.github.cameldingtalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The throughput path: frames as DingTalk shapes them, spread over the app's connections, acks counted. */
class LoadPushTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("loadapp", "s3cret");

    @Test
    void spreadsALoadOverTheConnectionsAndCountsEachAck(DingTalkSimulator sim) throws Exception {
        Set<String> eventIds = ConcurrentHashMap.newKeySet();
        AtomicInteger malformed = new AtomicInteger();
        try (TestStreamClient one = TestStreamClient.connect(sim, "loadapp", "s3cret");
                TestStreamClient two = TestStreamClient.connect(sim, "loadapp", "s3cret")) {
            AtomicInteger[] received = {new AtomicInteger(), new AtomicInteger()};
            List<Thread> ackers = List.of(acker(one, received[0], eventIds, malformed),
                    acker(two, received[1], eventIds, malformed));
            ackers.forEach(Thread::start);

            LoadResult result = sim.pushLoad("loadapp", "bench_event", "{\"n\":1}", 2_000, 100, Duration.ofSeconds(30));

            ackers.forEach(Thread::interrupt);
            assertEquals(2_000, result.pushed());
            assertEquals(1_999, result.succeeded(), result.toString());
            assertEquals(1, result.failed(), "the one acked LATER");
            assertEquals(0, result.unanswered());
            assertEquals(2, result.connections());
            assertEquals(1_999, result.latencyMicros().length);
            assertNotNull(result.firstAckAt());
            assertTrue(result.acksPerSecond() > 0);
            assertTrue(received[0].get() > 0 && received[1].get() > 0, "both connections were used");
            assertEquals(2_000, eventIds.size(), "each event has its own eventId");
            assertEquals(0, malformed.get());
            assertTrue(sim.acks().isEmpty(), "the fast path records no deliveries");
            sim.assertNoViolations();
        }
    }

    @Test
    void afterALoadAcksGoToTheFaithfulPathAgain(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "loadapp", "s3cret")) {
            Thread acker = acker(client, new AtomicInteger(), ConcurrentHashMap.newKeySet(), new AtomicInteger());
            acker.start();
            assertEquals(9, sim.pushLoad("loadapp", "e", "{}", 10, 5, Duration.ofSeconds(10)).succeeded(), "one LATER");
            Delivery delivery = sim.pushEvent("loadapp", "e", "{}");
            assertEquals("SUCCESS", delivery.awaitAck(Duration.ofSeconds(10)).status());
            acker.interrupt();
        }
    }

    /** Acks every event SUCCESS, except the one with index 7 (LATER); checks each frame's shape. */
    private static Thread acker(TestStreamClient client, AtomicInteger received, Set<String> eventIds,
            AtomicInteger malformed) {
        return new Thread(() -> {
            try {
                while (true) {
                    JsonNode frame = client.frames.poll(100, TimeUnit.MILLISECONDS);
                    if (frame == null || "SYSTEM".equals(frame.path("type").asText())) {
                        continue;
                    }
                    received.incrementAndGet();
                    JsonNode headers = frame.path("headers");
                    if (!"EVENT".equals(frame.path("type").asText()) || !headers.path("eventType").isTextual()
                            || !client.connectionId.equals(headers.path("connectionId").asText())
                            || !frame.path("data").isTextual()) {
                        malformed.incrementAndGet();
                    }
                    eventIds.add(headers.path("eventId").asText());
                    boolean later = headers.path("messageId").asText().endsWith("000000000007");
                    client.ack(frame, 200, "{\"status\":\"" + (later ? "LATER" : "SUCCESS") + "\",\"message\":\"\"}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
