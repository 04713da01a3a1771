package io.github.cameldingtalk.stream.openapi;

import java.util.Set;

/**
 * What one post to a sessionWebhook came back with: an HTTP status and DingTalk's errcode, or an I/O failure.
 *
 * @param status  the HTTP status, 0 when no answer came
 * @param errcode DingTalk's errcode (0 is success), or -1 when the answer had none
 * @param errmsg  DingTalk's errmsg or a short description of the failure; never the webhook URL
 * @param ioError whether the call failed without an answer (connection refused, reset, timeout)
 */
record WebhookAnswer(int status, int errcode, String errmsg, boolean ioError) {

    /**
     * Errcodes that HTTP 200 carries when DingTalk throttles or is briefly unable (openapi.md §8): -1 system busy,
     * 90002 the API's global QPS, 90018 the app's QPS per API, 130101 the robot's "send too fast".
     */
    private static final Set<Integer> THROTTLED = Set.of(-1, 90002, 90018, 130101);

    static WebhookAnswer io(String what) {
        return new WebhookAnswer(0, -1, what, true);
    }

    boolean isSuccess() {
        return status >= 200 && status < 300 && errcode == 0;
    }

    /** Worth another attempt: no answer, 5xx, 429, a 403 QpsLimit, or a throttling errcode in a 200. */
    boolean isTransient() {
        if (ioError || status >= 500 || status == 429) {
            return true;
        }
        if (status == 403) {
            return errmsg != null && errmsg.contains("QpsLimit");
        }
        return status >= 200 && status < 300 && THROTTLED.contains(errcode);
    }

    String describe() {
        if (ioError) {
            return errmsg;
        }
        if (status < 200 || status >= 300) {
            return "HTTP " + status + (errmsg == null || errmsg.isEmpty() ? "" : " " + errmsg);
        }
        return "errcode " + errcode + (errmsg == null || errmsg.isEmpty() ? "" : " " + errmsg);
    }
}
