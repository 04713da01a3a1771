package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.simulator.OpenRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

/** Disconnects, resets, half-open links, failing open calls and bad credentials: the consumer always comes back. */
class ConnectionResilienceTest extends DingTalkStreamTestSupport {

    /** Added once the test has set up its faults (a route that does not auto-start gets no consumer health). */
    private void startRoute() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("events", "pingInterval=300")).routeId("events").to("mock:events");
            }
        });
    }

    private String openConnection() {
        awaitConnections(1);
        return sim().liveConnections(CLIENT_ID).get(0).id();
    }

    @Test
    void disconnectOpensTheNewConnectionBeforeTheOldOneClosesAndLosesNothing() throws Exception {
        startRoute();
        String old = openConnection();
        List<Delivery> pushed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pushed.add(sim().pushEvent(CLIENT_ID, "before", Map.of("i", i)));
        }
        sim().disconnect(old);
        for (int i = 0; i < 20; i++) {
            pushed.add(sim().pushEvent(CLIENT_ID, "during", Map.of("i", i)));
        }
        await().atMost(TIMEOUT).until(() -> sim().connection(old).orElseThrow().state() == ConnectionInfo.State.CLOSED);
        for (int i = 0; i < 20; i++) {
            pushed.add(sim().pushEvent(CLIENT_ID, "after", Map.of("i", i)));
        }
        for (Delivery delivery : pushed) {
            assertEquals("SUCCESS", delivery.success().get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        }
        ConnectionInfo oldInfo = sim().connection(old).orElseThrow();
        ConnectionInfo replacement = sim().connections().stream()
                .filter(c -> !c.id().equals(old) && c.clientId().equals(CLIENT_ID)).findFirst().orElseThrow();
        assertFalse(replacement.openedAt().isAfter(oldInfo.closedAt()),
                "the new connection opened before the old one closed");
        assertEquals("close frame from the client", oldInfo.closeReason(),
                "the old connection was closed by the client once drained, not by the server's timeout");
        assertEquals(60, getMockEndpoint("mock:events").getReceivedCounter());
    }

    @Test
    void anAbruptCloseIsFollowedByAReconnect() throws Exception {
        startRoute();
        String first = openConnection();
        sim().closeAbruptly(first);
        await().atMost(TIMEOUT).until(() -> sim().liveConnections(CLIENT_ID).stream()
                .anyMatch(c -> !c.id().equals(first) && c.state() == ConnectionInfo.State.OPEN));
        assertEquals("SUCCESS", sim().pushEvent(CLIENT_ID, "back", "{}").success().get(10, java.util.concurrent.TimeUnit.SECONDS).status());
    }

    @Test
    void aHalfOpenConnectionIsDetectedByPingsAndReplaced() throws Exception {
        startRoute();
        String first = openConnection();
        sim().halfOpen(first);
        Delivery swallowed = sim().pushEvent(CLIENT_ID, "into_the_void", "{}");
        await().atMost(TIMEOUT).until(() -> sim().liveConnections(CLIENT_ID).stream()
                .anyMatch(c -> !c.id().equals(first) && c.state() == ConnectionInfo.State.OPEN));
        await().atMost(TIMEOUT).until(() -> sim().connection(first).orElseThrow().state() == ConnectionInfo.State.CLOSED);
        // the frame lost in the dead link is redelivered by DingTalk and processed on the new connection
        assertEquals("SUCCESS", swallowed.success().get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        assertTrue(swallowed.redeliveries() >= 1);
    }

    @Test
    void withTheDefaultsAHalfOpenConnectionIsFoundWithinFifteenSeconds() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk-stream:events?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET + ")&apiUrl="
                        + sim().apiUrl() + "&exceptionHandler=#recorder").routeId("defaults").to("mock:events");
            }
        });
        String first = openConnection();
        sim().halfOpen(first);
        // the promise (pingInterval 5 s, a missing pong by the next ping closes) is the upper bound of the wait
        await().atMost(Duration.ofSeconds(15)).until(() -> sim().liveConnections(CLIENT_ID).stream()
                .anyMatch(c -> !c.id().equals(first) && c.state() == ConnectionInfo.State.OPEN)
                && sim().connection(first).orElseThrow().state() == ConnectionInfo.State.CLOSED);
    }

    @Test
    void failingOpenCallsAreRetriedWithGrowingDelays() throws Exception {
        sim().failNextOpens(3, 500);
        startRoute();
        openConnection();
        List<OpenRequest> opens = sim().openRequests();
        assertEquals(List.of(500, 500, 500, 200), opens.stream().map(OpenRequest::status).toList());
        // reconnectInitialDelay=100ms doubling, with jitter between half and all of each step
        long[] minimumGapMillis = {50, 100, 200};
        for (int i = 0; i < 3; i++) {
            long gap = Duration.between(opens.get(i).at(), opens.get(i + 1).at()).toMillis();
            assertTrue(gap >= minimumGapMillis[i] - 5, "gap " + i + " was " + gap + " ms");
        }
    }

    @Test
    void wrongCredentialsMakeTheHealthDownWithTheReasonUntilTheyAreFixed() throws Exception {
        sim().registerApp(CLIENT_ID, "rotated-secret");
        startRoute();
        await().atMost(TIMEOUT).until(() -> sim().openRequests().size() >= 4);
        HealthCheck.Result down = health("events");
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertTrue(down.getMessage().orElse("").contains("authFailed"), down.getMessage().toString());
        // Camel's own keys, DingTalk's answer in them, the failure as the error; readiness only
        assertEquals("authFailed", down.getDetails().get("service.error.code"));
        assertEquals(401, down.getDetails().get("service.status.code"));
        assertTrue(down.getError().orElseThrow().getMessage().contains("authFailed"));
        assertFalse(down.getCheck().isLiveness(), "restarting the process does not fix the credentials");
        assertTrue(down.getCheck().isReadiness());
        assertEquals(1, CapturedLogs.linesContaining("authFailed").stream()
                        .filter(line -> line.startsWith("WARN") || line.startsWith("INFO")).count(),
                "logged once per state change, not per attempt (DEBUG has the rest)");
        List<OpenRequest> attempts = sim().openRequests();
        long lastGap = Duration.between(attempts.get(attempts.size() - 2).at(), attempts.get(attempts.size() - 1).at()).toMillis();
        assertTrue(lastGap >= 190, "attempts are spaced by the backoff, last gap " + lastGap + " ms");

        sim().registerApp(CLIENT_ID, SECRET);
        await().atMost(TIMEOUT).until(() -> health("events").getState() == HealthCheck.State.UP);
        HealthCheck.Result up = health("events");
        assertEquals(1, up.getDetails().get("connections"));
        assertEquals("events", up.getDetails().get("route.id"));
    }

    @Test
    void malformedFramesAreCountedAndSkipped() throws Exception {
        startRoute();
        String id = openConnection();
        for (DingTalkSimulator.Malformed kind : DingTalkSimulator.Malformed.values()) {
            sim().sendMalformed(id, kind);
        }
        sim().sendRaw(id, "{\"type\":\"SYSTEM\",\"headers\":{\"topic\":\"KEEPALIVE\",\"messageId\":\"k1\"},\"data\":\"{}\"}");
        assertEquals("SUCCESS", sim().pushEvent(CLIENT_ID, "still_here", "{}").success()
                .get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        assertEquals(id, sim().liveConnections(CLIENT_ID).get(0).id(), "the same connection survived");
        await().atMost(TIMEOUT).until(() -> Long.valueOf(6).equals(health("events").getDetails().get("malformedFrames")));
    }
}
