package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** A graceful stop finishes the replies in flight (retries included) before the socket closes. */
class GracefulStopRepliesTest extends DingTalkStreamTestSupport {

    private final Hold hold = new Hold();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "replyRetryDelay=100")).routeId("slow-bot")
                        .process(hold)
                        .setBody(simple("done: ${body.text}"));
            }
        };
    }

    @Test
    void everyReplyInFlightIsPostedBeforeTheConnectionCloses() throws Exception {
        awaitConnections(1);
        String connection = sim().liveConnections(CLIENT_ID).get(0).id();
        List<Delivery> inFlight = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inFlight.add(sim().pushBotMessage(CLIENT_ID, BotMessage.text("slow " + i)));
        }
        await().atMost(TIMEOUT).until(() -> hold.inRoute.get() == 20);
        // DingTalk answers slowly, and the first two posts fail and are retried
        sim().delayReplies(Duration.ofMillis(300));
        sim().failNextReplies(2, 502);

        context.getShutdownStrategy().setTimeout(30);
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("slow-bot").getConsumer();
        Thread stopper = new Thread(context::stop, "stopper");
        stopper.start();
        await().atMost(TIMEOUT).until(() -> !consumer.isAccepting());
        hold.release.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(stopper.isAlive());

        ConnectionInfo closed = sim().connection(connection).orElseThrow();
        assertEquals(ConnectionInfo.State.CLOSED, closed.state());
        List<BotReply> replies = sim().botReplies();
        assertEquals(20, replies.size(), "all 20 replies reached the chat");
        for (BotReply reply : replies) {
            assertTrue(reply.accepted());
            assertFalse(reply.at().isAfter(closed.closedAt()), "replied before the connection closed");
        }
        for (Delivery delivery : inFlight) {
            Ack ack = delivery.success().get(1, TimeUnit.SECONDS);
            assertEquals(connection, ack.connectionId());
            BotReply reply = replies.stream().filter(r -> ("done: " + textOf(delivery)).equals(r.text()))
                    .findFirst().orElseThrow();
            assertFalse(ack.at().isBefore(reply.at()), "acked after its reply");
        }
    }

    private static String textOf(Delivery delivery) {
        return io.github.cameldingtalk.stream.model.Json.parseNested(delivery.data()).path("text").path("content")
                .asText().trim();
    }
}
