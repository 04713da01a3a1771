package io.github.cameldingtalk.stream.reply;

/** A bot reply that DingTalk did not take; {@code errcode} 300001 means the sessionWebhook expired. */
public class SessionWebhookException extends RuntimeException {

    public static final int SESSION_EXPIRED = 300001;

    private final int errcode;

    public SessionWebhookException(int errcode, String message) {
        super(message);
        this.errcode = errcode;
    }

    public int getErrcode() {
        return errcode;
    }

    public boolean isSessionExpired() {
        return errcode == SESSION_EXPIRED;
    }
}
