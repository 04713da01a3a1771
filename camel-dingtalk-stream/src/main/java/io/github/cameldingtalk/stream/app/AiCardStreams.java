package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.openapi.AiCardStream;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Streams a consumer's answers into AI cards of its template, on the app's shared card scheduler. */
public final class AiCardStreams {

    /** One answer's card. */
    public final class Card {

        private final String outTrackId;
        private final CompletableFuture<Void> delivered;

        private Card(String outTrackId, CompletableFuture<Void> delivered) {
            this.outTrackId = outTrackId;
            this.delivered = delivered;
        }

        public String id() {
            return outTrackId;
        }

        /** Completes once the (empty) card is in the conversation. */
        public CompletableFuture<Void> delivered() {
            return delivered;
        }

        /**
         * Reads the chunks on the calling thread until they end; the card's frames go out on the app's scheduler.
         *
         * @return the whole text once the last frame was taken; fails with the generation's exception (the card is
         *         marked failed), or with one whose {@link Failures#textNotShown} is the whole text
         */
        public CompletableFuture<String> stream(Iterator<?> chunks) {
            return cards.stream(outTrackId, chunks);
        }
    }

    private final AiCardStream cards;

    AiCardStreams(AiCardStream cards) {
        this.cards = cards;
    }

    /** Creates and delivers an empty card into the conversation of the message: its group, or 1:1 to its sender. */
    public Card open(DingTalkBotMessage answering) {
        String group = answering.isGroup() ? answering.getConversationId() : null;
        String outTrackId = AiCardStream.newOutTrackId();
        return new Card(outTrackId, cards.open(outTrackId, group,
                group == null ? List.of(answering.getSenderStaffId()) : List.of()));
    }
}
