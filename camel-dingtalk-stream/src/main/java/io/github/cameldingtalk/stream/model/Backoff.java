package io.github.cameldingtalk.stream.model;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one backoff formula of every wait before trying DingTalk again (a reconnect, an outbound call): exponential
 * with "equal jitter" — attempt n waits between half and all of {@code min(max, initial * 2^n)} — so that clients
 * that lost or were throttled by the same server do not come back in step. An instance counts the attempts of one
 * retry loop.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private int attempt;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The wait after {@code failures} failed attempts (1 for the first retry). */
    public static Duration delay(Duration initial, Duration max, int failures) {
        long initialMillis = Math.max(1, initial.toMillis());
        long maxMillis = Math.max(initialMillis, max.toMillis());
        long ceiling = initialMillis << Math.min(Math.max(failures - 1, 0), 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** The next wait of this loop. */
    public synchronized Duration next() {
        attempt++;
        return delay(Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis), attempt);
    }

    public synchronized void reset() {
        attempt = 0;
    }
}
