package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * People type a question in several quick messages: with {@code mergeBursts} the messages that queued behind the one
 * being answered, from the same sender, become one exchange and one answer; every one of them is acked after that
 * answer, or handed back with the others.
 */
class BurstMergeTest extends DingTalkStreamTestSupport {

    private static final String CONVERSATION = "cidBurst==";

    private final Hold hold = new Hold();
    private final List<DingTalkBotMessage> routed = new CopyOnWriteArrayList<>();
    private final List<Object> mergedHeaders = new CopyOnWriteArrayList<>();

    private void start(String options) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", options)).routeId("bursts")
                        .process(exchange -> {
                            DingTalkBotMessage message = exchange.getIn().getBody(DingTalkBotMessage.class);
                            routed.add(message);
                            mergedHeaders.add(String.valueOf(
                                    exchange.getIn().getHeader(DingTalkStreamConstants.MERGED_MESSAGES)));
                            if (message.getText().startsWith("first")) {
                                hold.process(exchange);
                            }
                            if (message.getText().contains("fail")) {
                                throw new IllegalStateException("the model is down");
                            }
                        })
                        .setBody(simple("answer to ${body.text}"));
            }
        });
        awaitConnections(1);
    }

    private DingTalkStreamConsumer burstConsumer() {
        return (DingTalkStreamConsumer) context.getRoute("bursts").getConsumer();
    }

    private Delivery say(String text, String staffId) {
        return sim().pushBotMessage(CLIENT_ID, BotMessage.text(text).inGroup("burst").conversationId(CONVERSATION)
                .from(staffId, staffId));
    }

    /** The first message is in the route (held); the others have arrived and wait behind it. */
    private Delivery firstHeld() {
        Delivery first = say("first question", "zhangsan");
        await().atMost(TIMEOUT).until(() -> hold.inRoute.get() == 1);
        return first;
    }

    private void awaitQueued(int pending) {
        await().atMost(TIMEOUT).until(() -> burstConsumer().getPendingExchangesSize() == pending);
    }

    @Test
    void messagesQueuedBehindTheRunningOneBecomeOneQuestionAndAreAllAckedAfterItsAnswer() throws Exception {
        start("mergeBursts=true");
        firstHeld();
        List<Delivery> burst = List.of(say("how do I", "zhangsan"), say("stream answers", "zhangsan"),
                say("into a card?", "zhangsan"));
        awaitQueued(4);
        hold.release.countDown();

        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 2);
        BotReply answer = sim().botReplies().get(1);
        assertEquals("answer to how do I\nstream answers\ninto a card?", answer.text());
        DingTalkBotMessage merged = routed.get(1);
        assertTrue(merged.isMerged());
        assertEquals(List.of("how do I", "stream answers", "into a card?"),
                merged.getMessages().stream().map(DingTalkBotMessage::getText).toList());
        assertEquals("3", mergedHeaders.get(1));
        assertEquals(2, routed.size(), "one exchange for the first message, one for the burst");
        for (Delivery delivery : burst) {
            Ack ack = delivery.awaitAck(TIMEOUT);
            assertEquals(200, ack.code());
            assertFalse(ack.at().isBefore(answer.at()), "acked after the answer was posted");
        }
        assertEquals(2, burstConsumer().getMessagesMerged());
        await().atMost(TIMEOUT).until(() -> burstConsumer().getPendingExchangesSize() == 0);
    }

    @Test
    void whenTheMergedQuestionFailsEveryMessageOfItIsHandedBack() throws Exception {
        start("mergeBursts=true");
        firstHeld();
        List<Delivery> burst = List.of(say("one", "zhangsan"), say("two, and fail", "zhangsan"));
        awaitQueued(3);
        hold.release.countDown();

        for (Delivery delivery : burst) {
            assertEquals(500, delivery.awaitAck(TIMEOUT).code(), "DingTalk is told the message was not handled");
        }
        await().atMost(TIMEOUT).until(() -> burstConsumer().getPendingExchangesSize() == 0);
        assertEquals(List.of("answer to first question"), sim().botReplies().stream().map(BotReply::text).toList());
        assertEquals(1, recorder.errors.size(), "the failure is reported once, for the merged question");
    }

    @Test
    void anotherSenderInBetweenEndsTheBurstAndTheOrderHolds() throws Exception {
        start("mergeBursts=true");
        firstHeld();
        say("a1", "zhangsan");
        say("b1", "lisi");
        say("a2", "zhangsan");
        awaitQueued(4);
        hold.release.countDown();

        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 4);
        assertEquals(List.of("answer to first question", "answer to a1", "answer to b1", "answer to a2"),
                sim().botReplies().stream().map(BotReply::text).toList());
    }

    @Test
    void withAWindowThreeQuickMessagesOfAnIdleConversationBecomeOneAnswer() throws Exception {
        start("mergeBursts=true&mergeWindow=1500");
        List<Delivery> burst = List.of(say("what is", "zhangsan"), say("Apache", "zhangsan"), say("Camel?", "zhangsan"));

        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 1);
        assertEquals("answer to what is\nApache\nCamel?", sim().botReplies().get(0).text());
        for (Delivery delivery : burst) {
            assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        }
        assertEquals(1, routed.size());
    }

    @Test
    void offByDefaultEachQueuedMessageIsItsOwnExchange() throws Exception {
        start("");
        firstHeld();
        say("one", "zhangsan");
        say("two", "zhangsan");
        awaitQueued(3);
        hold.release.countDown();

        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 3);
        assertEquals(List.of("answer to first question", "answer to one", "answer to two"),
                sim().botReplies().stream().map(BotReply::text).toList());
        assertEquals(0, burstConsumer().getMessagesMerged());
    }

    @Test
    void aRedeliveredMessageOfAMergedQuestionIsAckedWithoutRoutingAgain() throws Exception {
        start("mergeBursts=true&idempotentRepository=#memory");
        firstHeld();
        say("one", "zhangsan");
        Delivery two = say("two", "zhangsan");
        awaitQueued(3);
        hold.release.countDown();
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 2);
        assertEquals(200, two.awaitAck(TIMEOUT).code());

        sim().duplicate(two.messageId());
        await().atMost(TIMEOUT).until(() -> two.acks().size() == 2);
        assertEquals(200, two.acks().get(1).code());
        assertEquals(2, routed.size(), "not routed again");
        assertEquals(2, sim().botReplies().size(), "not answered again");
    }
}
