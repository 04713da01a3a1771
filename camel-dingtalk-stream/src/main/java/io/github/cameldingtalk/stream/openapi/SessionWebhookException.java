package io.github.cameldingtalk.stream.openapi;

/**
 * A bot reply that DingTalk did not take. {@link #getErrcode()} is DingTalk's errcode (300001: the sessionWebhook
 * expired; 40035: the body is not a valid message), {@link #getStatusCode()} the HTTP status (0 when no answer
 * came). The message never carries the webhook URL.
 */
public class SessionWebhookException extends RuntimeException {

    public static final int SESSION_EXPIRED = 300001;

    private final int statusCode;
    private final int errcode;
    private final String errmsg;
    private final int attempts;

    public SessionWebhookException(int statusCode, int errcode, String errmsg, int attempts, String message) {
        super(message);
        this.statusCode = statusCode;
        this.errcode = errcode;
        this.errmsg = errmsg;
        this.attempts = attempts;
    }

    static SessionWebhookException of(WebhookAnswer answer, int attempts, String why) {
        return new SessionWebhookException(answer.status(), answer.errcode(), answer.errmsg(), attempts,
                why + ": " + answer.describe() + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"));
    }

    /** The same answer, told another way. */
    SessionWebhookException because(String why) {
        return of(new WebhookAnswer(statusCode, errcode, errmsg, statusCode == 0), attempts, why);
    }

    /** The HTTP status of the last answer; 0 when the last attempt got none. */
    public int getStatusCode() {
        return statusCode;
    }

    /** DingTalk's errcode of the last answer, -1 when it had none. */
    public int getErrcode() {
        return errcode;
    }

    /** DingTalk's errmsg of the last answer, or what went wrong. */
    public String getErrmsg() {
        return errmsg;
    }

    public int getAttempts() {
        return attempts;
    }

    public boolean isSessionExpired() {
        return errcode == SESSION_EXPIRED;
    }
}
