package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.openapi.AiCardNotUpdatedException;
import io.github.cameldingtalk.stream.openapi.DingTalkOutcomeUnknownException;
import io.github.cameldingtalk.stream.openapi.OutboundCall;

/** What a failure of an outbound call means for the frame that made it. */
public final class Failures {

    private Failures() {
    }

    /** The failure a future completed with, without the wrapper a dependent stage adds. */
    public static Throwable unwrap(Throwable failure) {
        return OutboundCall.unwrap(failure);
    }

    /**
     * The failure among this one's causes that says a call may have been processed by DingTalk (written, then no
     * answer): such a call is reported, never repeated. Null when there is none.
     */
    public static Exception unknownOutcome(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DingTalkOutcomeUnknownException unknown) {
                return unknown;
            }
        }
        return null;
    }

    /** The whole text of a streamed answer whose AI card did not take its last frame; null for other failures. */
    public static String textNotShown(Throwable failure) {
        return unwrap(failure) instanceof AiCardNotUpdatedException stuck ? stuck.getText() : null;
    }
}
