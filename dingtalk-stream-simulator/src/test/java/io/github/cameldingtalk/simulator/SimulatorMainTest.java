package io.github.cameldingtalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void helpDescribesEveryOption() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SimulatorMain.main(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }
        String help = captured.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--app", "--port", "--gateway-port", "--tls", "--ping-interval",
                "--ticket-ttl", "--redelivery-timeout", "--later-delay", "--max-redeliveries",
                "--disconnect-close-delay", "--duplicate-probability", "/_sim/state"}) {
            assertTrue(help.contains(option), option);
        }
    }

    @Test
    void readsDurationsLikeCamelUsersWriteThem() {
        assertEquals(Duration.ofMillis(250), SimulatorMain.duration("250ms"));
        assertEquals(Duration.ofSeconds(30), SimulatorMain.duration("30s"));
        assertEquals(Duration.ofMinutes(2), SimulatorMain.duration("2m"));
        assertEquals(Duration.ofSeconds(90), SimulatorMain.duration("PT90S"));
    }
}
