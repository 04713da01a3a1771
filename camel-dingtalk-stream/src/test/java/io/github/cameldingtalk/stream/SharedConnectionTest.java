package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.CardCallback;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.simulator.OpenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Routes of one app share one Stream connection; starting and stopping them changes it without a gap. */
class SharedConnectionTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot")).routeId("bot").to("mock:bot").setBody(simple("ok ${body.text}"));
                from(uri("card")).routeId("card").to("mock:card");
                from(uri("events", "eventTypes=user_add_org,user_leave_org")).routeId("events").to("mock:events");
            }
        };
    }

    @Test
    void threeRoutesShareOneConnectionOpenedOnceWithTheUnion() throws Exception {
        awaitSubscriptions(3);
        List<OpenRequest> opens = sim().openRequests();
        assertEquals(1, opens.size(), "one open call for the three routes");
        assertEquals(Set.of(new OpenRequest.Subscription("CALLBACK", DingTalkStreamTopic.BOT_TOPIC),
                new OpenRequest.Subscription("CALLBACK", DingTalkStreamTopic.CARD_TOPIC),
                new OpenRequest.Subscription("EVENT", "*")), Set.copyOf(opens.get(0).subscriptions()));

        sim().pushBotMessage(CLIENT_ID, BotMessage.text("hi")).awaitAck(TIMEOUT);
        sim().pushCardCallback(CLIENT_ID, CardCallback.action("c1")).awaitAck(TIMEOUT);
        assertEquals("SUCCESS", sim().pushEvent(CLIENT_ID, "user_add_org", "{}").awaitAck(TIMEOUT).status());
        // an event no route asked for is acked SUCCESS without routing
        assertEquals("SUCCESS", sim().pushEvent(CLIENT_ID, "chat_update_title", "{}").awaitAck(TIMEOUT).status());
        assertEquals(1, getMockEndpoint("mock:events").getReceivedCounter());
        assertEquals(1, getMockEndpoint("mock:bot").getReceivedCounter());
        assertEquals(1, getMockEndpoint("mock:card").getReceivedCounter());
    }

    @Test
    void stoppingARouteReSubscribesWithoutLosingAMessage() throws Exception {
        awaitSubscriptions(3);
        String before = sim().liveConnections(CLIENT_ID).get(0).id();
        List<Delivery> pushed = new ArrayList<>();
        int bots = 0;
        Thread stopper = new Thread(() -> {
            try {
                context.getRouteController().stopRoute("card");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        while (stopper.isAlive() || sim().liveConnections(CLIENT_ID).stream().anyMatch(c -> c.id().equals(before))) {
            Delivery bot = sim().pushBotMessage(CLIENT_ID, BotMessage.text("during " + bots++));
            pushed.add(bot);
            pushed.add(sim().pushEvent(CLIENT_ID, "user_leave_org", "{}"));
            assertTrue(bots < 1000, "the switch did not finish");
            // pace the pushes by the gateway: the next one once this one went out (or waits for a connection)
            await().atMost(TIMEOUT).until(() -> !bot.attempts().isEmpty() || bot.isWaiting());
        }
        for (int i = 0; i < 10; i++) {
            pushed.add(sim().pushBotMessage(CLIENT_ID, BotMessage.text("after " + i)));
            bots++;
        }
        for (Delivery delivery : pushed) {
            assertEquals(200, delivery.success().get(15, TimeUnit.SECONDS).code(), delivery.toString());
        }
        awaitSubscriptions(2);
        ConnectionInfo now = sim().liveConnections(CLIENT_ID).get(0);
        ConnectionInfo old = sim().connection(before).orElseThrow();
        assertTrue(!now.openedAt().isAfter(old.closedAt()), "make-before-break");
        assertEquals(bots, getMockEndpoint("mock:bot").getReceivedCounter(), "every bot message routed once");
    }

    @Test
    void suspendingAndResumingARouteChangesTheSubscriptions() throws Exception {
        awaitSubscriptions(3);
        context.getRouteController().suspendRoute("events");
        awaitSubscriptions(2);
        context.getRouteController().resumeRoute("events");
        awaitSubscriptions(3);
        assertEquals("SUCCESS", sim().pushEvent(CLIENT_ID, "user_add_org", "{}").success().get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void twoRoutesOnTheSameTopicOfOneAppFailFast() throws Exception {
        awaitSubscriptions(3);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        // another URI for the same topic (the same URI twice is refused by Camel itself)
                        from(uri("/v1.0/im/bot/messages/get", "maxConcurrency=4")).routeId("bot2").to("mock:bot2");
                    }
                }));
        String message = org.apache.camel.util.ObjectHelper.getException(IllegalStateException.class, e).getMessage();
        assertTrue(message.contains("bot2") && message.contains("both consume"), message);
        // eventTypes that do not overlap may share the app
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("events", "eventTypes=chat_update_title")).routeId("titles").to("mock:titles");
            }
        });
        await().atMost(TIMEOUT).until(() -> context.getRouteController().getRouteStatus("titles").isStarted());
        assertEquals("SUCCESS", sim().pushEvent(CLIENT_ID, "chat_update_title", "{}").awaitAck(TIMEOUT).status());
        await().atMost(TIMEOUT).until(() -> getMockEndpoint("mock:titles").getReceivedCounter() == 1);
    }

    @Test
    void aRouteThatDisagreesOnTheSharedConnectionFailsToStartNamingBothRoutes() throws Exception {
        awaitSubscriptions(3);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri("/v1.0/graph/api/invoke", "connections=2")).routeId("graph").to("mock:graph");
                    }
                }));
        String message = org.apache.camel.util.ObjectHelper.getException(IllegalStateException.class, e).getMessage();
        assertTrue(message.contains("Route graph") && message.contains("connections=2 vs connections=1"), message);
        assertTrue(message.contains("route bot") || message.contains("route card") || message.contains("route events"),
                message);
        // the shared connection is untouched
        awaitSubscriptions(3);
    }
}
