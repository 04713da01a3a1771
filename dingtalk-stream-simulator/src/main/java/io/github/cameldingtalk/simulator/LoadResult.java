package io.github.cameldingtalk.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * What a throughput load ({@link DingTalkSimulator#pushLoad}) measured.
 *
 * @param pushed         frames written
 * @param succeeded      frames acked with code 200 and status SUCCESS
 * @param failed         frames acked otherwise (LATER, an error code, an ack the fast path could not read)
 * @param elapsed        from the first write to the last ack (or to the timeout)
 * @param latencyMicros  each succeeded frame's time from its write to its ack, in microseconds, sorted
 * @param firstAckAt     when the first ack arrived, null when none did
 * @param connections    how many connections the load was spread over
 */
public record LoadResult(int pushed, int succeeded, int failed, Duration elapsed, long[] latencyMicros,
        Instant firstAckAt, int connections) {

    /** Successful acks per second over {@link #elapsed}. */
    public double acksPerSecond() {
        return succeeded / (elapsed.toNanos() / 1e9);
    }

    /** The latency at a quantile (0.5, 0.99 …) in milliseconds, NaN when nothing was acked. */
    public double latencyMillis(double quantile) {
        if (latencyMicros.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * latencyMicros.length) - 1;
        return latencyMicros[Math.max(0, Math.min(latencyMicros.length - 1, index))] / 1000.0;
    }

    /** Frames neither acked nor failed when the load ended. */
    public int unanswered() {
        return pushed - succeeded - failed;
    }

    @Override
    public String toString() {
        return "LoadResult[pushed=" + pushed + ", succeeded=" + succeeded + ", failed=" + failed + ", elapsed="
                + elapsed + ", p50=" + latencyMillis(0.5) + " ms, p99=" + latencyMillis(0.99) + " ms, connections="
                + connections + "]";
    }
}
