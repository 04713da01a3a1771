package io.github.cameldingtalk.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
public final class Delivery {

    /** One push of the frame on one connection. */
    public record Attempt(String connectionId, Instant sentAt, boolean duplicate) {
    }

    private final String clientId;
    private final String messageId;
    private final String type;
    private final String topic;
    private final Map<String, String> extraHeaders;
    private final String data;
    private final Instant createdAt = Instant.now();
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<Ack> acks = new ArrayList<>();
    private final List<Attempt> unacked = new ArrayList<>();
    private final CompletableFuture<Ack> firstAck = new CompletableFuture<>();
    private final CompletableFuture<Ack> success = new CompletableFuture<>();
    private int redeliveries;
    private boolean waiting;
    private boolean abandoned;

    Delivery(String clientId, String messageId, String type, String topic, Map<String, String> extraHeaders,
            String data) {
        this.clientId = clientId;
        this.messageId = messageId;
        this.type = type;
        this.topic = topic;
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.data = data;
    }

    public String clientId() {
        return clientId;
    }

    public String messageId() {
        return messageId;
    }

    /** {@code EVENT}, {@code CALLBACK} or {@code SYSTEM}. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    /** The {@code data} string of the frame. */
    public String data() {
        return data;
    }

    /** Headers beyond the common ones (for events: eventType, eventId …). */
    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Completes with the first ack for this message, whatever its code. */
    public CompletableFuture<Ack> ack() {
        return firstAck;
    }

    /** Completes with the first successful ack: code 200 and, for events, a status other than LATER. */
    public CompletableFuture<Ack> success() {
        return success;
    }

    /** Waits for the first ack; fails with an {@link AssertionError} naming the message after the timeout. */
    public Ack awaitAck(Duration timeout) {
        try {
            return firstAck.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no ack for " + type + " " + topic + " " + messageId + " within " + timeout
                    + " (sent " + attempts().size() + " time(s))", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** How often the message was pushed again because its ack was missing or said LATER. */
    public synchronized int redeliveries() {
        return redeliveries;
    }

    /** True while no connection could take the message; it goes out when one subscribes. */
    public synchronized boolean isWaiting() {
        return waiting;
    }

    synchronized void recordAttempt(Attempt attempt) {
        attempts.add(attempt);
        unacked.add(attempt);
        waiting = false;
    }

    synchronized void forgetAttempt(Attempt attempt) {
        attempts.remove(attempt);
        unacked.remove(attempt);
    }

    /** Stops redelivering this message (after a reset); acks for it are still matched. */
    synchronized void abandon() {
        abandoned = true;
        waiting = false;
    }

    synchronized boolean isAbandoned() {
        return abandoned;
    }

    synchronized void markWaiting() {
        waiting = true;
    }

    synchronized void countRedelivery() {
        redeliveries++;
    }

    synchronized boolean isSettled() {
        return success.isDone();
    }

    synchronized boolean isAttemptUnacked(Attempt attempt) {
        return unacked.contains(attempt);
    }

    /** Outcome of matching an ack against the pushes of this message. */
    enum Match { OK, WRONG_CONNECTION, ALREADY_ACKED }

    /** Matches the ack to the oldest unacked push on its connection. */
    synchronized Match match(String connectionId) {
        for (Attempt attempt : unacked) {
            if (attempt.connectionId().equals(connectionId)) {
                return Match.OK;
            }
        }
        return unacked.isEmpty() ? Match.ALREADY_ACKED : Match.WRONG_CONNECTION;
    }

    /** Records the ack and returns the latency from its push. */
    synchronized Duration recordAck(String connectionId, Instant at) {
        Attempt matched = null;
        for (Attempt attempt : unacked) {
            if (attempt.connectionId().equals(connectionId)) {
                matched = attempt;
                break;
            }
        }
        unacked.remove(matched);
        return matched == null ? Duration.ZERO : Duration.between(matched.sentAt(), at);
    }

    void complete(Ack ack, boolean successful) {
        synchronized (this) {
            acks.add(ack);
        }
        firstAck.complete(ack);
        if (successful) {
            success.complete(ack);
        }
    }

    @Override
    public String toString() {
        return type + " " + topic + " " + messageId;
    }
}
