package io.github.cameldingtalk.stream.openapi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One live AI card in the {@link AiCardScheduler}: the text waiting to be sent (latest-wins), whether it is the last
 * one, the frame in flight, and when the card may send again. Not thread-safe: the scheduler guards it.
 */
final class LiveCard {

    /** A frame taken from the card to send. */
    record Frame(String text, boolean last, boolean failed) {
    }

    final String outTrackId;
    final String key;
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final long minIntervalNanos;
    private String pending;
    private boolean pendingLast;
    private boolean pendingFailed;
    private boolean inFlight;
    private int failuresInARow;
    private int framesSent;
    private long lastSent = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    LiveCard(String outTrackId, String key, long minIntervalNanos) {
        this.outTrackId = outTrackId;
        this.key = key;
        this.minIntervalNanos = minIntervalNanos;
    }

    /**
     * New text for the card; ignored once the last text came.
     *
     * @return whether it replaced text not sent yet
     */
    boolean put(String text, boolean last, boolean failed) {
        if (ended.isDone() || pendingLast) {
            return false;
        }
        boolean replaced = pending != null;
        pending = text;
        pendingLast = last;
        pendingFailed = failed;
        return replaced;
    }

    boolean hasWork() {
        return pending != null && !inFlight;
    }

    /** A last frame goes as soon as none is in flight; others keep the card's interval. */
    long eligibleAt() {
        return pendingLast ? lastSent : lastSent + minIntervalNanos;
    }

    boolean lastPending() {
        return pendingLast;
    }

    int framesSent() {
        return framesSent;
    }

    /** Takes the waiting text as the frame now in flight. */
    Frame take(long now) {
        Frame frame = new Frame(pending, pendingLast, pendingFailed);
        pending = null;
        inFlight = true;
        framesSent++;
        lastSent = now;
        return frame;
    }

    void taken() {
        inFlight = false;
        failuresInARow = 0;
    }

    /**
     * The frame was not processed: it goes again unless newer text replaced it (a last frame is never dropped).
     *
     * @return false when too many failed in a row: give up
     */
    boolean notTaken(Frame frame, int maxFailures) {
        inFlight = false;
        if (++failuresInARow > maxFailures) {
            return false;
        }
        if (pending == null) {
            pending = frame.text();
            pendingLast = frame.last();
            pendingFailed = frame.failed();
        }
        return true;
    }

    void refused() {
        inFlight = false;
    }
}
