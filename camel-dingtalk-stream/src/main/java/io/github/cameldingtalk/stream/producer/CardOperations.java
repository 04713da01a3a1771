package io.github.cameldingtalk.stream.producer;

import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import io.github.cameldingtalk.stream.app.OpenApiOperations;
import io.github.cameldingtalk.stream.model.DingTalkCard;
import io.github.cameldingtalk.stream.model.DingTalkCardResult;
import io.github.cameldingtalk.stream.model.DingTalkCardStream;
import io.github.cameldingtalk.stream.model.DingTalkCardUpdate;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The card operations on an exchange: create and deliver, update, stream into an AI card. */
final class CardOperations {

    private final OpenApiOperations cards;
    private final DingTalkStreamConfiguration configuration;

    CardOperations(OpenApiOperations cards, DingTalkStreamConfiguration configuration) {
        this.cards = cards;
        this.configuration = configuration;
    }

    CompletableFuture<Void> create(Exchange exchange) {
        Message in = exchange.getMessage();
        DingTalkCard card = body(in, DingTalkCard.class, "createCard");
        Recipients to = Recipients.resolve(card.getOpenConversationId(), card.getUserIds(), in, configuration);
        return cards.createCard(card.getCardTemplateId(), card.getOutTrackId(), card.getData(),
                to.openConversationId(), to.userIds()).thenRun(() -> done(in, card.getOutTrackId()));
    }

    CompletableFuture<Void> update(Exchange exchange) {
        Message in = exchange.getMessage();
        DingTalkCardUpdate update = body(in, DingTalkCardUpdate.class, "updateCard");
        return cards.updateCard(update.getOutTrackId(), update.getData()).thenRun(() -> done(in, update.getOutTrackId()));
    }

    CompletableFuture<Void> stream(Exchange exchange) {
        Message in = exchange.getMessage();
        DingTalkCardStream frame = body(in, DingTalkCardStream.class, "streamCard");
        String key = frame.getKey() != null ? frame.getKey() : configuration.getAiCardContentKey();
        return cards.streamCard(frame.getOutTrackId(), key, frame.getContent(), frame.isFinished(), frame.isFailed())
                .thenRun(() -> done(in, frame.getOutTrackId()));
    }

    private static void done(Message in, String outTrackId) {
        in.setBody(new DingTalkCardResult(outTrackId));
        in.setHeader(DingTalkStreamConstants.OUT_TRACK_ID, outTrackId);
    }

    private static <T> T body(Message in, Class<T> type, String operation) {
        Object body = in.getBody();
        if (!type.isInstance(body)) {
            throw new IllegalArgumentException(operation + " needs a " + type.getSimpleName() + " as the body, not "
                    + (body == null ? "null" : body.getClass().getSimpleName()));
        }
        return type.cast(body);
    }
}
