package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** With ackMode=IMMEDIATE the ack goes out on receipt, and the reply still counts as work in flight. */
class ImmediateAckReplyTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "ackMode=IMMEDIATE&replyRetryDelay=100")).routeId("immediate")
                        .setBody(simple("later: ${body.text}"));
            }
        };
    }

    @Test
    void theAckPrecedesTheReplyAndAStopWaitsForTheReply() throws Exception {
        awaitConnections(1);
        String connection = sim().liveConnections(CLIENT_ID).get(0).id();
        sim().delayReplies(Duration.ofMillis(800));
        sim().failNextReplies(1, 500);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("quick"));
        Ack ack = delivery.awaitAck(TIMEOUT);
        assertEquals(200, ack.code());
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("immediate").getConsumer();
        assertEquals(1, consumer.getInflightExchanges(), "the reply is still being delivered");

        context.stop();
        // the ack was out, so the connection may have closed already; the reply (retry included) was still awaited
        BotReply reply = sim().botReplies().stream().filter(r -> "later: quick".equals(r.text())).findFirst()
                .orElseThrow(() -> new AssertionError("the stop did not wait for the reply"));
        assertTrue(reply.at().isAfter(ack.at()), "acked on receipt, replied after the route");
        assertEquals(1L, consumer.getReplyRetries());
        assertEquals(1L, consumer.getRepliesSent());
        await().atMost(TIMEOUT).until(() -> sim().connection(connection).orElseThrow().state()
                == ConnectionInfo.State.CLOSED);
    }
}
