package io.github.cameldingtalk.examples.assistant;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A short chat on the embedded DingTalk: a question, a follow-up that needs the memory, a question typed in three
 * quick messages, and {@code /reset}. Prints what the user and the assistant said.
 */
final class DemoChat {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHAT = "cidAssistantDemo==";

    private final DingTalkSimulator sim;
    private final String clientId;
    private final PrintStream out;
    private int problems;

    DemoChat(DingTalkSimulator sim, String clientId, PrintStream out) {
        this.sim = sim;
        this.clientId = clientId;
        this.out = out;
    }

    boolean play() {
        if (!waitFor(() -> !sim.liveConnections(clientId).isEmpty())) {
            out.println("The assistant did not connect within " + WAIT.toSeconds() + " s.");
            return false;
        }
        ask(List.of("What is Apache Camel?"));
        ask(List.of("And what did I just ask?"));
        ask(List.of("how do I", "stream answers", "into a DingTalk card?"));
        say("/reset");
        out.printf("Summary: %d problems — %s%n", problems, problems == 0 ? "OK" : "FAILED");
        return problems == 0;
    }

    /** Sends the messages at once (a burst when several) and prints the AI card they are answered with. */
    private void ask(List<String> messages) {
        int cards = sim.apiCalls("/v1.0/card/instances/createAndDeliver").size();
        for (String text : messages) {
            out.println("[user     ] " + text);
            sim.pushBotMessage(clientId, BotMessage.text(text).from("zhangsan", "张三").conversationId(CHAT));
        }
        if (!waitFor(() -> sim.apiCalls("/v1.0/card/instances/createAndDeliver").size() > cards)) {
            problem("no AI card");
            return;
        }
        String card = sim.apiCalls("/v1.0/card/instances/createAndDeliver").get(cards).body().get("outTrackId")
                .asText();
        if (!waitFor(() -> sim.cardState(card).filter(s -> s.equals("FINISHED") || s.equals("FAILED")).isPresent())) {
            problem("the AI card did not end");
            return;
        }
        out.printf("[assistant] (AI card, %d updates, %s) %s%n", sim.cardStream(card).size(),
                sim.cardState(card).orElse("?"), sim.cardData(card).orElseThrow().path("msgContent").asText());
        if (!"FINISHED".equals(sim.cardState(card).orElse(""))) {
            problem("the answer failed");
        }
    }

    private void say(String text) {
        int replies = sim.botReplies().size();
        out.println("[user     ] " + text);
        sim.pushBotMessage(clientId, BotMessage.text(text).from("zhangsan", "张三").conversationId(CHAT));
        if (waitFor(() -> sim.botReplies().size() > replies)) {
            out.println("[assistant] " + sim.botReplies().get(replies).text());
        } else {
            problem("no reply");
        }
    }

    private void problem(String what) {
        problems++;
        out.println("            !! " + what);
    }

    private boolean waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
