package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.CardCallback;
import io.github.cameldingtalk.simulator.CardStreamFrame;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.model.DingTalkCard;
import io.github.cameldingtalk.stream.model.DingTalkCardCallback;
import io.github.cameldingtalk.stream.model.DingTalkCardResult;
import io.github.cameldingtalk.stream.model.DingTalkCardStream;
import io.github.cameldingtalk.stream.model.DingTalkCardUpdate;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Interactive cards and AI cards: created, clicked, updated, and an answer streamed into a card as it grows. */
class CardAndAiStreamTest extends DingTalkStreamTestSupport {

    private static final String TEMPLATE = "leave-request.schema";

    private String producer() {
        return "dingtalk-stream:card?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET + ")&apiUrl="
                + sim().apiUrl() + "&apiRateLimit=0";
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:card").to(producer());
                // another app with the default rate limit and no pacing of its own: the rate limit caps the frames
                from("dingtalk-stream:bot?clientId=dingfast&clientSecret=fast-secret&apiUrl=" + sim().apiUrl()
                        + "&aiCardUpdateInterval=0&reconnectInitialDelay=100").routeId("unpaced")
                        .setBody(e -> IntStream.range(0, 40).mapToObj(i -> "t" + i + " "));
                // a bot: "card" sends a card into this conversation, "fail" breaks mid-answer, else a streamed answer
                from(uri("bot", "aiCardUpdateInterval=50&apiRateLimit=0")).routeId("bot")
                        .choice()
                            .when(simple("${body.text} == 'card'"))
                                .setBody(e -> DingTalkCard.of(TEMPLATE).outTrackId("card-in-chat").data("days", 3))
                                .to(producer())
                            .when(simple("${body.text} == 'reactive'"))
                                .setBody(e -> (java.util.concurrent.Flow.Publisher<String>) subscriber -> {
                                    subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
                                        @Override
                                        public void request(long n) {
                                        }

                                        @Override
                                        public void cancel() {
                                        }
                                    });
                                    new Thread(() -> {
                                        List.of("a ", "reactive ", "answer").forEach(subscriber::onNext);
                                        subscriber.onComplete();
                                    }).start();
                                })
                            .when(simple("${body.text} == 'iterable'"))
                                .setBody(e -> (Iterable<String>) () -> List.of("an ", "iterable ", "answer").iterator())
                            .when(simple("${body.text} == 'fail'"))
                                .setBody(e -> Stream.of("partial ", "answer", "!").map(chunk -> {
                                    if (chunk.equals("!")) {
                                        throw new IllegalStateException("the model went away");
                                    }
                                    return chunk;
                                }))
                            .otherwise()
                                .setBody(e -> IntStream.range(0, 200).mapToObj(i -> {
                                    pause(2); // the model generating, a token every 2 ms
                                    return "w" + i + " ";
                                }))
                        .end();
                // a click updates the card for everyone
                from(uri("card")).routeId("clicks")
                        .setBody(e -> DingTalkCardUpdate.of(e.getIn().getBody(DingTalkCardCallback.class).getOutTrackId())
                                .data("status", "approved"))
                        .to(producer());
            }
        };
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCardIsDeliveredClickedAndUpdated() throws Exception {
        awaitSubscriptions(2);
        DingTalkCardResult toGroup = template.requestBody("direct:card", DingTalkCard.of(TEMPLATE).data("title", "Leave")
                .data("days", 2).toConversation("cidTeam=="), DingTalkCardResult.class);
        assertEquals("dtv1.card//IM_GROUP.cidTeam==", sim().cardDelivery(toGroup.outTrackId()).orElseThrow()
                .get("openSpaceId").asText());
        assertEquals("2", sim().cardData(toGroup.outTrackId()).orElseThrow().get("days").asText(), "values as strings");
        template.requestBody("direct:card", DingTalkCard.of(TEMPLATE).outTrackId("one-to-one").toUsers("u1"));
        assertEquals("dtv1.card//IM_ROBOT.u1", sim().cardDelivery("one-to-one").orElseThrow().get("openSpaceId").asText());

        Ack click = sim().pushCardCallback(CLIENT_ID, CardCallback.action(toGroup.outTrackId(), "approve"))
                .awaitAck(TIMEOUT);
        assertEquals(200, click.code());
        assertEquals("approved", sim().cardData(toGroup.outTrackId()).orElseThrow().get("status").asText());
        assertEquals("Leave", sim().cardData(toGroup.outTrackId()).orElseThrow().get("title").asText(), "merged by key");

        BotMessage askInGroup = BotMessage.text("card").inGroup("team");
        sim().pushBotMessage(CLIENT_ID, askInGroup).awaitAck(TIMEOUT);
        assertEquals("dtv1.card//IM_GROUP." + askInGroup.conversationId(), sim().cardDelivery("card-in-chat")
                .orElseThrow().get("openSpaceId").asText(), "this conversation by default");
        assertTrue(sim().botReplies().isEmpty(), "the route answered with the card, not with a text");
    }

    @Test
    void aStreamedAnswerGrowsInAnAiCardThatIsAckedOnceDeliveredAndEndsFinished() throws Exception {
        awaitSubscriptions(2);
        long started = System.nanoTime();
        Delivery question = sim().pushBotMessage(CLIENT_ID, BotMessage.text("tell me").from("staff7", "王五"));
        Ack ack = question.awaitAck(TIMEOUT);
        assertEquals(200, ack.code());
        String card = sim().apiCalls("/v1.0/card/instances/createAndDeliver").get(0).body().get("outTrackId").asText();
        assertEquals("dtv1.card//IM_ROBOT.staff7", sim().cardDelivery(card).orElseThrow().get("openSpaceId").asText());
        await().atMost(TIMEOUT).until(() -> "FINISHED".equals(sim().cardState(card).orElse("")));
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        List<CardStreamFrame> frames = sim().cardStream(card);
        String whole = IntStream.range(0, 200).mapToObj(i -> "w" + i + " ").reduce("", String::concat);
        assertEquals(whole, sim().cardData(card).orElseThrow().get("msgContent").asText());
        assertTrue(frames.get(frames.size() - 1).finished());
        assertTrue(frames.size() >= 3, "the card grew: " + frames.size() + " frames");
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(frames.get(i).content().length() >= frames.get(i - 1).content().length(), "only grows");
            assertTrue(frames.get(i).full(), "markdown content is replaced whole");
        }
        assertTrue(frames.size() <= tookMillis / 50 + 2, frames.size() + " frames in " + tookMillis
                + " ms: at most one per aiCardUpdateInterval");
        assertFalse(ack.at().isAfter(frames.get(0).at()), "acked once the card was delivered, before the answer");
        assertTrue(sim().botReplies().isEmpty());
    }

    @Test
    void anAnswerThatBreaksMidStreamLeavesTheCardFailedWithThePartialText() throws Exception {
        awaitSubscriptions(2);
        assertEquals(200, sim().pushBotMessage(CLIENT_ID, BotMessage.text("fail").inGroup("team")).awaitAck(TIMEOUT)
                .code());
        await().atMost(TIMEOUT).until(() -> sim().apiCalls("/v1.0/card/instances/createAndDeliver").size() == 1);
        String card = sim().apiCalls("/v1.0/card/instances/createAndDeliver").get(0).body().get("outTrackId").asText();
        await().atMost(TIMEOUT).until(() -> "FAILED".equals(sim().cardState(card).orElse("")));
        assertEquals("partial answer", sim().cardData(card).orElseThrow().get("msgContent").asText());
        await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
        assertTrue(recorder.errors.get(0).getMessage().contains("the model went away"));
    }

    @Test
    void aFlowPublisherOfChunksIsStreamedToo() throws Exception {
        awaitSubscriptions(2);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("reactive").inGroup("team")).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().apiCalls("/v1.0/card/instances/createAndDeliver").size() == 1);
        String card = sim().apiCalls("/v1.0/card/instances/createAndDeliver").get(0).body().get("outTrackId").asText();
        await().atMost(TIMEOUT).until(() -> "FINISHED".equals(sim().cardState(card).orElse("")));
        assertEquals("a reactive answer", sim().cardData(card).orElseThrow().get("msgContent").asText());
    }

    @Test
    void anIterableOfChunksIsStreamedToo() throws Exception {
        awaitSubscriptions(2);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("iterable")).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().apiCalls("/v1.0/card/instances/createAndDeliver").size() == 1);
        String card = sim().apiCalls("/v1.0/card/instances/createAndDeliver").get(0).body().get("outTrackId").asText();
        await().atMost(TIMEOUT).until(() -> "FINISHED".equals(sim().cardState(card).orElse("")));
        assertEquals("an iterable answer", sim().cardData(card).orElseThrow().get("msgContent").asText());
        assertTrue(sim().botReplies().isEmpty(), "the answer is the card, not a text reply");
    }

    @Test
    void anAnswerWhoseCardCannotBeCreatedGoesAsOneMarkdownReply() throws Exception {
        awaitSubscriptions(2);
        sim().failNextApiCalls("/v1.0/card/instances/createAndDeliver", 1, 400, "param.templateNotExist");
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("tell me").inGroup("team"));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code(), "acked once the reply was posted");
        BotReply reply = sim().botReplies().stream().filter(r -> "markdown".equals(r.msgtype())).findFirst().orElseThrow();
        assertTrue(reply.text().startsWith("w0 w1 ") && reply.text().endsWith("w199 "), reply.text());
        var consumer = (io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer) context.getRoute("bot")
                .getConsumer();
        assertEquals(1L, consumer.getAiCardFallbacks());
        assertEquals(0, sim().apiCalls("/v1.0/card/streaming").size());
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
    }

    @Test
    void theAppsAiCardFiguresAreOnTheConsumer() throws Exception {
        awaitSubscriptions(2);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("tell me").inGroup("team")).awaitAck(TIMEOUT);
        var consumer = (io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer) context.getRoute("bot")
                .getConsumer();
        await().atMost(TIMEOUT).until(() -> consumer.getAiCardUpdates() >= 2 && consumer.getLiveAiCards() == 0);
        assertTrue(consumer.getAiCardTextsCoalesced() > 0, "200 tokens, far fewer frames");
        assertEquals(0L, consumer.getAiCardFallbacks());
    }

    @Test
    void aStreamThatHitsTheQpsLimitSlowsDownAndStillFinishes() throws Exception {
        awaitSubscriptions(2);
        sim().failNextApiCalls("/v1.0/card/streaming", 2, 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("tell me").inGroup("team")).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().apiCalls("/v1.0/card/instances/createAndDeliver").size() == 1);
        String card = sim().apiCalls("/v1.0/card/instances/createAndDeliver").get(0).body().get("outTrackId").asText();
        await().atMost(TIMEOUT).until(() -> "FINISHED".equals(sim().cardState(card).orElse("")));
        // the two injected, and maybe one of DingTalk's own 20/s (this route paces itself at 20 frames/s, no client limit)
        assertTrue(sim().apiCalls("/v1.0/card/streaming").stream().filter(c -> c.status() == 403).count() >= 2);
        assertTrue(sim().cardData(card).orElseThrow().get("msgContent").asText().endsWith("w199 "));
        assertTrue(recorder.errors.isEmpty(), recorder.errors.toString());
    }

    @Test
    void aFastGeneratorIsCoalescedUnderTheRateLimitAndEndsWithTheWholeText() throws Exception {
        sim().registerApp("dingfast", "fast-secret");
        await().atMost(TIMEOUT).until(() -> !sim().liveConnections("dingfast").isEmpty());
        sim().pushBotMessage("dingfast", BotMessage.text("go").inGroup("team")).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().apiCalls("/v1.0/card/instances/createAndDeliver").size() == 1);
        String card = sim().apiCalls("/v1.0/card/instances/createAndDeliver").get(0).body().get("outTrackId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> "FINISHED".equals(sim().cardState(card).orElse("")));
        List<CardStreamFrame> frames = sim().cardStream(card);
        for (int i = 20; i < frames.size(); i++) {
            assertTrue(Duration.between(frames.get(i - 20).at(), frames.get(i).at()).toMillis() >= 900,
                    "21 frames within a second at frame " + i);
        }
        // 40 chunks at once: the text is latest-wins, so a few frames carry it, the last one whole
        assertTrue(frames.size() < 40, "chunks were coalesced: " + frames.size() + " frames");
        String whole = IntStream.range(0, 40).mapToObj(i -> "t" + i + " ").collect(java.util.stream.Collectors.joining());
        assertEquals(whole, frames.get(frames.size() - 1).content());
        assertTrue(frames.get(frames.size() - 1).finished());
    }

    @Test
    void aCardCanBeStreamedFrameByFrameThroughTheProducer() {
        template.requestBody("direct:card", DingTalkCard.of(TEMPLATE).outTrackId("manual").data("msgContent", "")
                .toConversation("cid1"));
        template.requestBody("direct:card", DingTalkCardStream.of("manual").content("Hel"));
        template.requestBody("direct:card", DingTalkCardStream.of("manual").content("Hello").finished());
        assertEquals("Hello", sim().cardData("manual").orElseThrow().get("msgContent").asText());
        assertEquals("FINISHED", sim().cardState("manual").orElseThrow());
    }
}
