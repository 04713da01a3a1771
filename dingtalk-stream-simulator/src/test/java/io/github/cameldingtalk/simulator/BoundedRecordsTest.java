package io.github.cameldingtalk.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A simulator left running keeps the newest records of each kind and counts what it let go. */
class BoundedRecordsTest {

    @Test
    void beyondMaxRecordsTheOldestGoAndAreCounted() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults().maxRecords(5))) {
            sim.registerApp("dingbounded", "bounded-secret");
            try (TestStreamClient client = TestStreamClient.connect(sim, "dingbounded", "bounded-secret",
                    DingTalkSimulator.BOT_TOPIC)) {
                for (int i = 0; i < 12; i++) {
                    sim.pushBotMessage("dingbounded", BotMessage.text("message " + i));
                    var frame = client.nextApplicationFrame();
                    client.ack(frame, 200, "{\"response\":null}");
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(sim.acks().size() == 5
                        && sim.droppedRecords() >= 7 + 7, () -> "acks " + sim.acks().size() + ", dropped "
                        + sim.droppedRecords() + ", deliveries " + sim.deliveries().size()));
                List<Ack> acks = sim.acks();
                assertEquals(5, acks.size(), "the newest five acks are kept");
                assertTrue(sim.deliveries().size() <= 5, "finished messages are forgotten too: " + sim.deliveries().size());
                assertTrue(sim.delivery(acks.get(4).messageId()).isPresent(), "the newest message is still known");
                assertTrue(sim.droppedRecords() >= 14, "7 acks and 7 messages dropped: " + sim.droppedRecords());
            }
        }
    }
}
