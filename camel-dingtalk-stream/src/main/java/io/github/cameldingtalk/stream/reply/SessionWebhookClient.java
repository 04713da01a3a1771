package io.github.cameldingtalk.stream.reply;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.Json;
import io.github.cameldingtalk.stream.openapi.RetryPolicy;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Posts bot replies to a message's sessionWebhook, retrying transient failures (no answer, HTTP 5xx/429, a
 * throttling errcode in an HTTP 200) with backoff and jitter within the {@link RetryPolicy}. A reply that
 * DingTalk accepted is never posted again; a refusal (300001 expired session, 40035 bad body, other 4xx) fails at
 * once. Nothing blocks: the waits between attempts run on the given scheduler. The webhook URL grants access to
 * the conversation, so it never appears in an error message or a log line.
 */
public final class SessionWebhookClient {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;
    private final ScheduledExecutorService scheduler;
    private final RetryPolicy policy;

    public SessionWebhookClient(OkHttpClient http, ScheduledExecutorService scheduler, RetryPolicy policy) {
        this.http = http;
        this.scheduler = scheduler;
        this.policy = policy;
    }

    /**
     * Posts the message. The future completes with the number of attempts it took, or fails with a
     * {@link SessionWebhookException} carrying DingTalk's last answer.
     */
    public CompletableFuture<Integer> post(String webhook, String messageJson) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Request request;
        try {
            request = new Request.Builder().url(webhook).post(RequestBody.create(messageJson, JSON)).build();
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new SessionWebhookException(0, -1, "not a URL", 0,
                    "the sessionWebhook is not a valid URL"));
            return result;
        }
        attempt(request, 1, System.nanoTime() + policy.timeout().toNanos(), result);
        return result;
    }

    private void attempt(Request request, int attempt, long deadline, CompletableFuture<Integer> result) {
        long remaining = deadline - System.nanoTime();
        Call call = http.newCall(request);
        call.timeout().timeout(Math.max(1, remaining), TimeUnit.NANOSECONDS);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                settle(WebhookAnswer.io("posting the reply failed: " + e.getClass().getSimpleName()), 0);
            }

            @Override
            public void onResponse(Call c, Response response) {
                long retryAfter;
                WebhookAnswer answer;
                try (response) {
                    retryAfter = RetryPolicy.retryAfterMillis(response.header("Retry-After"));
                    answer = read(response);
                }
                settle(answer, retryAfter);
            }

            private void settle(WebhookAnswer answer, long retryAfterMillis) {
                if (answer.isSuccess()) {
                    result.complete(attempt);
                    return;
                }
                if (!answer.isTransient()) {
                    result.completeExceptionally(SessionWebhookException.of(answer, attempt, "DingTalk refused the reply"));
                    return;
                }
                long wait = policy.waitBeforeNext(attempt, deadline, retryAfterMillis);
                if (wait < 0) {
                    result.completeExceptionally(SessionWebhookException.of(answer, attempt,
                            "the reply was not delivered within " + policy.maxAttempts() + " attempts and "
                                    + policy.timeout().toMillis() + " ms"));
                    return;
                }
                try {
                    scheduler.schedule(() -> attempt(request, attempt + 1, deadline, result), wait,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    result.completeExceptionally(SessionWebhookException.of(answer, attempt,
                            "the reply was not delivered (stopping, no retry)"));
                }
            }
        });
    }

    private static WebhookAnswer read(Response response) {
        try {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            JsonNode json = text.isEmpty() ? null : Json.parseNested(text);
            if (!response.isSuccessful()) {
                // new-style errors carry {code, message}; the code says e.g. QpsLimit
                String code = json == null ? "" : json.path("code").asText("");
                String message = json == null ? "" : json.path("message").asText("");
                return new WebhookAnswer(response.code(), -1, (code + " " + message).trim(), false);
            }
            int errcode = json == null ? 0 : json.path("errcode").asInt(0);
            return new WebhookAnswer(response.code(), errcode, json == null ? "" : json.path("errmsg").asText(""),
                    false);
        } catch (IOException e) {
            return WebhookAnswer.io("reading the sessionWebhook answer failed: " + e.getClass().getSimpleName());
        }
    }
}
