package io.github.cameldingtalk.stream.openapi;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An AI answer that grows in a card as it is generated ("typewriter"): the card is created and delivered, then the
 * text so far replaces the card's content at most once per {@code interval} (DingTalk wants the full markdown each
 * time; the client's rate limit keeps it under the QPS limit), and a last frame finishes it — or marks it failed,
 * keeping what was shown, when the generation throws. Runs on the caller's thread, which waits for the chunks.
 */
public final class AiCardStream {

    private final CardCalls cards;
    private final String templateId;
    private final String contentKey;
    private final Duration interval;

    public AiCardStream(CardCalls cards, String templateId, String contentKey, Duration interval) {
        this.cards = cards;
        this.templateId = templateId;
        this.contentKey = contentKey;
        this.interval = interval;
    }

    /** A new card's id (its {@code outTrackId}). */
    public static String newOutTrackId() {
        return "aicard_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Creates and delivers the (empty) card; completes once it is in the conversation. */
    public CompletableFuture<Void> open(String outTrackId, String openConversationId, List<String> userIds) {
        return cards.createAndDeliver(templateId, outTrackId, Map.of(contentKey, ""), openConversationId, userIds);
    }

    /**
     * Streams the chunks into the card until they end (the card finishes) or the iterator throws (the card fails,
     * showing the text so far, and the failure is thrown on).
     *
     * @return the whole text
     */
    public String stream(String outTrackId, Iterator<?> chunks) {
        StringBuilder text = new StringBuilder();
        long lastFrame = System.nanoTime();
        int shown = 0;
        try {
            while (chunks.hasNext()) {
                Object chunk = chunks.next();
                if (chunk != null) {
                    text.append(chunk);
                }
                if (text.length() > shown && System.nanoTime() - lastFrame >= interval.toNanos()) {
                    cards.stream(outTrackId, contentKey, text.toString(), false, false).join();
                    shown = text.length();
                    lastFrame = System.nanoTime();
                }
            }
        } catch (RuntimeException generationFailed) {
            cards.stream(outTrackId, contentKey, text.toString(), false, true).join();
            throw generationFailed;
        }
        cards.stream(outTrackId, contentKey, text.toString(), true, false).join();
        return text.toString();
    }
}
