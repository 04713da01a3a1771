package io.github.cameldingtalk.simulator;

/** The {@code type} of a Stream frame. */
public enum FrameType {
    /** Gateway housekeeping: ping, disconnect. */
    SYSTEM,
    /** An event (subscription {@code EVENT *}); acked with a status, redelivered when LATER. */
    EVENT,
    /** A callback topic: bot messages, card callbacks, others. */
    CALLBACK
}
