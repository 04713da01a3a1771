package io.github.cameldingtalk.stream.openapi;

import io.github.cameldingtalk.stream.model.Backoff;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How hard a call to DingTalk is tried: at most {@code maxAttempts} attempts, all within {@code timeout}, waiting
 * between them {@code initialDelay} doubled per attempt with equal jitter (half fixed, half random), so that
 * clients throttled together do not retry in step. Only transient failures are retried.
 */
public record RetryPolicy(int maxAttempts, Duration timeout, Duration initialDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (1-based). */
    public Duration delayAfter(int attempt) {
        return Backoff.delay(initialDelay, timeout, attempt);
    }

    /**
     * Whether attempt {@code attempt + 1} may be made, and when: the backoff of this attempt or the server's
     * {@code Retry-After}, whichever is longer, if attempts are left and it fits before the deadline.
     *
     * @param deadlineNanos    {@link System#nanoTime()} by which every attempt must be over
     * @param retryAfterMillis what the server asked for, 0 when nothing
     * @return the wait in milliseconds, or -1 to give up
     */
    public long waitBeforeNext(int attempt, long deadlineNanos, long retryAfterMillis) {
        long wait = Math.max(delayAfter(attempt).toMillis(), retryAfterMillis);
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return attempt >= maxAttempts || wait >= left ? -1 : wait;
    }

    /** A {@code Retry-After} header in seconds as milliseconds; 0 when absent or not a number of seconds. */
    public static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim())).toMillis();
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
