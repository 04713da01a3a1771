package io.github.cameldingtalk.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One message the simulator pushed (bot message, card callback, event, custom callback or SYSTEM frame), with
 * every time it was sent and every ack it got.
 */
public interface Delivery {

    /** One push of the frame on one connection. */
    record Attempt(String connectionId, Instant sentAt, boolean duplicate) {
    }

    String clientId();

    String messageId();

    FrameType frameType();

    /** {@code EVENT}, {@code CALLBACK} or {@code SYSTEM}. */
    default String type() {
        return frameType().name();
    }

    String topic();

    /** The {@code data} string of the frame. */
    String data();

    /** Headers beyond the common ones (for events: eventType, eventId …). */
    Map<String, String> extraHeaders();

    Instant createdAt();

    /** Completes with the first ack for this message, whatever its code. */
    CompletableFuture<Ack> ack();

    /** Completes with the first successful ack: code 200 and, for events, a status other than LATER. */
    CompletableFuture<Ack> success();

    List<Attempt> attempts();

    List<Ack> acks();

    /** How often the message was pushed again because its ack was missing or said LATER. */
    int redeliveries();

    /** True while no connection could take the message; it goes out when one subscribes. */
    boolean isWaiting();

    /** From now on the message is not pushed again (acks for it are still matched), e.g. to count acks exactly. */
    void stopRedelivery();

    /** Waits for the first ack; fails with an {@link AssertionError} naming the message after the timeout. */
    default Ack awaitAck(Duration timeout) {
        try {
            return ack().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no ack for " + type() + " " + topic() + " " + messageId() + " within " + timeout
                    + " (sent " + attempts().size() + " time(s))", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }
}
