package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.Json;
import io.github.cameldingtalk.stream.openapi.OutboundCall;
import io.github.cameldingtalk.stream.openapi.OutboundMetrics;
import io.github.cameldingtalk.stream.openapi.RetryPolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts bot replies to a message's sessionWebhook with the retry rules of {@link OutboundCall}: what DingTalk did not
 * process (no connection, HTTP 5xx/429, a 403 QpsLimit, a throttling errcode in an HTTP 200) is posted again with
 * backoff and jitter within the {@link RetryPolicy}; a reply whose outcome is unknown (the post was written, then the
 * connection failed or the time ran out) is never posted again — it may be in the chat — and fails with a
 * {@code DingTalkOutcomeUnknownException}; a refusal (300001 expired session, 40035 bad body, other 4xx) fails at
 * once. The webhook URL grants access to the conversation, so it never appears in an error message or a log line.
 */
public final class SessionWebhookClient {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String WHAT = "the sessionWebhook reply";

    private final OkHttpClient http;
    private final ScheduledExecutorService scheduler;
    private final RetryPolicy policy;
    private final OutboundMetrics metrics = new OutboundMetrics();

    /** @param http a client that does not repeat posts itself ({@code OutboundHttp.replies}) */
    public SessionWebhookClient(OkHttpClient http, ScheduledExecutorService scheduler, RetryPolicy policy) {
        this.http = http;
        this.scheduler = scheduler;
        this.policy = policy;
    }

    /**
     * Posts the message. The future completes with the number of attempts it took, or fails with a
     * {@link SessionWebhookException} carrying DingTalk's last answer, or a {@code DingTalkOutcomeUnknownException}.
     */
    public CompletableFuture<Integer> post(String webhook, String messageJson) {
        Request request;
        try {
            request = new Request.Builder().url(webhook).post(RequestBody.create(messageJson, JSON)).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SessionWebhookException(0, -1, "not a URL", 0,
                    "the sessionWebhook is not a valid URL"));
        }
        return new Post(request).start();
    }

    private final class Post extends OutboundCall<Integer> {

        Post(Request request) {
            super(WHAT, request, false, http, policy, scheduler, metrics);
        }

        @Override
        protected RuntimeException notSent(String why, int attempt) {
            return SessionWebhookException.of(WebhookAnswer.io("posting the reply failed: " + why), attempt,
                    "the reply was not delivered");
        }

        @Override
        protected RuntimeException gaveUp(RuntimeException last, int attempts) {
            if (last instanceof SessionWebhookException failed) {
                return failed.because("the reply was not delivered within " + policy.maxAttempts() + " attempts and "
                        + policy.timeout().toMillis() + " ms");
            }
            return last;
        }

        @Override
        protected Verdict<Integer> judge(Response response, byte[] body, int attempt) {
            WebhookAnswer answer = read(response, text(body));
            if (answer.isSuccess()) {
                return Verdict.success(attempt);
            }
            SessionWebhookException failure = SessionWebhookException.of(answer, attempt, "DingTalk refused the reply");
            return answer.isTransient()
                    ? Verdict.notProcessed(failure, RetryPolicy.retryAfterMillis(response.header("Retry-After")))
                    : Verdict.refused(failure);
        }
    }

    private static WebhookAnswer read(Response response, String text) {
        JsonNode json = text == null || text.isEmpty() ? null : Json.parseNested(text);
        if (!response.isSuccessful()) {
            // new-style errors carry {code, message}; the code says e.g. QpsLimit
            String code = json == null ? "" : json.path("code").asText("");
            String message = json == null ? "" : json.path("message").asText("");
            return new WebhookAnswer(response.code(), -1, (code + " " + message).trim(), false);
        }
        int errcode = json == null ? 0 : json.path("errcode").asInt(0);
        return new WebhookAnswer(response.code(), errcode, json == null ? "" : json.path("errmsg").asText(""), false);
    }
}
