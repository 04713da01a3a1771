package io.github.cameldingtalk.stream.openapi;

/**
 * DingTalk refused an OpenAPI call (or it could not be made): the HTTP status (0 when no answer came), DingTalk's
 * {@code code} (e.g. {@code Forbidden.AccessDenied.AccessTokenPermissionDenied}, {@code invalidParameter.userIds.invalid})
 * and {@code requestid} for DingTalk's support. Never carries a token or a secret.
 */
public class DingTalkApiException extends RuntimeException {

    private final int statusCode;
    private final String code;
    private final String requestId;
    private final int attempts;

    public DingTalkApiException(String message, int statusCode, String code, String requestId, int attempts) {
        super(message);
        this.statusCode = statusCode;
        this.code = code;
        this.requestId = requestId;
        this.attempts = attempts;
    }

    public int getStatusCode() {
        return statusCode;
    }

    /** DingTalk's error code, null when the answer had none. */
    public String getCode() {
        return code;
    }

    public String getRequestId() {
        return requestId;
    }

    public int getAttempts() {
        return attempts;
    }

    /** DingTalk's per-app or per-API QPS limit (403 {@code …QpsLimit…}) or HTTP 429. */
    public boolean isThrottled() {
        return statusCode == 429 || (code != null && code.contains("QpsLimit"));
    }
}
