package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.ApiCall;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import io.github.cameldingtalk.stream.openapi.DingTalkApiException;
import io.github.cameldingtalk.stream.openapi.DingTalkOutcomeUnknownException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Robot sends: never twice, throttling waited out, at most apiRateLimit calls in any second from the first one. */
class ProducerOutcomeTest extends DingTalkStreamTestSupport {

    private static final String GROUP = "/v1.0/robot/groupMessages/send";

    /** The app's producer with its defaults (apiRateLimit 20, apiTimeout 30 s). */
    private String producer() {
        return uri("bot").replace("dingtalk-stream:bot?", "dingtalk-stream:bot?operation=sendMessage&");
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to(producer());
            }
        };
    }

    private static DingTalkMessage toGroup(String text) {
        return DingTalkMessage.text(text).toConversation("cidProducerGroup");
    }

    private List<ApiCall> sends() {
        return sim().apiCalls(GROUP);
    }

    @Test
    void aSendTakenThenLeftUnansweredFailsAsUnknownAndIsNotRepeated() throws Exception {
        sim().dropAfterAccepting(GROUP, 1);
        Exchange result = template.send("direct:send", e -> e.getMessage().setBody(toGroup("once")));
        DingTalkOutcomeUnknownException unknown = assertInstanceOf(DingTalkOutcomeUnknownException.class,
                result.getException());
        assertEquals("POST " + GROUP, unknown.getCall());
        assertEquals(1, sends().size(), "sent once: the message is in the group, and not a second time");
        assertEquals(1L, producerOf(producer()).getOutcomesUnknown());
    }

    /** A producer of the app: the counters belong to the app's OpenAPI client, shared by its producers. */
    private io.github.cameldingtalk.stream.producer.DingTalkStreamProducer producerOf(String uri) throws Exception {
        var producer = (io.github.cameldingtalk.stream.producer.DingTalkStreamProducer) context.getEndpoint(uri)
                .createProducer();
        producer.start();
        return producer;
    }

    @Test
    void throttledSendsAreRetried() {
        sim().failNextApiCalls(GROUP, 1, 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        Exchange limited = template.send("direct:send", e -> e.getMessage().setBody(toGroup("limited")));
        assertNull(limited.getException());
        sim().failNextApiCalls(GROUP, 1, 429, "Throttling");
        Exchange throttled = template.send("direct:send", e -> e.getMessage().setBody(toGroup("throttled")));
        assertNull(throttled.getException());
        sim().failNextApiCalls(GROUP, 1, 500, "system.busy");
        Exchange busy = template.send("direct:send", e -> e.getMessage().setBody(toGroup("busy")));
        assertNull(busy.getException());
        assertEquals(6, sends().size(), "three refused, three accepted");
    }

    @Test
    void aHundredSendsAtOnceNeverExceedTwentyCallsInAnySlidingSecond() throws Exception {
        List<CompletableFuture<Exchange>> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String text = "burst " + i;
            pending.add(template.asyncSend("direct:send", e -> e.getMessage().setBody(toGroup(text))));
        }
        for (CompletableFuture<Exchange> sent : pending) {
            assertNull(sent.get(30, TimeUnit.SECONDS).getException());
        }
        List<Instant> at = sends().stream().map(ApiCall::at).sorted().toList();
        assertEquals(100, at.size(), "each sent once; none refused by DingTalk's limit");
        for (int i = 0; i + 20 < at.size(); i++) {
            Duration span = Duration.between(at.get(i), at.get(i + 20));
            assertTrue(span.toMillis() >= 1000, "calls " + i + " to " + (i + 20) + " within " + span);
        }
    }

    @Test
    void aSendWhoseTurnWouldComeAfterItsDeadlineFailsAtOnceNamingTheLimit() throws Exception {
        // an app of its own: the first endpoint of an app sets its OpenAPI client's timeout
        sim().registerApp("dingimpatient", "impatient-secret");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:impatient").to("dingtalk-stream:bot?clientId=dingimpatient&clientSecret=impatient-secret"
                        + "&apiTimeout=1s&apiUrl=" + sim().apiUrl());
            }
        });
        List<CompletableFuture<Exchange>> pending = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String text = "impatient " + i;
            pending.add(template.asyncSend("direct:impatient", e -> e.getMessage().setBody(toGroup(text))));
        }
        int refused = 0;
        for (CompletableFuture<Exchange> sent : pending) {
            Exception failure = sent.get(10, TimeUnit.SECONDS).getException();
            if (failure != null) {
                DingTalkApiException limit = assertInstanceOf(DingTalkApiException.class, failure);
                assertEquals("ClientRateLimit", limit.getCode());
                assertTrue(limit.getMessage().contains("apiRateLimit"), limit.getMessage());
                refused++;
            }
        }
        assertTrue(refused >= 35, refused + " of 60 refused by the client-side limit");
        assertEquals(60 - refused, sends().size(), "a refused send holds no slot and is never sent");
    }
}
