package io.github.cameldingtalk.examples.assistant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.DingTalkSimulatorExtension;
import java.time.Duration;
import java.util.List;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The assistant end to end, offline: the real LangChain4j OpenAI client over real HTTP to an OpenAI-compatible stub
 * on loopback (SSE chunks, {@code [DONE]}, errors), the component, and the DingTalk simulator.
 */
class AssistantTest {

    private static final String CLIENT_ID = "dingassistanttest";
    private static final String SECRET = "assistant-test-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp(CLIENT_ID, SECRET)
            .assertNoViolationsAfterEach();

    private static OpenAiStub stub;
    private static Main main;

    @BeforeAll
    static void start() throws Exception {
        stub = new OpenAiStub(Duration.ofMillis(5));
        main = AssistantApplication.newMain(stub);
        main.addOverrideProperty("camel.component.dingtalk-stream.api-url", dingtalk.simulator().apiUrl());
        main.addOverrideProperty("camel.component.dingtalk-stream.client-id", CLIENT_ID);
        main.addOverrideProperty("camel.component.dingtalk-stream.client-secret", SECRET);
        main.addOverrideProperty("assistant.systemPrompt", "You are the test assistant.");
        // the test's bursts are pushed back to back: a short window keeps every answer quick
        main.addOverrideProperty("camel.component.dingtalk-stream.merge-window", "300");
        main.start();
        await().atMost(WAIT).until(() -> !dingtalk.simulator().liveConnections(CLIENT_ID).isEmpty());
    }

    @AfterAll
    static void stop() {
        main.stop();
        stub.close();
    }

    /** Sends the messages (a burst when several) and returns the AI card's outTrackId once it ended. */
    private static String ask(DingTalkSimulator sim, String conversation, String... texts) {
        int cards = sim.apiCalls("/v1.0/card/instances/createAndDeliver").size();
        for (String text : texts) {
            sim.pushBotMessage(CLIENT_ID, BotMessage.text(text).from("zhangsan", "张三").conversationId(conversation));
        }
        await().atMost(WAIT).until(() -> sim.apiCalls("/v1.0/card/instances/createAndDeliver").size() > cards);
        String card = sim.apiCalls("/v1.0/card/instances/createAndDeliver").get(cards).body().get("outTrackId").asText();
        await().atMost(WAIT).until(() -> sim.cardState(card).filter(s -> s.equals("FINISHED") || s.equals("FAILED"))
                .isPresent());
        return card;
    }

    private static String shown(DingTalkSimulator sim, String card) {
        return sim.cardData(card).orElseThrow().path("msgContent").asText();
    }

    @Test
    void theModelsTokensGrowInAnAiCard(DingTalkSimulator sim) {
        String card = ask(sim, "cidStream==", "What is Apache Camel?");
        assertEquals("FINISHED", sim.cardState(card).orElseThrow());
        assertTrue(shown(sim, card).startsWith("You asked: «What is Apache Camel?»."), shown(sim, card));
        assertTrue(sim.cardStream(card).size() >= 2, "the answer grew in several frames: " + sim.cardStream(card));
        JsonNode request = stub.requests().get(stub.requests().size() - 1);
        assertTrue(request.path("stream").asBoolean(), "asked for a stream");
        assertEquals("system", request.path("messages").get(0).path("role").asText());
        assertEquals("You are the test assistant.", request.path("messages").get(0).path("content").asText(),
                "the system prompt from the configuration");
    }

    @Test
    void theMemoryCarriesToTheNextMessageOfTheSameChatAndNotIntoAnother(DingTalkSimulator sim) {
        ask(sim, "cidMemoryA==", "My name is Li Lei.");
        String followUp = ask(sim, "cidMemoryA==", "What is my name?");
        assertTrue(shown(sim, followUp).contains("Earlier in this chat you said: «My name is Li Lei.»"),
                shown(sim, followUp));
        String other = ask(sim, "cidMemoryB==", "What is my name?");
        assertFalse(shown(sim, other).contains("Earlier"), "another chat knows nothing of it: " + shown(sim, other));
    }

    @Test
    void resetForgetsTheChat(DingTalkSimulator sim) {
        ask(sim, "cidReset==", "Remember: blue.");
        int replies = sim.botReplies().size();
        sim.pushBotMessage(CLIENT_ID, BotMessage.text("/reset").from("zhangsan", "张三").conversationId("cidReset=="));
        await().atMost(WAIT).until(() -> sim.botReplies().size() > replies);
        assertEquals("I forgot what we said in this chat.", sim.botReplies().get(replies).text());
        String after = ask(sim, "cidReset==", "What did I ask you to remember?");
        assertFalse(shown(sim, after).contains("Earlier"), shown(sim, after));
    }

    @Test
    void aModelThatBreaksOffMidStreamEndsTheCardAsFailedWithAShortMessage(DingTalkSimulator sim) {
        String card = ask(sim, "cidBreak==", "please break in the middle");
        assertEquals("FAILED", sim.cardState(card).orElseThrow());
        assertTrue(shown(sim, card).startsWith("You asked:"), "the text so far stays: " + shown(sim, card));
        assertTrue(shown(sim, card).contains("The model stopped in the middle of the answer."), shown(sim, card));
    }

    @Test
    void aRefusedKeyOrARateLimitEndsTheCardAsFailedSayingWhy(DingTalkSimulator sim) {
        String refused = ask(sim, "cid401==", "answer with 401");
        assertEquals("FAILED", sim.cardState(refused).orElseThrow());
        assertTrue(shown(sim, refused).contains("(401)"), shown(sim, refused));
        String limited = ask(sim, "cid429==", "answer with 429");
        assertEquals("FAILED", sim.cardState(limited).orElseThrow());
        assertTrue(shown(sim, limited).contains("(429)"), shown(sim, limited));
    }

    @Test
    void threeQuickMessagesOfOnePersonAreOneQuestion(DingTalkSimulator sim) {
        String card = ask(sim, "cidBurst==", "how do I", "stream answers", "into a card?");
        assertEquals("FINISHED", sim.cardState(card).orElseThrow());
        assertTrue(shown(sim, card).startsWith("You asked: «how do I / stream answers / into a card?»."),
                shown(sim, card));
        assertEquals(1, sim.apiCalls("/v1.0/card/instances/createAndDeliver").stream()
                .filter(call -> call.body().toString().contains(card)).count());
        List<JsonNode> requests = stub.requests();
        JsonNode messages = requests.get(requests.size() - 1).path("messages");
        assertEquals("how do I\nstream answers\ninto a card?",
                messages.get(messages.size() - 1).path("content").asText(), "the model got one question");
    }
}
