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
        List<Delivery> pushed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pushed.add(sim().pushBotMessage(CLIENT_ID, BotMessage.text("m" + i).conversationId("conv" + (i % 7))));
            pushed.add(sim().pushEvent(CLIENT_ID, "pooled_event", "{\"i\":" + i + "}"));
        }
        for (Delivery delivery : pushed) {
            assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        }
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 200);
        Map<String, String> replies = sim().botReplies().stream()
                .collect(Collectors.toMap(BotReply::text, BotReply::conversationId));
        for (int i = 0; i < 200; i++) {
            assertEquals("conv" + (i % 7), replies.get("echo m" + i + " in conv" + (i % 7)), "reply to m" + i);
        }
        assertEquals(400, sim().acks().size(), "one ack per frame");
        sim().assertNoViolations();
    }
}
