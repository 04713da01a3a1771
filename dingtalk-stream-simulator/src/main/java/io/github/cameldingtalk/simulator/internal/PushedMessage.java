package io.github.cameldingtalk.simulator.internal;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.simulator.FrameType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A pushed message and its history: the simulator's side of a {@link Delivery}. */
public final class PushedMessage implements Delivery {

    private final String clientId;
    private final String messageId;
    private final FrameType type;
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
    private boolean stopped;

    PushedMessage(String clientId, String messageId, FrameType type, String topic, Map<String, String> extraHeaders,
            String data) {
        this.clientId = clientId;
        this.messageId = messageId;
        this.type = type;
        this.topic = topic;
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.data = data;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String messageId() {
        return messageId;
    }

    @Override
    public FrameType frameType() {
        return type;
    }

    boolean isSystem() {
        return type == FrameType.SYSTEM;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public String data() {
        return data;
    }

    @Override
    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public CompletableFuture<Ack> ack() {
        return firstAck;
    }

    @Override
    public CompletableFuture<Ack> success() {
        return success;
    }

    @Override
    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    @Override
    public synchronized int redeliveries() {
        return redeliveries;
    }

    @Override
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

    @Override
    public synchronized void stopRedelivery() {
        stopped = true;
        waiting = false;
    }

    synchronized boolean isStopped() {
        return stopped;
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
