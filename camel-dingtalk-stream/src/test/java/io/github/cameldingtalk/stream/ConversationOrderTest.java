package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** A user who types quickly gets the answers in the order asked; other conversations do not wait for theirs. */
class ConversationOrderTest extends DingTalkStreamTestSupport {

    private final Set<String> conversationsInRoute = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mostConversationsAtOnce = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot")).routeId("ordered")
                        .process(exchange -> {
                            DingTalkBotMessage message = exchange.getIn().getBody(DingTalkBotMessage.class);
                            conversationsInRoute.add(message.getConversationId());
                            mostConversationsAtOnce.accumulateAndGet(conversationsInRoute.size(), Math::max);
                            // later messages are quicker: without ordering their answers would overtake
                            int n = Integer.parseInt(message.getText().substring(message.getText().indexOf('#') + 1));
                            Thread.sleep((8 - n) * 25L); // the route's work under test
                            conversationsInRoute.remove(message.getConversationId());
                        })
                        .setBody(simple("answer to ${body.text}"));
            }
        };
    }

    @Test
    void eachConversationIsAnsweredInSendOrderAndConversationsRunInParallel() {
        awaitConnections(1);
        List<String> conversations = List.of("cidAlice==", "cidBob==");
        for (int n = 0; n < 8; n++) {
            for (String conversation : conversations) {
                sim().pushBotMessage(CLIENT_ID, BotMessage.text(conversation + " #" + n).conversationId(conversation));
            }
        }
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 16);
        for (String conversation : conversations) {
            List<String> answers = new ArrayList<>();
            for (BotReply reply : sim().botReplies()) {
                if (conversation.equals(reply.conversationId())) {
                    answers.add(reply.text());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                expected.add("answer to " + conversation + " #" + n);
            }
            assertEquals(expected, answers, "replies of " + conversation + " in the order the user sent");
        }
        assertEquals(2, mostConversationsAtOnce.get(), "the two conversations were processed in parallel");
    }
}
