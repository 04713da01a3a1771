package io.github.cameldingtalk.stream.openapi;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An AI answer that grows in a card as it is generated ("typewriter"): the card is created and delivered, then the
 * text so far goes to the app's {@link AiCardScheduler}, which sends it (the full markdown each time, as DingTalk
 * wants) at most once per {@code interval} and within the app's budget shared with every other live card, and a last
 * frame finishes the card — or marks it failed, keeping what was shown, when the generation throws. The caller's
 * thread only reads the chunks: it never waits for a card call, so the generation runs at its own pace.
 */
public final class AiCardStream {

    private final CardCalls cards;
    private final AiCardScheduler scheduler;
    private final String templateId;
    private final String contentKey;
    private final Duration interval;

    public AiCardStream(CardCalls cards, AiCardScheduler scheduler, String templateId, String contentKey,
            Duration interval) {
        this.cards = cards;
        this.scheduler = scheduler;
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
     * Reads the chunks on the calling thread until they end, handing the text so far to the scheduler as it grows.
     *
     * @return completes with the whole text once the finishing frame was taken; fails with the generation's exception
     *         once the card was marked failed (showing the text so far), or with an {@link AiCardNotUpdatedException}
     *         (carrying the whole text) when DingTalk refused the last frame
     */
    public CompletableFuture<String> stream(String outTrackId, Iterator<?> chunks) {
        AiCardScheduler.Feed feed = scheduler.register(outTrackId, contentKey, interval.toNanos());
        StringBuilder text = new StringBuilder();
        try {
            while (chunks.hasNext()) {
                Object next = chunks.next();
                String chunk = next == null ? "" : next.toString();
                if (!chunk.isEmpty()) {
                    text.append(chunk);
                    feed.offer(text.toString());
                }
            }
        } catch (RuntimeException generationFailed) {
            return feed.fail(text.toString()).handle((ok, refused) -> {
                throw generationFailed;
            });
        }
        String whole = text.toString();
        return feed.finish(whole).handle((ok, refused) -> {
            if (refused != null) {
                throw new AiCardNotUpdatedException(outTrackId, whole, OutboundCall.unwrap(refused));
            }
            return whole;
        });
    }
}
