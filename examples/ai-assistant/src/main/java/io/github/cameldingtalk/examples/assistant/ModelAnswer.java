package io.github.cameldingtalk.examples.assistant;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * A model's answer as the tokens come: LangChain4j pushes them to a {@link StreamingChatResponseHandler}, the
 * component pulls them from this iterator (on its streaming thread) into the AI card. Between the two, a bounded
 * queue: when the card falls behind, the model's HTTP thread waits (back-pressure down to the TCP connection) instead
 * of piling tokens up. The call starts when the first token is asked for. A failure of the model ends the answer with
 * a short line saying why, then throws, so that the card ends as failed.
 */
final class ModelAnswer implements Iterator<String> {

    /** Tokens buffered at most between the model and the card. */
    static final int BUFFER = 64;

    private sealed interface Item permits Token, Done, Failed {
    }

    private record Token(String text) implements Item {
    }

    private record Done() implements Item {
    }

    private record Failed(RuntimeException error) implements Item {
    }

    private final StreamingChatModel model;
    private final List<ChatMessage> prompt;
    private final Consumer<String> answered;
    private final BlockingQueue<Item> items = new ArrayBlockingQueue<>(BUFFER);
    private boolean started;
    private Item next;

    /** @param answered gets the whole answer once the model finished (to remember it) */
    ModelAnswer(StreamingChatModel model, List<ChatMessage> prompt, Consumer<String> answered) {
        this.model = model;
        this.prompt = prompt;
        this.answered = answered;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = take();
        }
        if (next instanceof Failed failed) {
            next = new Done();
            throw failed.error();
        }
        return next instanceof Token;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String text = ((Token) next).text();
        next = null;
        return text;
    }

    private Item take() {
        if (!started) {
            started = true;
            model.chat(prompt, new Handler());
        }
        try {
            return items.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(new ModelFailedException("the answer was interrupted", e));
        }
    }

    /** On the model's HTTP thread: waits while the buffer is full. */
    private void put(Item item) {
        try {
            items.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Handler implements StreamingChatResponseHandler {

        @Override
        public void onPartialResponse(String token) {
            if (token != null && !token.isEmpty()) {
                put(new Token(token));
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            answered.accept(response.aiMessage() == null ? "" : response.aiMessage().text());
            put(new Done());
        }

        @Override
        public void onError(Throwable error) {
            String why = ModelFailedException.shortReason(error);
            put(new Token("\n\n> ⚠️ " + why));
            put(new Failed(new ModelFailedException(why, error)));
        }
    }
}
