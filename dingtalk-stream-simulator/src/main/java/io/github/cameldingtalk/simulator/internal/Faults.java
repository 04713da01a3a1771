package io.github.cameldingtalk.simulator.internal;

import java.time.Duration;

/** Faults on the next HTTP calls: failing open calls, failing or slow sessionWebhook posts. */
public final class Faults {

    /** What the next {@code remaining} calls answer instead of the normal answer. */
    record Failure(int remaining, int status, int errcode, String errmsg) {
        static final Failure NONE = new Failure(0, 200, 0, null);

        Failure next() {
            return new Failure(remaining - 1, status, errcode, errmsg);
        }
    }

    private Failure openFailure = Failure.NONE;
    private Failure replyFailure = Failure.NONE;
    private volatile Duration replyDelay = Duration.ZERO;

    /** The next {@code count} open calls fail with this HTTP status. */
    public synchronized void failNextOpens(int count, int status) {
        openFailure = new Failure(count, status, -1, "injected failure");
    }

    /** The next {@code count} sessionWebhook posts fail with this HTTP status. */
    public synchronized void failNextReplies(int count, int status) {
        replyFailure = new Failure(count, status, -1, "injected HTTP " + status);
    }

    /** The next {@code count} sessionWebhook posts are answered HTTP 200 with this errcode. */
    public synchronized void failNextRepliesWithErrcode(int count, int errcode, String errmsg) {
        replyFailure = new Failure(count, 200, errcode, errmsg);
    }

    public void delayReplies(Duration delay) {
        replyDelay = delay;
    }

    /** The fault for this open call, consumed; null when it goes through. */
    synchronized Failure takeOpenFailure() {
        if (openFailure.remaining() <= 0) {
            return null;
        }
        Failure taken = openFailure;
        openFailure = taken.next();
        return taken;
    }

    synchronized Failure takeReplyFailure() {
        if (replyFailure.remaining() <= 0) {
            return null;
        }
        Failure taken = replyFailure;
        replyFailure = taken.next();
        return taken;
    }

    Duration replyDelay() {
        return replyDelay;
    }

    public synchronized void clear() {
        openFailure = Failure.NONE;
        replyFailure = Failure.NONE;
        replyDelay = Duration.ZERO;
    }
}
