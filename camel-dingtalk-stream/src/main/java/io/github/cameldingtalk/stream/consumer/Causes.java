package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.openapi.DingTalkOutcomeUnknownException;
import java.util.concurrent.CompletionException;

/** What a failure that reaches a frame's completion is. */
final class Causes {

    private Causes() {
    }

    /** The failure a future completed with, without the {@link CompletionException} a dependent stage wraps it in. */
    static Throwable of(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The unknown-outcome failure among this exception's causes, or null. */
    static DingTalkOutcomeUnknownException unknownOutcome(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DingTalkOutcomeUnknownException unknown) {
                return unknown;
            }
        }
        return null;
    }
}
