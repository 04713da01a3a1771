package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.Json;
import java.io.IOException;
import java.time.Duration;
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
 * Calls DingTalk's new-style OpenAPI ({@code api.dingtalk.com/v1.0/…}) for one app, without blocking: the
 * client-side rate limit per API, the access token (header {@code x-acs-dingtalk-access-token}; refreshed once and
 * the call retried when DingTalk says it is invalid — HTTP 400 {@code InvalidAuthentication} as well as 401),
 * retries of transient failures (no answer, 5xx, 429, 403 QpsLimit) with backoff and jitter within the
 * {@link RetryPolicy}, and a {@link DingTalkApiException} with DingTalk's code, message and request id otherwise.
 */
public final class OpenApiClient {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String TOKEN_HEADER = "x-acs-dingtalk-access-token";

    private final OkHttpClient http;
    private final String apiUrl;
    private final AccessTokenCache tokens;
    private final RateLimiter limiter;
    private final RetryPolicy retry;
    private final ScheduledExecutorService scheduler;

    public OpenApiClient(OkHttpClient http, String apiUrl, AccessTokenCache tokens, RateLimiter limiter,
            RetryPolicy retry, ScheduledExecutorService scheduler) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.tokens = tokens;
        this.limiter = limiter;
        this.retry = retry;
        this.scheduler = scheduler;
    }

    /**
     * Makes the call; the future completes with DingTalk's JSON answer, or fails with a {@link DingTalkApiException}.
     *
     * @param body anything Jackson writes (a Map, a JsonNode …), or null for none
     */
    public CompletableFuture<JsonNode> call(String method, String path, Object body) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        new Attempts(method, path, body == null ? null : Json.write(body), result).next(1, Duration.ZERO);
        return result;
    }

    /** The tries of one call: each waits for its rate-limit slot, then a token, then the answer. */
    private final class Attempts {
        private final String method;
        private final String path;
        private final String json;
        private final CompletableFuture<JsonNode> result;
        private final long deadline;
        private boolean tokenRefreshed;

        Attempts(String method, String path, String json, CompletableFuture<JsonNode> result) {
            this.method = method;
            this.path = path;
            this.json = json;
            this.result = result;
            this.deadline = System.nanoTime() + retry.timeout().toNanos();
        }

        void next(int attempt, Duration after) {
            long wait = after.toNanos() + limiter.reserve(method + " " + path);
            if (wait <= 0) {
                send(attempt);
                return;
            }
            try {
                scheduler.schedule(() -> send(attempt), wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new DingTalkApiException("stopping: " + method + " " + path
                        + " was not sent", 0, null, null, attempt - 1));
            }
        }

        private void send(int attempt) {
            tokens.get().whenComplete((token, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure instanceof java.util.concurrent.CompletionException
                            && failure.getCause() != null ? failure.getCause() : failure);
                    return;
                }
                Request.Builder request = new Request.Builder().url(apiUrl + path).header(TOKEN_HEADER, token)
                        .header("Accept", "application/json");
                request.method(method, json == null ? (method.equals("GET") ? null : RequestBody.create("", JSON))
                        : RequestBody.create(json, JSON));
                Call call = http.newCall(request.build());
                call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                call.enqueue(new Callback() {
                    @Override
                    public void onFailure(Call c, IOException e) {
                        retryOrFail(attempt, null, new DingTalkApiException(method + " " + path + " failed: "
                                + e.getClass().getSimpleName(), 0, null, null, attempt), 0);
                    }

                    @Override
                    public void onResponse(Call c, Response response) {
                        answered(attempt, token, response);
                    }
                });
            });
        }

        private void answered(int attempt, String token, Response response) {
            JsonNode answer;
            long retryAfterMillis;
            try (response) {
                ResponseBody body = response.body();
                answer = Json.parseNested(body == null ? "" : body.string());
                retryAfterMillis = RetryPolicy.retryAfterMillis(response.header("Retry-After"));
                if (response.isSuccessful()) {
                    result.complete(answer == null ? Json.MAPPER.createObjectNode() : answer);
                    return;
                }
            } catch (IOException e) {
                retryOrFail(attempt, null, new DingTalkApiException("reading the answer of " + method + " " + path
                        + " failed: " + e.getClass().getSimpleName(), response.code(), null, null, attempt), 0);
                return;
            }
            DingTalkApiException refusal = refusal("DingTalk refused " + method + " " + path, response, answer, attempt);
            boolean invalidToken = response.code() == 401 || "InvalidAuthentication".equals(refusal.getCode());
            if (invalidToken && !tokenRefreshed) {
                tokenRefreshed = true;
                tokens.invalidate(token);
                next(attempt, Duration.ZERO);
                return;
            }
            retryOrFail(attempt, refusal, refusal, retryAfterMillis);
        }

        /** @param refusal DingTalk's answer, or null when none came (always worth another try) */
        private void retryOrFail(int attempt, DingTalkApiException refusal, DingTalkApiException failure,
                long retryAfterMillis) {
            boolean transientFailure = refusal == null || refusal.isThrottled() || refusal.getStatusCode() >= 500;
            long wait = Math.max(retry.delayAfter(attempt).toMillis(), retryAfterMillis);
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (!transientFailure || attempt >= retry.maxAttempts() || wait >= left) {
                result.completeExceptionally(failure);
                return;
            }
            next(attempt + 1, Duration.ofMillis(wait));
        }
    }

    /** An error answer as an exception: {@code {code, message, requestid}} of new-style APIs. */
    static DingTalkApiException refusal(String what, Response response, JsonNode answer, int attempts) {
        String code = answer == null ? null : answer.path("code").asText(null);
        String message = answer == null ? null : answer.path("message").asText(null);
        String requestId = answer == null ? null : answer.path("requestid").asText(null);
        if (requestId == null) {
            requestId = response.header("x-acs-dingtalk-request-id");
        }
        return new DingTalkApiException(what + ": HTTP " + response.code() + (code == null ? "" : " " + code)
                + (message == null ? "" : " " + message) + (requestId == null ? "" : " (requestid " + requestId + ")"),
                response.code(), code, requestId, attempts);
    }
}
