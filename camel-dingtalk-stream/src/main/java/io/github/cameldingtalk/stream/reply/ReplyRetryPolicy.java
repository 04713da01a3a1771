package io.github.cameldingtalk.stream.reply;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard a reply is tried: at most {@code maxAttempts} posts, all within {@code timeout}, waiting between them
 * {@code initialDelay} doubled per attempt with equal jitter (half fixed, half random), so that bots throttled
 * together do not retry in step.
 */
public record ReplyRetryPolicy(int maxAttempts, Duration timeout, Duration initialDelay) {

    public ReplyRetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (1-based). */
    Duration delayAfter(int attempt) {
        long ceiling = Math.max(1, initialDelay.toMillis()) << Math.min(attempt - 1, 20);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
