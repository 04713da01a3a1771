package io.github.cameldingtalk.stream.consumer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import io.github.cameldingtalk.stream.app.AiCardFigures;
import io.github.cameldingtalk.stream.app.ConnectionStatus;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What one consumer did and what its app's connection looks like, read by JMX ({@link ManagedConsumerMetrics}),
 * the health check and Micrometer. Cheap to update from any thread.
 */
public final class ConsumerMetrics {

    /** How an ack (or a hand-back) ended a frame. */
    public enum Outcome { SUCCESS, LATER, FAILED, HANDED_BACK }

    private final LongAdder frames = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder merged = new LongAdder();
    private final LongAdder uncheckedDuplicates = new LongAdder();
    private final LongAdder overloadRejections = new LongAdder();
    private final LongAdder repliesSent = new LongAdder();
    private final LongAdder repliesFailed = new LongAdder();
    private final LongAdder replyRetries = new LongAdder();
    private final LongAdder repliesUnknown = new LongAdder();
    private final LongAdder repliesViaOpenApi = new LongAdder();
    private final LongAdder aiCardFallbacks = new LongAdder();
    private volatile Supplier<AiCardFigures> aiCards = () -> AiCardFigures.NONE;
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyTotalNanos = new LongAdder();
    private final LongAccumulator latencyMaxNanos = new LongAccumulator(Math::max, 0);
    private final String clientId;
    private final String topic;
    private final Supplier<ConnectionStatus> connection;
    private final IntSupplier pending;

    ConsumerMetrics(String clientId, String topic, Supplier<ConnectionStatus> connection, IntSupplier pending) {
        this.clientId = clientId;
        this.topic = topic;
        this.connection = connection;
        this.pending = pending;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    void frameReceived() {
        frames.increment();
    }

    /** The idempotent repository failed: a message was routed without the duplicate check. */
    void duplicateCheckFailed() {
        uncheckedDuplicates.increment();
    }

    void duplicateDropped() {
        duplicates.increment();
    }

    /** {@code count} messages routed together with the one before them (a burst, mergeBursts). */
    void messagesMerged(int count) {
        merged.add(count);
    }

    void overloaded() {
        overloadRejections.increment();
    }

    /**
     * A reply DingTalk accepted after {@code attempts} posts; {@code viaOpenApi} when the sessionWebhook had expired
     * and it went through the robot OpenAPI.
     */
    void replySent(int attempts, boolean viaOpenApi) {
        repliesSent.increment();
        replyRetries.add(Math.max(0, attempts - 1));
        if (viaOpenApi) {
            repliesViaOpenApi.increment();
        }
    }

    /** An answer meant for an AI card went as a markdown reply (no card, or the card refused its last frame). */
    void aiCardFallback() {
        aiCardFallbacks.increment();
    }

    /** Where the app's AI card figures come from. */
    void aiCards(Supplier<AiCardFigures> figures) {
        this.aiCards = figures;
    }

    public long aiCardFallbacks() {
        return aiCardFallbacks.sum();
    }

    /** Live AI cards of the app. */
    public int liveAiCards() {
        return aiCards.get().live();
    }

    /** Streaming frames of the app's AI cards that DingTalk took. */
    public long aiCardUpdates() {
        return aiCards.get().updates();
    }

    /** Texts of the app's AI cards replaced by newer text before they were sent. */
    public long aiCardTextsCoalesced() {
        return aiCards.get().coalesced();
    }

    /** Streaming frames of the app's AI cards refused with QpsLimit (and sent again). */
    public long aiCardQpsLimitAnswers() {
        return aiCards.get().qpsLimit();
    }

    /** A reply whose outcome is unknown: not posted again, the message acked. */
    void replyUnknown() {
        repliesUnknown.increment();
    }

    void replyFailed() {
        repliesFailed.increment();
    }

    void outcome(Outcome outcome) {
        outcomes[outcome.ordinal()].increment();
    }

    /** Time from the frame's arrival to its ack. */
    void ackLatency(long receivedNanos) {
        long nanos = System.nanoTime() - receivedNanos;
        latencyCount.increment();
        latencyTotalNanos.add(nanos);
        latencyMaxNanos.accumulate(nanos);
    }

    public String clientId() {
        return clientId;
    }

    public String topic() {
        return topic;
    }

    public long framesReceived() {
        return frames.sum();
    }

    public long outcomes(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    public long duplicateChecksFailed() {
        return uncheckedDuplicates.sum();
    }

    public long duplicatesDropped() {
        return duplicates.sum();
    }

    public long messagesMerged() {
        return merged.sum();
    }

    public long overloadRejections() {
        return overloadRejections.sum();
    }

    public long repliesSent() {
        return repliesSent.sum();
    }

    public long repliesFailed() {
        return repliesFailed.sum();
    }

    public long replyRetries() {
        return replyRetries.sum();
    }

    public long repliesUnknown() {
        return repliesUnknown.sum();
    }

    public long repliesViaOpenApi() {
        return repliesViaOpenApi.sum();
    }

    /** Frames admitted and not yet acked: running, waiting for a slot, or waiting behind their conversation. */
    public int inflight() {
        return pending.getAsInt();
    }

    public long ackLatencyCount() {
        return latencyCount.sum();
    }

    public double ackLatencyTotal(TimeUnit unit) {
        return latencyTotalNanos.sum() / (double) unit.toNanos(1);
    }

    public double ackLatencyMeanMillis() {
        long count = latencyCount.sum();
        return count == 0 ? 0 : latencyTotalNanos.sum() / 1_000_000.0 / count;
    }

    public double ackLatencyMaxMillis() {
        return latencyMaxNanos.get() / 1_000_000.0;
    }

    /** The app's connection now, null while the consumer is not registered. */
    public ConnectionStatus connection() {
        return connection.get();
    }

    public int connectionCount() {
        ConnectionStatus current = connection();
        return current == null ? 0 : current.connections();
    }

    public long malformedFrames() {
        ConnectionStatus current = connection();
        return current == null ? 0 : current.malformedFrames();
    }

    /** New connections by reason, those that happened. */
    public Map<String, Long> reconnects() {
        ConnectionStatus current = connection();
        return current == null ? Map.of() : new TreeMap<>(current.reconnectsByReason());
    }

    public String lastError() {
        ConnectionStatus current = connection();
        Exception failure = current == null ? null : current.lastFailure();
        return failure == null ? "" : failure.getMessage();
    }
}
