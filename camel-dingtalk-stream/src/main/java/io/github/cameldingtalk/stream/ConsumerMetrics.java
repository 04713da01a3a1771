package io.github.cameldingtalk.stream;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one consumer, read by JMX, the health check and Micrometer. Cheap to update from any thread. */
final class ConsumerMetrics {

    /** How an ack (or its absence) ended a frame. */
    enum Outcome { SUCCESS, LATER, FAILED, HANDED_BACK }

    final LongAdder frames = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder overloadRejections = new LongAdder();
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyTotalNanos = new LongAdder();
    private final LongAccumulator latencyMaxNanos = new LongAccumulator(Math::max, 0);

    ConsumerMetrics() {
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    void outcome(Outcome outcome) {
        outcomes[outcome.ordinal()].increment();
    }

    long outcomes(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    /** Time from the frame's arrival to its ack. */
    void ackLatency(long receivedNanos) {
        long nanos = System.nanoTime() - receivedNanos;
        latencyCount.increment();
        latencyTotalNanos.add(nanos);
        latencyMaxNanos.accumulate(nanos);
    }

    long ackLatencyCount() {
        return latencyCount.sum();
    }

    double ackLatencyTotal(TimeUnit unit) {
        return latencyTotalNanos.sum() / (double) unit.toNanos(1);
    }

    double ackLatencyMeanMillis() {
        long count = latencyCount.sum();
        return count == 0 ? 0 : latencyTotalNanos.sum() / 1_000_000.0 / count;
    }

    double ackLatencyMaxMillis() {
        return latencyMaxNanos.get() / 1_000_000.0;
    }
}
