package io.github.cameldingtalk.stream.openapi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client-side limit per API of one app (DingTalk allows about 20 calls/s per app and API, openapi.md §8): each
 * call reserves the next free slot, so a burst queues at the allowed pace instead of being refused. Nothing blocks:
 * the caller gets the wait and schedules the call.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private final Map<String, long[]> nextFree = new ConcurrentHashMap<>();

    /** @param callsPerSecond at most this many calls per second and key; 0 or less means no limit */
    public RateLimiter(double callsPerSecond) {
        this.intervalNanos = callsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / callsPerSecond);
    }

    /** Reserves a slot for a call to {@code key}; returns how many nanoseconds to wait before making it. */
    public long reserve(String key) {
        if (intervalNanos == 0) {
            return 0;
        }
        long[] slot = nextFree.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE});
        synchronized (slot) {
            long now = System.nanoTime();
            long start = Math.max(now, slot[0]);
            slot[0] = start + intervalNanos;
            return start - now;
        }
    }
}
