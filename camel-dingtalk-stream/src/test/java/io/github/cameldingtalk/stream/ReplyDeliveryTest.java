package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import io.github.cameldingtalk.stream.openapi.SessionWebhookException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** The ack follows what the user sees: a bot message is acked 200 only once its reply was accepted. */
class ReplyDeliveryTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "replyRetryDelay=100&idempotentRepository=#memory")).routeId("bot")
                        .setBody(simple("You said: ${body.text}"));
            }
        };
    }

    private List<BotReply> repliesTo(String text) {
        return sim().botReplies().stream().filter(r -> ("You said: " + text).equals(r.text())).toList();
    }

    private void assertAckedAfterTheReply(Delivery delivery, String text) throws Exception {
        Ack ack = delivery.success().get(10, TimeUnit.SECONDS);
        assertEquals(200, ack.code());
        List<BotReply> replies = repliesTo(text);
        assertEquals(1, replies.size(), "exactly one reply reached the chat");
        assertFalse(ack.at().isBefore(replies.get(0).at()), "the ack went out after the reply was accepted");
    }

    @Test
    void aReplyFailingOnceWithHttp500IsRetriedOnceAndThenAcked() throws Exception {
        awaitConnections(1);
        sim().failNextReplies(1, 500);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("retry me"));
        assertAckedAfterTheReply(delivery, "retry me");
        assertEquals(2, sim().apiCalls("/robot/sendBySession").size(), "one failed post, one accepted");
        assertEquals(1, delivery.acks().size());
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
        assertEquals(1L, botConsumer().getReplyRetries());
    }

    @Test
    void aThrottlingErrcodeInAnHttp200IsRetriedToo() throws Exception {
        awaitConnections(1);
        sim().failNextRepliesWithErrcode(1, 90018, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("throttled"));
        assertAckedAfterTheReply(delivery, "throttled");
        assertEquals(2, sim().apiCalls("/robot/sendBySession").size());
        assertEquals(1L, botConsumer().getRepliesSent());
    }

    @Test
    void aReplyThatCannotBeDeliveredFailsTheExchangeAndDingTalkRedelivers() throws Exception {
        awaitConnections(1);
        sim().failNextReplies(3, 503);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("never"));
        Ack first = delivery.awaitAck(TIMEOUT);
        assertEquals(500, first.code(), "not done: DingTalk may deliver the message again");
        assertTrue(first.message().contains("HTTP 503"), first.message());
        await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
        DingTalkStreamException error = assertInstanceOf(DingTalkStreamException.class, recorder.errors.get(0));
        SessionWebhookException cause = assertInstanceOf(SessionWebhookException.class, error.getCause());
        assertEquals(503, cause.getStatusCode());
        assertEquals(3, cause.getAttempts(), "replyMaxAttempts");
        assertFalse(error.getMessage().contains("session="), "no webhook URL in the message");
        assertEquals(1L, botConsumer().getRepliesFailed());
        assertTrue(repliesTo("never").isEmpty());

        // DingTalk delivers it again (same messageId and msgId): the keys were released, so it is routed and answered
        assertTrue(sim().duplicate(delivery.messageId()));
        assertAckedAfterTheReply(delivery, "never");
        assertEquals(0L, botConsumer().getDuplicatesDropped());
    }

    @Test
    void aRefusalIsNotRetriedAndCarriesDingTalksCodeAndMessage() throws Exception {
        awaitConnections(1);
        sim().failNextRepliesWithErrcode(1, 40035, "缺少参数 json");
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("refused"));
        assertEquals(500, delivery.awaitAck(TIMEOUT).code());
        await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
        SessionWebhookException cause = (SessionWebhookException) recorder.errors.get(0).getCause();
        assertEquals(40035, cause.getErrcode());
        assertEquals(1, cause.getAttempts());
        assertTrue(recorder.errors.get(0).getMessage().contains("40035 缺少参数 json"),
                recorder.errors.get(0).getMessage());
        assertEquals(1, sim().apiCalls("/robot/sendBySession").size());
    }

    private DingTalkStreamConsumer botConsumer() {
        return (DingTalkStreamConsumer) context.getRoute("bot").getConsumer();
    }
}
