package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.model.DingTalkReply;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

class BotMessageTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot")).routeId("bot")
                        .to("mock:in")
                        .choice()
                            .when(simple("${body.text} == 'help'"))
                                .setBody(exchange -> DingTalkReply.markdown("Help", "**ask me** anything")
                                        .atUserIds(exchange.getIn().getBody(DingTalkBotMessage.class).getSenderStaffId()))
                            .when(simple("${body.text} == 'card'"))
                                .setBody(exchange -> DingTalkReply.actionCard("Approve?", "Leave request")
                                        .button("Yes", "dtmd://yes").button("No", "dtmd://no"))
                            .when(simple("${body.text} == 'map'"))
                                .setBody(exchange -> Map.of("msgtype", "text", "text", Map.of("content", "from a map"),
                                        "at", Map.of("isAtAll", true)))
                            .when(simple("${body.text} == 'silent'"))
                                .log("no reply for ${header.CamelDingTalkStreamMsgId}")
                            .otherwise()
                                .setBody(simple("You said: ${body.text}"))
                        .end();
            }
        };
    }

    @Test
    void aTextMessageIsAnsweredWithTheRoutesOutputAndAcked() throws Exception {
        awaitConnections(1);
        BotMessage message = BotMessage.text("你好 😀 DingTalk").from("staff42", "李四");
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, message);

        Ack ack = delivery.awaitAck(TIMEOUT);
        assertEquals(200, ack.code());
        assertEquals(delivery.messageId(), ack.messageId());
        await().atMost(TIMEOUT).until(() -> !sim().botReplies().isEmpty());
        BotReply reply = sim().botReplies().get(0);
        assertEquals("text", reply.msgtype());
        assertEquals("You said: 你好 😀 DingTalk", reply.text());
        assertEquals(message.msgId(), reply.inReplyTo());
        assertEquals(0, reply.errcode());

        MockEndpoint in = getMockEndpoint("mock:in");
        DingTalkBotMessage received = in.getExchanges().get(0).getIn().getBody(DingTalkBotMessage.class);
        assertEquals("staff42", received.getSenderStaffId());
        assertEquals(message.msgId(), in.getExchanges().get(0).getIn().getHeader(DingTalkStreamConstants.MSG_ID));
        assertEquals(delivery.messageId(), in.getExchanges().get(0).getIn().getHeader(DingTalkStreamConstants.MESSAGE_ID));
        assertEquals("CALLBACK", in.getExchanges().get(0).getIn().getHeader(DingTalkStreamConstants.TYPE));
        assertEquals("staff42", in.getExchanges().get(0).getIn().getHeader(DingTalkStreamConstants.SENDER_STAFF_ID));
        assertTrue(in.getExchanges().get(0).getIn().getHeader(DingTalkStreamConstants.TIME) instanceof Long);
    }

    @Test
    void groupMessagesLoseTheMentionSpaceAndRepliesCanMention() throws Exception {
        awaitConnections(1);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("help").inGroup("研发群").from("staff7", "王五"))
                .awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> !sim().botReplies().isEmpty());
        BotReply reply = sim().botReplies().get(0);
        assertEquals("markdown", reply.msgtype());
        assertEquals("**ask me** anything", reply.text());
        assertEquals(List.of("staff7"), List.of(reply.body().at("/at/atUserIds/0").asText()));
    }

    @Test
    void anActionCardReplyKeepsItsButtons() throws Exception {
        awaitConnections(1);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("card")).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 1);
        BotReply card = sim().botReplies().get(0);
        assertEquals("actionCard", card.msgtype());
        assertEquals("Yes", card.body().at("/actionCard/btns/0/title").asText());
        assertEquals("dtmd://no", card.body().at("/actionCard/btns/1/actionURL").asText());
    }

    @Test
    void aMapWithMsgtypeIsPostedAsTheReply() throws Exception {
        awaitConnections(1);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("map")).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 1);
        BotReply map = sim().botReplies().get(0);
        assertEquals("text", map.msgtype());
        assertEquals("from a map", map.text());
        assertTrue(map.body().at("/at/isAtAll").asBoolean());
    }

    @Test
    void aRouteThatLeavesTheMessageAsItIsIsAckedWithoutAReply() throws Exception {
        awaitConnections(1);
        Delivery silent = sim().pushBotMessage(CLIENT_ID, BotMessage.text("silent"));
        assertEquals(200, silent.awaitAck(TIMEOUT).code());
        // a message pushed after it is answered: had the silent one posted anything, it would come first
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("after")).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() >= 1);
        assertEquals(List.of("You said: after"), sim().botReplies().stream().map(BotReply::text).toList());
    }

    @Test
    void largeMessagesRoundTripIntact() throws Exception {
        awaitConnections(1);
        String big = "钉钉🚀".repeat(200 * 1024 / 9);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text(big));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        await().atMost(TIMEOUT).until(() -> !sim().botReplies().isEmpty());
        assertEquals("You said: " + big, sim().botReplies().get(0).text());
    }

    @Test
    void anExpiredSessionWebhookIsNotRetriedButAnsweredThroughTheOpenApi() throws Exception {
        awaitConnections(1);
        sim().expireSessions();
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("too late"));
        sim().expireSessions();
        // the webhook answers 300001 once; the reply goes once through the robot OpenAPI into the same chat
        assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        assertEquals(1, sim().apiCalls("/robot/sendBySession").size(), "a refusal is not retried");
        assertEquals(1, sim().apiCalls("/v1.0/robot/oToMessages/batchSend").size());
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
    }

    @Test
    void aReplyToAMessageWhoseWebhookAlreadyExpiredGoesStraightToTheOpenApi() throws Exception {
        awaitConnections(1);
        Delivery old = sim().pushBotMessage(CLIENT_ID,
                BotMessage.text("old").sessionWebhookExpiresIn(java.time.Duration.ofSeconds(-1)));
        assertEquals(200, old.awaitAck(TIMEOUT).code());
        assertEquals(0, sim().apiCalls("/robot/sendBySession").size(), "no post to an expired webhook");
        assertEquals(1, sim().apiCalls("/v1.0/robot/oToMessages/batchSend").size());
        assertEquals(0, sim().botReplies().size());
    }
}
