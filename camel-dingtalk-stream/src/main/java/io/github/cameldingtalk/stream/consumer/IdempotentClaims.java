package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Duplicate suppression with a Camel {@link IdempotentRepository}: a message is claimed by its messageId and its
 * msgId (bot) or eventId (event), which survive DingTalk's redeliveries. A claim is confirmed when the ack said
 * "done", and released when the exchange failed, so that the redelivery is processed.
 */
final class IdempotentClaims {

    /** Keys held by one exchange; {@link #DUPLICATE} when the message was seen before. */
    record Claim(List<String> keys) {
        static final Claim NONE = new Claim(List.of());
        static final Claim DUPLICATE = new Claim(null);

        boolean isDuplicate() {
            return keys == null;
        }
    }

    private final IdempotentRepository repository;
    private final ExceptionHandler exceptionHandler;

    IdempotentClaims(IdempotentRepository repository, ExceptionHandler exceptionHandler) {
        this.repository = repository;
        this.exceptionHandler = exceptionHandler;
    }

    Claim claim(Frame frame, Object input, Exchange exchange) {
        if (repository == null) {
            return Claim.NONE;
        }
        List<String> keys = new ArrayList<>(2);
        keys.add("dingtalk-stream:messageId:" + frame.messageId());
        if (input instanceof DingTalkBotMessage bot && bot.getMsgId() != null) {
            keys.add("dingtalk-stream:msgId:" + bot.getMsgId());
        } else if (frame.isEvent() && frame.header("eventId") != null) {
            keys.add("dingtalk-stream:eventId:" + frame.header("eventId"));
        }
        List<String> claimed = new ArrayList<>(2);
        for (String key : keys) {
            Boolean added = add(exchange, key, frame);
            if (added == null) {
                return new Claim(claimed);
            }
            if (!added) {
                claimed.forEach(k -> repository.remove(exchange, k));
                return Claim.DUPLICATE;
            }
            claimed.add(key);
        }
        return new Claim(claimed);
    }

    /** @return whether the key was new; null when the repository cannot tell (the message is routed unchecked) */
    private Boolean add(Exchange exchange, String key, Frame frame) {
        try {
            return repository.add(exchange, key);
        } catch (RuntimeException e) {
            // e.g. a JDBC primary-key violation: another instance inserted the same key at the same moment
            try {
                if (repository.contains(exchange, key)) {
                    return false;
                }
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            exceptionHandler.handleException("Idempotent repository failed; message " + frame.messageId()
                    + " is routed without duplicate check", exchange, e);
            return null;
        }
    }

    void confirm(Claim claim) {
        if (claim.isDuplicate()) {
            return;
        }
        for (String key : claim.keys()) {
            repository.confirm(key);
        }
    }

    void release(Claim claim) {
        if (claim.isDuplicate() || claim.keys().isEmpty()) {
            return;
        }
        try {
            for (String key : claim.keys()) {
                repository.remove(key);
            }
        } catch (RuntimeException e) {
            exceptionHandler.handleException("Idempotent repository could not release " + claim.keys(), e);
        }
    }
}
