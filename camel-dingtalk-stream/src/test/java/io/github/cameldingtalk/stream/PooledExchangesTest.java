package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.engine.PooledExchangeFactory;
import org.apache.camel.impl.engine.PooledProcessorExchangeFactory;
import org.junit.jupiter.api.Test;

/**
 * With Camel's pooled exchange factory ({@code camel.main.exchangeFactory = pooled}, the tuning the adoc suggests)
 * exchanges are reused: each reply must still answer its own message, in its own conversation, and each event be
 * acked once.
 */
class PooledExchangesTest extends DingTalkStreamTestSupport {

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getCamelContextExtension().setExchangeFactory(new PooledExchangeFactory());
        context.getCamelContextExtension().setProcessorExchangeFactory(new PooledProcessorExchangeFactory());
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot")).routeId("bot")
                        .setBody(simple("echo ${body.text} in ${header.CamelDingTalkStreamConversationId}"));
                from(uri("events")).routeId("events").log("${header.CamelDingTalkStreamEventId}");
            }
        };
    }

    @Test
    void everyReplyAnswersItsOwnMessageWhenExchangesAreReused() throws Exception {
        awaitSubscriptions(2);
        List<Delivery> bots = new ArrayList<>();
        List<Delivery> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bots.add(sim().pushBotMessage(CLIENT_ID, BotMessage.text("m" + i).conversationId("conv" + (i % 10))));
            events.add(sim().pushEvent(CLIENT_ID, "pooled_event", "{\"i\":" + i + "}"));
        }
        for (Delivery delivery : bots) {
            assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        }
        for (Delivery delivery : events) {
            assertEquals("SUCCESS", delivery.awaitAck(TIMEOUT).status());
        }
        // a message DingTalk redelivered (no ack within the simulator's 2 s) is answered again, as it should be
        long expected = 100 + bots.stream().mapToLong(Delivery::redeliveries).sum();
        await().atMost(TIMEOUT).untilAsserted(() -> assertEquals(expected, sim().botReplies().size()));
        Map<String, Set<String>> conversationsByText = sim().botReplies().stream().collect(Collectors.groupingBy(
                BotReply::text, Collectors.mapping(BotReply::conversationId, Collectors.toSet())));
        assertEquals(100, conversationsByText.size(), "one distinct reply per message");
        for (int i = 0; i < 100; i++) {
            String conversation = "conv" + (i % 10);
            assertEquals(Set.of(conversation), conversationsByText.get("echo m" + i + " in " + conversation),
                    "the reply to m" + i + " is its own, in its own conversation");
        }
        sim().assertNoViolations();
    }
}
