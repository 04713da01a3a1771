package io.github.cameldingtalk.stream.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.CardStreamFrame;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.DingTalkSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AI card scheduler on its own (no Camel) against the simulator: who gets the next slot, what is sent again. */
class AiCardSchedulerTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingcards", "cards-secret");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** An app's OpenAPI client with this rate limit, its card calls and its scheduler. */
    private AiCardScheduler cards(DingTalkSimulator sim, double callsPerSecond, CardCalls[] calls) {
        OpenApiClient api = new OpenApiClient(OutboundHttp.of(new OkHttpClient(), false), sim.apiUrl(), "dingcards",
                "cards-secret", new RateLimiter(callsPerSecond, scheduler),
                new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMillis(100)), scheduler);
        calls[0] = new CardCalls(api, "dingcards");
        return new AiCardScheduler(api, calls[0], scheduler, callsPerSecond);
    }

    private static void create(CardCalls calls, String outTrackId) {
        calls.createAndDeliver("t.schema", outTrackId, java.util.Map.of("msgContent", ""), "cidCards", List.of()).join();
    }

    @Test
    void aFinishingFrameGoesBeforeOtherCardsUpdatesAndEveryTextIsLatestWins(DingTalkSimulator sim) throws Exception {
        CardCalls[] calls = new CardCalls[1];
        AiCardScheduler scheduler = cards(sim, 2, calls); // a slot every ~0.5 s
        create(calls[0], "cardA");
        create(calls[0], "cardB");
        AiCardScheduler.Feed a = scheduler.register("cardA", "msgContent", 0);
        AiCardScheduler.Feed b = scheduler.register("cardB", "msgContent", 0);
        a.offer("a1");                       // takes the first slot
        a.offer("a1 a2");                     // wait for the next slot …
        a.offer("a1 a2 a3");                  // … and replace the text waiting there
        var bDone = b.finish("b whole");      // a final frame: the next slot is its
        bDone.get(10, TimeUnit.SECONDS);
        var aDone = a.finish("a1 a2 a3 a4");
        aDone.get(10, TimeUnit.SECONDS);
        List<CardStreamFrame> framesA = sim.cardStream("cardA");
        List<CardStreamFrame> framesB = sim.cardStream("cardB");
        assertEquals(1, framesB.size());
        assertTrue(framesB.get(0).at().isBefore(framesA.get(1).at()), "B's final went before A's next update");
        assertEquals(List.of("a1", "a1 a2 a3 a4"), framesA.stream().map(CardStreamFrame::content).toList(),
                "A's waiting texts were replaced by the newest (here: its final text)");
        assertTrue(scheduler.textsCoalesced() >= 2);
        assertEquals(0, scheduler.liveCards());
    }

    @Test
    void qpsLimitAnswersSlowDownAndLoseNothing(DingTalkSimulator sim) throws Exception {
        CardCalls[] calls = new CardCalls[1];
        AiCardScheduler scheduler = cards(sim, 0, calls);
        create(calls[0], "cardQ");
        sim.failNextApiCalls("/v1.0/card/streaming", 3, 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        AiCardScheduler.Feed q = scheduler.register("cardQ", "msgContent", 0);
        q.offer("partial");
        q.finish("the whole answer").get(10, TimeUnit.SECONDS);
        assertEquals(3, scheduler.qpsLimitAnswers());
        List<CardStreamFrame> frames = sim.cardStream("cardQ");
        assertEquals("the whole answer", frames.get(frames.size() - 1).content());
        assertTrue(frames.get(frames.size() - 1).finished());
        assertEquals("FINISHED", sim.cardState("cardQ").orElseThrow());
    }
}
