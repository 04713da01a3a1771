package io.github.cameldingtalk.stream.consumer;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether messages one person typed in a burst are routed as one ({@code mergeBursts}): the messages of a
 * conversation that queued behind a running one, from the same sender in a row, are merged when it ends; with a
 * {@code mergeWindow} a conversation's first message also waits that long for more before it is routed.
 */
final class Bursts {

    static final Bursts OFF = new Bursts(false, Duration.ZERO, null);

    private final boolean merge;
    private final long windowMillis;
    private final ScheduledExecutorService timer;

    /** @param timer runs the end of a window; needed when {@code window} is positive */
    Bursts(boolean merge, Duration window, ScheduledExecutorService timer) {
        this.merge = merge;
        this.windowMillis = merge ? window.toMillis() : 0;
        this.timer = timer;
    }

    boolean merges() {
        return merge;
    }

    /** Whether this job, the first of its conversation, waits for more of its sender. */
    boolean holds(Admission.Job job) {
        return windowMillis > 0 && job.sender() != null;
    }

    /** Runs {@code release} once the window is over (at once when the timer is gone: the consumer stops). */
    void hold(Runnable release) {
        try {
            timer.schedule(release, windowMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            release.run();
        }
    }

    boolean sameBurst(Admission.Job first, Admission.Job next) {
        return first.sender() != null && Objects.equals(first.sender(), next.sender());
    }
}
