package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees after a good event, its duplicate, a failing event, a bot message and a malformed frame: the
 * same counts in the health check's details, the consumer's JMX attributes and the Micrometer meters.
 */
class OperatorViewTest extends DingTalkStreamTestSupport {

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("events", "idempotentRepository=#memory")).routeId("events")
                        .filter(header(DingTalkStreamConstants.EVENT_TYPE).isEqualTo("bad"))
                        .throwException(new IllegalStateException("bad event"));
                from(uri("bot")).routeId("bot").setBody(constant("hello"));
            }
        };
    }

    @Test
    void healthJmxAndMicrometerCountTheSameOutcomes() throws Exception {
        awaitSubscriptions(2);
        var good = sim().pushEvent(CLIENT_ID, "good", "{}");
        good.awaitAck(TIMEOUT);
        sim().duplicate(good.messageId());
        var bad = sim().pushEvent(CLIENT_ID, "bad", "{}");
        // the failing event is acked LATER; no redelivery here, so that the counts below are exact
        bad.stopRedelivery();
        bad.awaitAck(TIMEOUT);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("hi")).awaitAck(TIMEOUT);
        sim().sendMalformed(sim().liveConnections(CLIENT_ID).get(0).id(), DingTalkSimulator.Malformed.NOT_JSON);
        await().atMost(TIMEOUT).until(() -> good.acks().size() == 2);

        // health details
        HealthCheck.Result health = health("events");
        assertEquals(HealthCheck.State.UP, health.getState());
        Map<String, Object> details = health.getDetails();
        assertEquals(1, details.get("connections"));
        assertNotNull(details.get("lastFrameTime"));
        await().atMost(TIMEOUT).until(() -> Long.valueOf(1).equals(health("events").getDetails().get("malformedFrames")));
        assertEquals(3L, health("events").getDetails().get("framesReceived"));
        assertEquals(1L, health("events").getDetails().get("duplicatesDropped"));

        // JMX: the consumer's managed attributes
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:type=consumers,*"), null);
        ObjectName events = names.stream().filter(n -> {
            try {
                return "events".equals(server.getAttribute(n, "RouteId"));
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no consumer MBean in " + names));
        assertEquals(3L, server.getAttribute(events, "FramesReceived"));
        assertEquals(2L, server.getAttribute(events, "AcksSuccess"), "the good event and its duplicate");
        assertEquals(1L, server.getAttribute(events, "AcksLater"));
        assertEquals(1L, server.getAttribute(events, "DuplicatesDropped"));
        assertEquals(0L, server.getAttribute(events, "OverloadRejections"));
        assertEquals(1, server.getAttribute(events, "ConnectionCount"));
        assertEquals(1L, server.getAttribute(events, "MalformedFrames"));
        assertTrue((Double) server.getAttribute(events, "AckLatencyMaxMillis") > 0);

        // Micrometer, in the registry camel-micrometer uses
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        assertNotNull(registry);
        assertEquals(3.0, registry.get("dingtalk.stream.frames").tag("routeId", "events").functionCounter().count());
        assertEquals(1.0, registry.get("dingtalk.stream.acks").tag("routeId", "events").tag("outcome", "later")
                .functionCounter().count());
        assertEquals(1.0, registry.get("dingtalk.stream.acks").tag("routeId", "bot").tag("outcome", "success")
                .functionCounter().count());
        assertEquals(1.0, registry.get("dingtalk.stream.duplicates").tag("routeId", "events").functionCounter().count());
        assertEquals(3, registry.get("dingtalk.stream.ack.latency").tag("routeId", "events").functionTimer().count());
        assertEquals(1.0, registry.get("dingtalk.stream.connections").tag("routeId", "bot").gauge().value());
        assertEquals(1.0, registry.get("dingtalk.stream.malformed.frames").tag("routeId", "bot").functionCounter().count());
    }
}
