package io.github.cameldingtalk.simulator.internal;

import java.time.Duration;

/**
 * Faults on the next HTTP calls: failing open calls, failing or slow sessionWebhook posts, OpenAPI errors or delays,
 * calls accepted and then left without an answer.
 */
public final class Faults {

    /** What the next {@code remaining} calls answer instead of the normal answer. */
    record Failure(int remaining, int status, int errcode, String errmsg) {
        static final Failure NONE = new Failure(0, 200, 0, null);

        Failure next() {
            return new Failure(remaining - 1, status, errcode, errmsg);
        }
    }

    /** An injected OpenAPI error: HTTP status and DingTalk's code. */
    record ApiFailure(int remaining, int status, String code, String message) {
    }

    private Failure openFailure = Failure.NONE;
    private Failure replyFailure = Failure.NONE;
    private final java.util.Map<String, ApiFailure> apiFailures = new java.util.HashMap<>();
    private volatile Duration replyDelay = Duration.ZERO;
    private final java.util.Map<String, Integer> drops = new java.util.HashMap<>();
    private final java.util.Map<String, Duration> apiDelays = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int invalidTokenStatus = 400;

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

    /**
     * The next {@code count} calls to this OpenAPI path (e.g. {@code /v1.0/robot/groupMessages/send}, or {@code *}
     * for any) answer this status and code, e.g. 403 {@code Forbidden.AccessDenied.QpsLimitForAppkeyAndApi}, 429
     * {@code Throttling}, 500 {@code system.busy}.
     */
    public synchronized void failNextApiCalls(String path, int count, int status, String code) {
        apiFailures.put(path, new ApiFailure(count, status, code, "injected " + code));
    }

    /** How an unknown or expired access token is answered: 400 (as DingTalk does) or 401. */
    public void invalidTokenStatus(int status) {
        invalidTokenStatus = status;
    }

    int invalidTokenStatus() {
        return invalidTokenStatus;
    }

    synchronized ApiFailure takeApiFailure(String path) {
        for (String key : new String[] {path, "*"}) {
            ApiFailure failure = apiFailures.get(key);
            if (failure != null && failure.remaining() > 0) {
                apiFailures.put(key, new ApiFailure(failure.remaining() - 1, failure.status(), failure.code(),
                        failure.message()));
                return failure;
            }
        }
        return null;
    }

    public void delayReplies(Duration delay) {
        replyDelay = delay;
    }

    /**
     * The next {@code count} calls to this path ({@code /robot/sendBySession} for sessionWebhook replies, an OpenAPI
     * path, or {@code *} for any) are processed as usual — the reply or message reaches the chat — and then the
     * connection is closed without an answer: the caller cannot know that it went through.
     */
    public synchronized void dropAfterAccepting(String path, int count) {
        drops.put(path, count);
    }

    synchronized boolean takeDrop(String path) {
        for (String key : new String[] {path, "*"}) {
            Integer left = drops.get(key);
            if (left != null && left > 0) {
                drops.put(key, left - 1);
                return true;
            }
        }
        return false;
    }

    /** Every call to this OpenAPI path ({@code *} for any) is answered after {@code delay}; zero ends it. */
    public void delayApiCalls(String path, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            apiDelays.remove(path);
        } else {
            apiDelays.put(path, delay);
        }
    }

    Duration apiDelay(String path) {
        Duration delay = apiDelays.get(path);
        return delay != null ? delay : apiDelays.getOrDefault("*", Duration.ZERO);
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
        apiFailures.clear();
        drops.clear();
        apiDelays.clear();
        invalidTokenStatus = 400;
    }
}
