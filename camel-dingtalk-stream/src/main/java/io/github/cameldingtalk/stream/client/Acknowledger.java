package io.github.cameldingtalk.stream.client;

/** Sends the ack of one frame on the connection that carried it. */
public interface Acknowledger {

    /**
     * Sends the ack; only the first call counts.
     *
     * @param code    200 for success, 500 for a failed callback …
     * @param message short text, never a secret
     * @param data    the ack's data (a JSON document, sent as a string), or null
     * @return false when the connection is gone (DingTalk will redeliver) or the frame was already acked
     */
    boolean ack(int code, String message, String data);

    /** Sends no ack on purpose, so that DingTalk pushes the frame again later. */
    void skip();

    /** DingTalk's id of the connection the frame came on. */
    String connectionId();
}
