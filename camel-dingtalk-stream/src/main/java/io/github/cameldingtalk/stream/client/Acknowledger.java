package io.github.cameldingtalk.stream.client;

/** Ends one EVENT or CALLBACK frame: an ack on the connection that carried it, or a hand-back to DingTalk. */
public interface Acknowledger {

    /**
     * Sends the ack; only the first {@code ack} or {@code handBack} counts.
     *
     * @param code    200 for success, 500 for a failed callback …
     * @param message short text, never a secret
     * @param data    the ack's data (a JSON document, sent as a string), or null
     * @return false when the connection is gone (DingTalk will redeliver) or the frame was already ended
     */
    boolean ack(int code, String message, String data);

    /**
     * Gives the frame back to DingTalk so that it is delivered again later (possibly to another instance): an event
     * is acked {@code LATER} with the reason, a callback is left unacked (DingTalk redelivers it after its timeout).
     * The one way every layer refuses work it cannot do now (busy, stopping, nobody subscribed).
     *
     * @return false when the frame was already ended
     */
    boolean handBack(String reason);

    /** DingTalk's id of the connection the frame came on. */
    String connectionId();
}
