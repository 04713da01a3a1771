package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * Replies are as concurrent as the slots (not OkHttp's default 5 calls per host), and a burst of slow producer sends
 * of the same app never holds chat replies back.
 */
class ReplyConcurrencyTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot")).routeId("bot").setBody(simple("You said: ${body.text}"));
                // no client-side pacing here: every send is in flight at once
                from("direct:send").to(uri("bot").replace("dingtalk-stream:bot?",
                        "dingtalk-stream:bot?operation=sendMessage&apiRateLimit=0&"));
            }
        };
    }

    private List<Delivery> pushInOwnConversations(int count, String prefix) {
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            deliveries.add(sim().pushBotMessage(CLIENT_ID, BotMessage.text(prefix + i).conversationId("cid" + prefix + i)));
        }
        return deliveries;
    }

    @Test
    void everySlotRepliesAtTheSameTime() throws Exception {
        awaitConnections(1);
        sim().delayReplies(Duration.ofMillis(500));
        for (Delivery delivery : pushInOwnConversations(64, "wide")) {
            assertEquals(200, delivery.awaitAck(Duration.ofSeconds(20)).code());
        }
        assertTrue(sim().mostRepliesInFlight() > 32, "replies at once: " + sim().mostRepliesInFlight());
    }

    @Test
    void slowProducerSendsDoNotHoldRepliesBack() throws Exception {
        awaitConnections(1);
        sim().delayApiCalls("/v1.0/robot/groupMessages/send", Duration.ofSeconds(3));
        List<CompletableFuture<Exchange>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String text = "report " + i;
            sends.add(template.asyncSend("direct:send", e -> e.getMessage().setBody(DingTalkMessage.text(text)
                    .toConversation("cidReports"))));
        }
        // the sends are all at DingTalk, each held 3 s; the chat is answered meanwhile
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> sim().apiCallsHeld() == 10);
        for (Delivery delivery : pushInOwnConversations(10, "chat")) {
            assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        }
        assertTrue(sends.stream().noneMatch(CompletableFuture::isDone),
                "every reply went out while the sends were still held");
        for (CompletableFuture<Exchange> sent : sends) {
            assertEquals(null, sent.get(30, TimeUnit.SECONDS).getException());
        }
    }
}
