package io.github.cameldingtalk.simulator;

import java.time.Instant;

/**
 * Something a client sent that breaks the Stream protocol. Tests assert there are none.
 *
 * @param kind         what was wrong
 * @param connectionId the connection it arrived on
 * @param messageId    the messageId concerned, when there was one
 * @param detail       a readable explanation (never the client's secret)
 * @param at           when it was seen
 */
public record Violation(Kind kind, String connectionId, String messageId, String detail, Instant at) {

    public enum Kind {
        /** The text frame is not a JSON object. */
        MALFORMED_ACK,
        /** A binary WebSocket frame: the protocol only uses text frames. */
        BINARY_FRAME,
        /** {@code headers.messageId} is missing. */
        MISSING_MESSAGE_ID,
        /** {@code headers.contentType} is missing. */
        MISSING_CONTENT_TYPE,
        /** {@code code} is missing or not a number. */
        MISSING_CODE,
        /** {@code data} is present but not a JSON string. */
        DATA_NOT_STRING,
        /** The messageId was never pushed. */
        UNKNOWN_MESSAGE_ID,
        /** More acks than deliveries for this messageId. */
        ALREADY_ACKED,
        /** The ack came on another connection than any that carried the frame. */
        WRONG_CONNECTION,
        /** A SYSTEM ping answered without echoing its opaque. */
        PING_WITHOUT_OPAQUE
    }

    @Override
    public String toString() {
        return kind + " on " + connectionId + (messageId == null ? "" : " for " + messageId) + ": " + detail;
    }
}
