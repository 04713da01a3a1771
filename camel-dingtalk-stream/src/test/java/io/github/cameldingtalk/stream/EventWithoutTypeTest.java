package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Delivery;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** An event without eventType is routed to the route that takes every event, next to one with a filter. */
class EventWithoutTypeTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("events", "eventTypes=user_add_org")).routeId("users").to("mock:users");
                from(uri("events")).routeId("others").to("mock:others");
            }
        };
    }

    @Test
    void anEventWithoutTypeReachesTheRouteWithoutFilter() throws Exception {
        awaitConnections(1);
        getMockEndpoint("mock:others").expectedMessageCount(1);
        Delivery untyped = sim().pushEvent(CLIENT_ID, null, "{\"k\":1}");
        assertEquals("SUCCESS", untyped.success().get(10, TimeUnit.SECONDS).status());
        getMockEndpoint("mock:others").assertIsSatisfied();
        assertEquals(0, getMockEndpoint("mock:users").getReceivedCounter());
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
    }
}
