package io.github.cameldingtalk.stream.openapi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A client-side limit per API of one app (DingTalk allows about 20 calls/s per app and API, openapi.md §8). A call
 * takes its slot at the moment it can really go (its access token in hand), and calls of one API start at least
 * {@code 1.02 / callsPerSecond} seconds apart, measured when they start: so at most {@code callsPerSecond} calls
 * start in any sliding second, the first ones of a burst included. Calls wait in order; one whose turn would come
 * after its deadline fails at once with a {@link DingTalkApiException} naming the limit, holding no slot. Nothing
 * blocks: waits run on the scheduler.
 */
public final class RateLimiter {

    /** The error code of a call refused because the client-side limit would make it late. */
    public static final String CODE = "ClientRateLimit";

    /** A little slack so that jitter between here and DingTalk's clock never puts one call too many in a second. */
    private static final double MARGIN = 1.02;

    private record Waiter(String what, long deadlineNanos, CompletableFuture<Void> turn) {
    }

    /** The calls of one API: when the next may start, and who waits. */
    private static final class Lane {
        private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        private long nextStart = System.nanoTime(); // nanoTime values are compared by difference only
        private boolean pumpScheduled;
    }

    private final double callsPerSecond;
    private final long intervalNanos;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** @param callsPerSecond at most this many calls per second and API; 0 or less means no limit */
    public RateLimiter(double callsPerSecond, ScheduledExecutorService scheduler) {
        this.callsPerSecond = callsPerSecond;
        this.intervalNanos = callsPerSecond <= 0 ? 0 : (long) (MARGIN * 1_000_000_000L / callsPerSecond);
        this.scheduler = scheduler;
    }

    /**
     * Takes a slot for a call to {@code api}.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the call must have started
     * @return completes when the call may start; fails at once when its turn would come after the deadline
     */
    public CompletableFuture<Void> acquire(String api, long deadlineNanos) {
        if (intervalNanos == 0) {
            return CompletableFuture.completedFuture(null);
        }
        Lane lane = lanes.computeIfAbsent(api, k -> new Lane());
        synchronized (lane) {
            long now = System.nanoTime();
            if (lane.waiting.isEmpty() && now - lane.nextStart >= 0) {
                lane.nextStart = now + intervalNanos;
                return CompletableFuture.completedFuture(null);
            }
            long turn = Math.max(now, lane.nextStart) + lane.waiting.size() * intervalNanos;
            if (turn - deadlineNanos > 0) {
                return CompletableFuture.failedFuture(tooLate(api, turn - now));
            }
            Waiter waiter = new Waiter(api, deadlineNanos, new CompletableFuture<>());
            lane.waiting.add(waiter);
            schedulePump(lane, now);
            return waiter.turn();
        }
    }

    private void schedulePump(Lane lane, long now) {
        if (lane.pumpScheduled) {
            return;
        }
        lane.pumpScheduled = true;
        try {
            scheduler.schedule(() -> pump(lane), Math.max(0, lane.nextStart - now), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            lane.pumpScheduled = false;
            for (Waiter waiter = lane.waiting.poll(); waiter != null; waiter = lane.waiting.poll()) {
                waiter.turn().completeExceptionally(new DingTalkApiException("stopping: " + waiter.what()
                        + " was not sent", 0, null, null, 0));
            }
        }
    }

    private void pump(Lane lane) {
        List<Waiter> go = new ArrayList<>();
        synchronized (lane) {
            lane.pumpScheduled = false;
            long now = System.nanoTime();
            while (!lane.waiting.isEmpty() && now - lane.nextStart >= 0) {
                go.add(lane.waiting.poll());
                lane.nextStart = now + intervalNanos;
            }
            if (!lane.waiting.isEmpty()) {
                schedulePump(lane, now);
            }
        }
        // outside the lock: starting the call runs on this thread
        go.forEach(waiter -> waiter.turn().complete(null));
    }

    private String rate() {
        return callsPerSecond == Math.rint(callsPerSecond) ? Long.toString((long) callsPerSecond)
                : Double.toString(callsPerSecond);
    }

    private DingTalkApiException tooLate(String api, long waitNanos) {
        return new DingTalkApiException(api + " was not sent: the client-side rate limit (apiRateLimit "
                + rate() + " calls/s for this API) would start it in " + TimeUnit.NANOSECONDS.toMillis(waitNanos)
                + " ms, after its deadline (apiTimeout)", 0, CODE, null, 0);
    }
}
