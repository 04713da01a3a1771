package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** With {@code orderPerConversation=false} the messages of one conversation run in parallel. */
class ConversationOrderOffTest extends DingTalkStreamTestSupport {

    private final Hold hold = new Hold();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "orderPerConversation=false")).routeId("unordered")
                        .process(hold)
                        .setBody(constant("ok"));
            }
        };
    }

    @Test
    void messagesOfOneConversationRunAtTheSameTime() {
        awaitConnections(1);
        for (int n = 0; n < 3; n++) {
            sim().pushBotMessage(CLIENT_ID, BotMessage.text("#" + n).conversationId("cidSame=="));
        }
        await().atMost(TIMEOUT).until(() -> hold.inRoute.get() == 3);
        hold.release.countDown();
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 3);
        assertTrue(sim().botReplies().stream().allMatch(r -> "ok".equals(r.text())));
    }
}
