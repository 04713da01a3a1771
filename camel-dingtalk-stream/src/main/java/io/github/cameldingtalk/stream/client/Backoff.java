package io.github.cameldingtalk.stream.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code min(max, initial * 2^n)}, so clients that lost the same server do not come back in step.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    synchronized Duration next() {
        long ceiling = initialMillis << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    synchronized void reset() {
        attempt = 0;
    }
}
