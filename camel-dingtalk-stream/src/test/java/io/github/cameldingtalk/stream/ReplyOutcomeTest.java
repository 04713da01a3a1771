package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.ApiCall;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import io.github.cameldingtalk.stream.openapi.DingTalkOutcomeUnknownException;
import io.github.cameldingtalk.stream.openapi.SessionWebhookException;
import java.time.Duration;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * What a user sees of replies when things go wrong: a reply DingTalk took but never answered is not posted twice,
 * throttling is waited out, an expired sessionWebhook is answered through the robot OpenAPI, an external user is
 * answered, and logs never show the webhook URL.
 */
class ReplyOutcomeTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "replyRetryDelay=50&idempotentRepository=#memory")).routeId("bot")
                        .to("log:io.github.cameldingtalk.test.body")
                        .log("received ${body}")
                        .choice()
                            .when(simple("${body.text} == 'announce'"))
                                .setBody(e -> io.github.cameldingtalk.stream.model.DingTalkMessage.text("announced")
                                        .toConversation("cidAnnounce"))
                                .to(uri("bot").replace("dingtalk-stream:bot?", "dingtalk-stream:bot?operation=sendMessage&"))
                                .setBody(simple("done"))
                            .when(simple("${body.text} == 'stream'")).setBody(e -> List.of("Hello", ", ", "world"))
                            .otherwise().setBody(simple("You said: ${body.text}"));
            }
        };
    }

    private DingTalkStreamConsumer botConsumer() {
        return (DingTalkStreamConsumer) context.getRoute("bot").getConsumer();
    }

    private List<BotReply> repliesTo(String text) {
        return sim().botReplies().stream().filter(r -> ("You said: " + text).equals(r.text())).toList();
    }

    private List<ApiCall> posts() {
        return sim().apiCalls("/robot/sendBySession");
    }

    @Test
    void aReplyTakenThenLeftUnansweredIsReportedAsUnknownAckedAndNeverPostedAgain() throws Exception {
        awaitConnections(1);
        sim().dropAfterAccepting("/robot/sendBySession", 1);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("once"));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code(), "a redelivery would post a second reply");
        await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
        DingTalkOutcomeUnknownException unknown = assertInstanceOf(DingTalkOutcomeUnknownException.class,
                recorder.errors.get(0));
        assertTrue(unknown.getCall().contains("sessionWebhook"), unknown.getCall());
        assertFalse(unknown.getMessage().contains("session="), "no webhook URL in the message");
        assertEquals(1, repliesTo("once").size(), "the reply reached the chat once");
        assertEquals(1, posts().size(), "posted once, not again");
        assertEquals(1L, botConsumer().getRepliesUnknown());
        assertEquals(0L, botConsumer().getRepliesFailed());
        // DingTalk delivers it again anyway: it is done, so it is acked without a second reply
        sim().duplicate(delivery.messageId());
        await().atMost(TIMEOUT).until(() -> delivery.acks().size() == 2);
        assertEquals(1, posts().size());
        await().atMost(TIMEOUT).until(() -> botConsumer().getInflightExchanges() == 0);
    }

    @Test
    void aRouteWhoseRobotSendHasAnUnknownOutcomeIsAckedNotRedelivered() throws Exception {
        awaitConnections(1);
        sim().dropAfterAccepting("/v1.0/robot/groupMessages/send", 1);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("announce"));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code(), "a redelivery would run the send again");
        await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
        assertInstanceOf(DingTalkOutcomeUnknownException.class, recorder.errors.get(0));
        assertEquals(1, sim().apiCalls("/v1.0/robot/groupMessages/send").size(), "sent once");
        assertTrue(repliesTo("announce").isEmpty() && sim().botReplies().stream().noneMatch(r -> "done".equals(r.text())),
                "the rest of the route did not run");
        await().atMost(TIMEOUT).until(() -> botConsumer().getInflightExchanges() == 0);
    }

    @Test
    void throttlingAndBusyAnswersAreWaitedOutAndRetried() throws Exception {
        awaitConnections(1);
        sim().failNextReplies(1, 429);
        Delivery throttled = sim().pushBotMessage(CLIENT_ID, BotMessage.text("429"));
        assertEquals(200, throttled.awaitAck(TIMEOUT).code());
        sim().failNextRepliesWithErrcode(1, 90018, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        Delivery limited = sim().pushBotMessage(CLIENT_ID, BotMessage.text("90018"));
        assertEquals(200, limited.awaitAck(TIMEOUT).code());
        assertEquals(1, repliesTo("429").size());
        assertEquals(1, repliesTo("90018").size());
        assertEquals(4, posts().size(), "each refused once, then accepted");
        assertEquals(2L, botConsumer().getReplyRetries());
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
    }

    @Test
    void anExpiredGroupWebhookIsAnsweredOnceThroughTheRobotOpenApi() throws Exception {
        awaitConnections(1);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("late").inGroup("研发群")
                .conversationId("cidLateGroup").sentAgo(Duration.ofMinutes(91)));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        List<ApiCall> sends = sim().apiCalls("/v1.0/robot/groupMessages/send");
        assertEquals(1, sends.size());
        assertEquals("cidLateGroup", sends.get(0).body().path("openConversationId").asText());
        assertEquals("sampleText", sends.get(0).body().path("msgKey").asText());
        assertTrue(sends.get(0).body().path("msgParam").asText().contains("You said: late"));
        assertEquals(0, posts().size(), "an expired webhook is not tried");
        assertEquals(1L, botConsumer().getRepliesViaOpenApi());
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
    }

    @Test
    void aWebhookAnswering300001FallsBackToOneDirectMessage() throws Exception {
        awaitConnections(1);
        sim().failNextRepliesWithErrcode(1, 300001, "session 不存在");
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("expired").from("staff42", "Ada"));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        List<ApiCall> sends = sim().apiCalls("/v1.0/robot/oToMessages/batchSend");
        assertEquals(1, sends.size());
        assertEquals("staff42", sends.get(0).body().path("userIds").get(0).asText());
        assertEquals(1, posts().size(), "the refused post is not repeated");
        assertEquals(1L, botConsumer().getRepliesViaOpenApi());
    }

    @Test
    void anExternalUserWithoutStaffIdIsAnsweredThroughTheWebhook() throws Exception {
        awaitConnections(1);
        Delivery text = sim().pushBotMessage(CLIENT_ID, BotMessage.text("hi").fromExternalUser("Guest"));
        assertEquals(200, text.awaitAck(TIMEOUT).code());
        assertEquals(1, repliesTo("hi").size());
        // a streamed answer has no robot space for an AI card: one markdown reply with the whole text
        Delivery streamed = sim().pushBotMessage(CLIENT_ID, BotMessage.text("stream").fromExternalUser("Guest"));
        assertEquals(200, streamed.awaitAck(TIMEOUT).code());
        BotReply reply = sim().botReplies().stream().filter(r -> "markdown".equals(r.msgtype())).findFirst()
                .orElseThrow();
        assertTrue(reply.body().path("markdown").path("text").asText().equals("Hello, world"), reply.body().toString());
        assertEquals(0, sim().apiCalls("/v1.0/card/instances/createAndDeliver").size());
        // and the conversation goes on
        Delivery next = sim().pushBotMessage(CLIENT_ID, BotMessage.text("again").fromExternalUser("Guest"));
        assertEquals(200, next.awaitAck(TIMEOUT).code());
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
        await().atMost(TIMEOUT).until(() -> botConsumer().getInflightExchanges() == 0);
    }

    @Test
    void logsOfTheBotBodyShowNoWebhookUrl() throws Exception {
        awaitConnections(1);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("log me"));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        List<String> logged = CapturedLogs.linesContaining("log me");
        assertTrue(logged.size() >= 2, "the log endpoint and the log EIP printed the body: " + logged);
        assertTrue(logged.stream().anyMatch(line -> line.contains("\"sessionWebhook\":\"***\"")), logged.toString());
        assertEquals(List.of(), CapturedLogs.linesContaining(sim().apiUrl() + "/robot/sendBySession"), "no webhook URL in any log line");
    }

    @Test
    void withTheFallbackOffAnExpiredWebhookFailsTheExchange() throws Exception {
        context.getRouteController().stopRoute("bot");
        context.removeRoute("bot");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "replyFallback=false")).routeId("strict").setBody(simple("You said: ${body.text}"));
            }
        });
        awaitConnections(1);
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("old")
                .sessionWebhookExpiresIn(Duration.ofSeconds(-1)));
        assertEquals(500, delivery.awaitAck(TIMEOUT).code());
        delivery.stopRedelivery();
        await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
        SessionWebhookException cause = assertInstanceOf(SessionWebhookException.class, recorder.errors.get(0).getCause());
        assertTrue(cause.isSessionExpired());
        assertTrue(recorder.errors.get(0).getMessage().contains("replyFallback"), recorder.errors.get(0).getMessage());
        assertEquals(0, sim().apiCalls("/v1.0/robot/oToMessages/batchSend").size());
        assertEquals(0, sim().botReplies().size());
    }
}
