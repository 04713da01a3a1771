package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.CardCallback;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.model.DingTalkCardCallback;
import io.github.cameldingtalk.stream.model.DingTalkCardResponse;
import io.github.cameldingtalk.stream.model.DingTalkEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

class CallbackAndEventTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot")).routeId("bot").to("mock:bot")
                        .filter(simple("${body.text} == 'boom'")).throwException(new IllegalStateException("bot failed"));

                from(uri("card")).routeId("card").to("mock:card")
                        .process(exchange -> {
                            DingTalkCardCallback callback = exchange.getIn().getBody(DingTalkCardCallback.class);
                            Object action = callback.getParams().get("action");
                            if ("fail".equals(action)) {
                                throw new IllegalArgumentException("cannot do " + action);
                            }
                            exchange.getMessage().setBody(DingTalkCardResponse.create()
                                    .cardData("status", "done:" + action).privateData("count", 3));
                        });

                from(uri("events")).routeId("events").to("mock:events")
                        .choice()
                            .when(header(DingTalkStreamConstants.EVENT_TYPE).isEqualTo("explode"))
                                .throwException(new IllegalStateException("event failed"))
                            .when(header(DingTalkStreamConstants.EVENT_TYPE).isEqualTo("not_now"))
                                .setHeader(DingTalkStreamConstants.EVENT_STATUS, constant("LATER"))
                        .end();

                from(uri("/v1.0/graph/api/invoke")).routeId("graph").to("mock:graph")
                        .setBody(simple("{\"statusLine\":{\"code\":200},\"body\":\"${body.length()}\"}"));
            }
        };
    }

    @Test
    void everyMessageTypeArrivesTyped() throws Exception {
        awaitSubscriptions(4);
        MockEndpoint bot = getMockEndpoint("mock:bot");
        bot.expectedMessageCount(5);
        for (BotMessage message : List.of(BotMessage.picture(), BotMessage.richText("第一", "[picture]", " 第二"),
                BotMessage.audio("语音内容", 4200), BotMessage.video(8000), BotMessage.file("报告.pdf"))) {
            sim().pushBotMessage(CLIENT_ID, message).awaitAck(TIMEOUT);
        }
        bot.assertIsSatisfied(TIMEOUT.toMillis());
        List<DingTalkBotMessage> bodies = bot.getExchanges().stream()
                .map(e -> e.getIn().getBody(DingTalkBotMessage.class)).toList();
        assertEquals("picture", bodies.get(0).getMsgtype());
        assertNotNull(bodies.get(0).getDownloadCode());
        assertEquals("第一 第二", bodies.get(1).getText());
        assertTrue(bodies.get(1).getRichText().get(1).isPicture());
        assertEquals("语音内容", bodies.get(2).getText());
        assertEquals(4200L, bodies.get(2).getDuration());
        assertEquals(8000L, bodies.get(3).getDuration(), "a duration sent as a string is read too");
        assertEquals("报告.pdf", bodies.get(4).getFileName());
        // nothing to say for these: no reply was posted
        assertEquals(0, sim().botReplies().size());

        // every body converts to String (the original JSON) and Map
        Exchange first = bot.getExchanges().get(0);
        assertTrue(first.getIn().getBody(String.class).contains("\"msgtype\":\"picture\""));
        assertEquals("picture", first.getIn().getBody(Map.class).get("msgtype"));
    }

    @Test
    void cardCallbacksAnswerWithTheRoutesOutput() throws Exception {
        awaitSubscriptions(4);
        Delivery delivery = sim().pushCardCallback(CLIENT_ID, CardCallback.action("card-9", "approve").param("action", "agree"));
        Ack ack = delivery.awaitAck(TIMEOUT);
        assertEquals(200, ack.code());
        assertEquals("done:agree", ack.response().at("/cardData/cardParamMap/status").asText());
        assertEquals("3", ack.response().at("/userPrivateData/cardParamMap/count").asText());
        assertTrue(ack.response().at("/cardUpdateOptions/updateCardDataByKey").asBoolean());
        DingTalkCardCallback received = getMockEndpoint("mock:card").getExchanges().get(0).getIn()
                .getBody(DingTalkCardCallback.class);
        assertEquals("card-9", received.getOutTrackId());
        assertEquals(List.of("approve"), received.getActionIds());
    }

    @Test
    void eventsAreAckedSuccessOrLaterAsTheRouteSays() throws Exception {
        awaitSubscriptions(4);
        Delivery ok = sim().pushEvent(CLIENT_ID, "user_add_org", Map.of("userId", List.of("u1")));
        assertEquals("SUCCESS", ok.success().get(10, TimeUnit.SECONDS).status());
        Exchange exchange = getMockEndpoint("mock:events").getExchanges().get(0);
        DingTalkEvent event = exchange.getIn().getBody(DingTalkEvent.class);
        assertEquals("user_add_org", event.getEventType());
        assertEquals("u1", ((List<?>) event.getData().get("userId")).get(0));
        assertEquals(ok.extraHeaders().get("eventId"), exchange.getIn().getHeader(DingTalkStreamConstants.EVENT_ID));
        assertEquals(ok.extraHeaders().get("eventCorpId"), exchange.getIn().getHeader(DingTalkStreamConstants.EVENT_CORP_ID));
        assertTrue(exchange.getIn().getHeader(DingTalkStreamConstants.EVENT_BORN_TIME) instanceof Long);

        Delivery later = sim().pushEvent(CLIENT_ID, "not_now", "{}");
        Ack laterAck = later.awaitAck(TIMEOUT);
        assertEquals(200, laterAck.code());
        assertEquals("LATER", laterAck.status());
    }

    @Test
    void routeFailuresAskDingTalkToRedeliverAndReachTheExceptionHandler() throws Exception {
        awaitSubscriptions(4);
        Ack event = sim().pushEvent(CLIENT_ID, "explode", "{}").awaitAck(TIMEOUT);
        assertEquals("LATER", event.status());
        assertTrue(event.dataJson().get("message").asText().contains("event failed"));

        Ack card = sim().pushCardCallback(CLIENT_ID, CardCallback.action("c", "x").param("action", "fail")).awaitAck(TIMEOUT);
        assertEquals(500, card.code());
        assertTrue(card.message().contains("cannot do fail"));

        Ack bot = sim().pushBotMessage(CLIENT_ID, BotMessage.text("boom")).awaitAck(TIMEOUT);
        assertEquals(500, bot.code());

        await().atMost(TIMEOUT).until(() -> recorder.errors.size() == 3);
        assertTrue(recorder.errors.stream().anyMatch(e -> "event failed".equals(e.getMessage())));
        assertTrue(recorder.errors.stream().anyMatch(e -> "bot failed".equals(e.getMessage())));
        assertEquals(0, sim().botReplies().size(), "a failed bot route sends no reply");
    }

    @Test
    void otherCallbackTopicsGetTheDataAsStringAndAnswerWithJson() throws Exception {
        awaitSubscriptions(4);
        Delivery delivery = sim().pushCallback(CLIENT_ID, "/v1.0/graph/api/invoke", "{\"requestLine\":{\"method\":\"GET\"}}");
        Ack ack = delivery.awaitAck(TIMEOUT);
        assertEquals(200, ack.code());
        assertEquals(200, ack.response().at("/statusLine/code").asInt());
        assertEquals("{\"requestLine\":{\"method\":\"GET\"}}",
                getMockEndpoint("mock:graph").getExchanges().get(0).getIn().getBody(String.class));
    }


    @Test
    void fourRoutesWithTheSameCredentialsWorkAtTheSameTime() throws Exception {
        awaitSubscriptions(4);
        java.util.List<Delivery> deliveries = List.of(
                sim().pushBotMessage(CLIENT_ID, BotMessage.text("one")),
                sim().pushCardCallback(CLIENT_ID, CardCallback.action("c1").param("action", "go")),
                sim().pushEvent(CLIENT_ID, "chat_update_title", "{}"),
                sim().pushCallback(CLIENT_ID, "/v1.0/graph/api/invoke", "{}"));
        for (Delivery delivery : deliveries) {
            assertEquals(200, delivery.awaitAck(TIMEOUT).code(), delivery.toString());
        }
        for (String mock : List.of("mock:bot", "mock:card", "mock:events", "mock:graph")) {
            assertEquals(1, getMockEndpoint(mock).getReceivedCounter(), mock);
        }
    }
}
