package io.github.cameldingtalk.stream.client;

import java.io.IOException;

/** The open-connection call failed: an HTTP error answer (with DingTalk's code) or a network failure. */
public class OpenConnectionException extends IOException {

    private final int status;
    private final String code;

    public OpenConnectionException(int status, String code, String message) {
        super(describe(status, code, message));
        this.status = status;
        this.code = code;
    }

    public OpenConnectionException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = null;
    }

    private static String describe(int status, String code, String message) {
        return (code == null ? "HTTP " + status : code + " (HTTP " + status + ")")
                + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    /** HTTP status, 0 when no answer was received. */
    public int status() {
        return status;
    }

    /** DingTalk's error code, e.g. {@code authFailed}; null when absent. */
    public String code() {
        return code;
    }
}
