package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** With {@code orderPerConversation=false} the messages of one conversation run in parallel. */
class ConversationOrderOffTest extends DingTalkStreamTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inRoute = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "orderPerConversation=false")).routeId("unordered")
                        .process(exchange -> {
                            inRoute.incrementAndGet();
                            release.await(10, TimeUnit.SECONDS); // the slow work under test
                        })
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
        await().atMost(TIMEOUT).until(() -> inRoute.get() == 3);
        release.countDown();
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 3);
        assertTrue(sim().botReplies().stream().allMatch(r -> "ok".equals(r.text())));
    }
}
