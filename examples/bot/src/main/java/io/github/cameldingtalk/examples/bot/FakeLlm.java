package io.github.cameldingtalk.examples.bot;

import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Stands in for a language model that streams its answer token by token. A bot route whose output is such a
 * stream answers in an AI card that grows as the tokens come. To use a real model, replace the bean call in
 * {@link BotRoutes} with any Camel component that streams, e.g.
 * {@code .to("langchain4j-chat:assistant?chatModel=#model")} returning the tokens as a {@code Stream} or a
 * {@code Flow.Publisher}.
 */
public class FakeLlm {

    public Stream<String> answer(DingTalkBotMessage message) {
        String question = message.getText().substring("ai ".length()).trim();
        String answer = "**Thinking about “" + question + "”.** Camel routes the question, the model streams its"
                + " answer token by token, and DingTalk shows it growing in an AI card — like this one.";
        return Arrays.stream(answer.split("(?<= )")).map(token -> {
            pause(); // a model produces a few dozen tokens per second
            return token;
        });
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
