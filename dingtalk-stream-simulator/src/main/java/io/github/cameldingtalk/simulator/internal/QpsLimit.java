package io.github.cameldingtalk.simulator.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DingTalk's limit of calls per second per app and API (standard edition: 20, openapi.md §8): a call beyond it
 * within any sliding second is refused with 403 {@code Forbidden.AccessDenied.QpsLimitForAppkeyAndApi}. Refused calls
 * do not count.
 */
public final class QpsLimit {

    public static final String CODE = "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi";
    private static final long SECOND = 1_000_000_000L;

    private final Map<String, ArrayDeque<Long>> accepted = new ConcurrentHashMap<>();
    private volatile int perSecond;

    /** @param perSecond calls per second and API of one app; 0 or less: no limit */
    public QpsLimit(int perSecond) {
        this.perSecond = perSecond;
    }

    public void set(int perSecond) {
        this.perSecond = perSecond;
        accepted.clear();
    }

    public int perSecond() {
        return perSecond;
    }

    /** Whether a call of this app to this API may go now (then it counts). */
    boolean admit(String app, String api) {
        int limit = perSecond;
        if (limit <= 0) {
            return true;
        }
        ArrayDeque<Long> times = accepted.computeIfAbsent(app + " " + api, k -> new ArrayDeque<>());
        synchronized (times) {
            long now = System.nanoTime();
            while (!times.isEmpty() && now - times.peekFirst() >= SECOND) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }
}
