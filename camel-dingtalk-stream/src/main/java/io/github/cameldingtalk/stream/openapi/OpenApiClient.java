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
import java.util.Set;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
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
    /** Legacy (oapi) errcodes of a bad or expired token, and of throttling or a busy system. */
    private static final Set<String> LEGACY_INVALID_TOKEN = Set.of("40014", "40001", "42001");
    private static final Set<String> LEGACY_THROTTLED = Set.of("-1", "90002", "90018");

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
        String json = body == null ? null : Json.write(body);
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        new Attempts(method + " " + path, false, token -> new Request.Builder().url(apiUrl + path)
                .header(TOKEN_HEADER, token).header("Accept", "application/json")
                .method(method, json == null ? (method.equals("GET") ? null : RequestBody.create("", JSON))
                        : RequestBody.create(json, JSON)).build(), result).next(1, Duration.ZERO);
        return result;
    }

    /**
     * Uploads media to the legacy host ({@code POST {oapiUrl}/media/upload?access_token=…&type=…}, multipart field
     * {@code media}); the future completes with {@code {media_id, type, …}}. Legacy errors come as HTTP 200 with an
     * errcode: a bad token (40014, 40001, 42001) is refreshed once, throttling (90018, 90002, -1) retried.
     *
     * @param type {@code image}, {@code voice}, {@code video} or {@code file}
     */
    public CompletableFuture<JsonNode> upload(String oapiUrl, String type, String fileName, byte[] content,
            String contentType) {
        RequestBody multipart = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("type", type)
                .addFormDataPart("media", fileName, RequestBody.create(content, MediaType.parse(contentType == null
                        ? "application/octet-stream" : contentType))).build();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        new Attempts("POST /media/upload", true, token -> new Request.Builder().url(HttpUrl.get(oapiUrl + "/media/upload")
                .newBuilder().addQueryParameter("access_token", token).addQueryParameter("type", type).build())
                .post(multipart).build(), result).next(1, Duration.ZERO);
        return result;
    }

    /** The tries of one call: each waits for its rate-limit slot, then a token, then the answer. */
    private final class Attempts {
        private final String what;
        private final boolean legacy;
        private final Function<String, Request> request;
        private final CompletableFuture<JsonNode> result;
        private final long deadline;
        private boolean tokenRefreshed;

        /** @param legacy an oapi call: errors come as HTTP 200 with an errcode */
        Attempts(String what, boolean legacy, Function<String, Request> request, CompletableFuture<JsonNode> result) {
            this.what = what;
            this.legacy = legacy;
            this.request = request;
            this.result = result;
            this.deadline = System.nanoTime() + retry.timeout().toNanos();
        }

        void next(int attempt, Duration after) {
            long wait = after.toNanos() + limiter.reserve(what);
            if (wait <= 0) {
                send(attempt);
                return;
            }
            try {
                scheduler.schedule(() -> send(attempt), wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new DingTalkApiException("stopping: " + what + " was not sent", 0, null,
                        null, attempt - 1));
            }
        }

        private void send(int attempt) {
            tokens.get().whenComplete((token, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure instanceof java.util.concurrent.CompletionException
                            && failure.getCause() != null ? failure.getCause() : failure);
                    return;
                }
                Call call = http.newCall(request.apply(token));
                call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                call.enqueue(new Callback() {
                    @Override
                    public void onFailure(Call c, IOException e) {
                        retryOrFail(attempt, null, new DingTalkApiException(what + " failed: "
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
                int errcode = legacy && answer != null ? answer.path("errcode").asInt(0) : 0;
                if (response.isSuccessful() && errcode == 0) {
                    result.complete(answer == null ? Json.MAPPER.createObjectNode() : answer);
                    return;
                }
            } catch (IOException e) {
                retryOrFail(attempt, null, new DingTalkApiException("reading the answer of " + what + " failed: "
                        + e.getClass().getSimpleName(), response.code(), null, null, attempt), 0);
                return;
            }
            DingTalkApiException refusal = refusal("DingTalk refused " + what, response, answer, attempt);
            boolean invalidToken = response.code() == 401 || "InvalidAuthentication".equals(refusal.getCode())
                    || LEGACY_INVALID_TOKEN.contains(refusal.getCode());
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
            boolean transientFailure = refusal == null || refusal.isThrottled() || refusal.getStatusCode() >= 500
                    || LEGACY_THROTTLED.contains(refusal.getCode());
            long wait = transientFailure ? retry.waitBeforeNext(attempt, deadline, retryAfterMillis) : -1;
            if (wait < 0) {
                result.completeExceptionally(failure);
                return;
            }
            next(attempt + 1, Duration.ofMillis(wait));
        }
    }

    /** An error answer as an exception: {@code {code, message, requestid}} of new-style APIs, errcode of legacy ones. */
    static DingTalkApiException refusal(String what, Response response, JsonNode answer, int attempts) {
        boolean legacy = answer != null && answer.has("errcode");
        String code = answer == null ? null : legacy ? answer.path("errcode").asText() : answer.path("code").asText(null);
        String message = answer == null ? null : answer.path(legacy ? "errmsg" : "message").asText(null);
        String requestId = answer == null ? null : answer.path("requestid").asText(null);
        if (requestId == null) {
            requestId = response.header("x-acs-dingtalk-request-id");
        }
        return new DingTalkApiException(what + ": HTTP " + response.code() + (code == null ? "" : " " + code)
                + (message == null ? "" : " " + message) + (requestId == null ? "" : " (requestid " + requestId + ")"),
                response.code(), code, requestId, attempts);
    }
}
