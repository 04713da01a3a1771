package io.github.cameldingtalk.stream.openapi;

import java.time.Duration;

/**
 * A call whose outcome is unknown: the request was written (or its 2xx answer could not be read) and then the
 * connection failed or the time ran out, so DingTalk may or may not have acted on it. A call that is not idempotent
 * (a reply, a robot send, a card creation or delivery, a recall, an upload) is then <b>not</b> repeated, since a
 * repeat could post a second visible message: this exception says so instead. Check the chat (or
 * {@code processQueryKey}s) before sending again. Never carries a token, a secret or a webhook URL.
 */
public class DingTalkOutcomeUnknownException extends RuntimeException {

    private final String call;
    private final Duration elapsed;
    private final int attempts;

    public DingTalkOutcomeUnknownException(String call, Duration elapsed, int attempts, String why) {
        super("The outcome of " + call + " is unknown after " + elapsed.toMillis() + " ms (" + why
                + "); it was not repeated, since DingTalk may have processed it");
        this.call = call;
        this.elapsed = elapsed;
        this.attempts = attempts;
    }

    /** The call, e.g. {@code POST /v1.0/robot/groupMessages/send} or {@code the sessionWebhook reply}. */
    public String getCall() {
        return call;
    }

    /** From the first attempt to the failure. */
    public Duration getElapsed() {
        return elapsed;
    }

    public int getAttempts() {
        return attempts;
    }
}
