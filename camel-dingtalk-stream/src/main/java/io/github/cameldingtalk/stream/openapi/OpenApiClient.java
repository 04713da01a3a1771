package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.Json;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Calls DingTalk's new-style OpenAPI ({@code api.dingtalk.com/v1.0/…}) for one app, without blocking: the access
 * token (header {@code x-acs-dingtalk-access-token}; refreshed once and the call made again when DingTalk says it is
 * invalid — HTTP 400 {@code InvalidAuthentication} as well as 401), then the client-side rate limit per API (the slot
 * is taken with the token in hand), then the call with the retry rules of {@link OutboundCall}, and a
 * {@link DingTalkApiException} with DingTalk's code, message and request id for a refusal.
 */
public final class OpenApiClient {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String TOKEN_HEADER = "x-acs-dingtalk-access-token";
    /** Legacy (oapi) errcodes of a bad or expired token, and of throttling or a busy system. */
    private static final Set<String> LEGACY_INVALID_TOKEN = Set.of("40014", "40001", "42001");
    private static final Set<String> LEGACY_THROTTLED = Set.of("-1", "90002", "90018");

    private final OutboundHttp http;
    private final String apiUrl;
    private final AccessTokenCache tokens;
    private final RateLimiter limiter;
    private final RetryPolicy retry;
    private final ScheduledExecutorService scheduler;
    private final OutboundMetrics metrics = new OutboundMetrics();

    /** The client of one app: its token is fetched with the same retry rules, on the same scheduler. */
    public OpenApiClient(OutboundHttp http, String apiUrl, String clientId, String clientSecret, RateLimiter limiter,
            RetryPolicy retry, ScheduledExecutorService scheduler) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.tokens = new AccessTokenCache(http.idempotent(), apiUrl, clientId, clientSecret, retry, scheduler, metrics);
        this.limiter = limiter;
        this.retry = retry;
        this.scheduler = scheduler;
    }

    /**
     * Makes a call that must not be repeated once DingTalk may have it (a send, a card creation or delivery, a
     * recall): an unknown outcome fails with a {@link DingTalkOutcomeUnknownException}.
     *
     * @param body anything Jackson writes (a Map, a JsonNode …), or null for none
     * @return DingTalk's JSON answer, or a {@link DingTalkApiException}
     */
    public CompletableFuture<JsonNode> call(String method, String path, Object body) {
        return call(method, path, body, false);
    }

    /**
     * Makes a call that may be repeated after an unknown outcome: full-replace streaming frames, card data updates
     * by key, downloads.
     */
    public CompletableFuture<JsonNode> callIdempotent(String method, String path, Object body) {
        return call(method, path, body, true);
    }

    /**
     * Waits for a rate-limit slot of this API ({@code "PUT /v1.0/card/streaming"}), for a caller that decides only then
     * what to send (the AI card scheduler); the call then goes with {@link #callOnceInSlot}.
     */
    public CompletableFuture<Void> slot(String api) {
        return limiter.acquire(api, System.nanoTime() + retry.timeout().toNanos());
    }

    /**
     * One attempt of an idempotent call in a slot taken with {@link #slot}: the caller decides what to send again (the
     * AI card scheduler sends the newest text, not the refused one).
     */
    public CompletableFuture<JsonNode> callOnceInSlot(String method, String path, Object body) {
        return call(method, path, body, true, true);
    }

    private CompletableFuture<JsonNode> call(String method, String path, Object body, boolean idempotent) {
        return call(method, path, body, idempotent, false);
    }

    private CompletableFuture<JsonNode> call(String method, String path, Object body, boolean idempotent,
            boolean inSlot) {
        String json = body == null ? null : Json.write(body);
        RequestBody content = json == null ? (method.equals("GET") ? null : RequestBody.create("", JSON))
                : RequestBody.create(json, JSON);
        ApiCall call = new ApiCall(method + " " + path, idempotent, false, inSlot ? new RetryPolicy(1, retry.timeout(),
                retry.initialDelay()) : retry, token -> new Request.Builder().url(apiUrl + path)
                .header(TOKEN_HEADER, token).header("Accept", "application/json").method(method, content).build());
        call.slotTaken = inSlot;
        return call.start();
    }

    /**
     * Uploads media to the legacy host ({@code POST {oapiUrl}/media/upload?access_token=…&type=…}, multipart field
     * {@code media}); the future completes with {@code {media_id, type, …}}. Legacy errors come as HTTP 200 with an
     * errcode: a bad token (40014, 40001, 42001) is refreshed once, throttling (90018, 90002, -1) retried. An upload
     * whose outcome is unknown is not repeated.
     *
     * @param type {@code image}, {@code voice}, {@code video} or {@code file}
     */
    public CompletableFuture<JsonNode> upload(String oapiUrl, String type, String fileName, byte[] content,
            String contentType) {
        RequestBody multipart = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("type", type)
                .addFormDataPart("media", fileName, RequestBody.create(content, MediaType.parse(contentType == null
                        ? "application/octet-stream" : contentType))).build();
        return new ApiCall("POST /media/upload", false, true, retry, token -> new Request.Builder()
                .url(HttpUrl.get(oapiUrl + "/media/upload").newBuilder().addQueryParameter("access_token", token)
                        .addQueryParameter("type", type).build())
                .post(multipart).build()).start();
    }

    /** A downloaded file: its bytes and content type (null when not given). */
    public record Download(byte[] bytes, String contentType) {
    }

    /**
     * GET of a temporary download URL (no token, no rate limit); idempotent, so retried after any failure within the
     * retry policy. The URL is never in an error message.
     */
    public CompletableFuture<Download> download(String url) {
        Request request;
        try {
            request = new Request.Builder().url(url).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new DingTalkApiException("downloading the file failed: DingTalk gave"
                    + " no valid download URL", 0, null, null, 0));
        }
        return new OutboundCall<Download>("downloading the file", request, true, http.idempotent(), retry, scheduler,
                metrics) {
            @Override
            protected Verdict<Download> judge(Response response, byte[] body, int attempt) {
                if (response.isSuccessful() && body != null) {
                    return Verdict.success(new Download(body, response.header("Content-Type")));
                }
                DingTalkApiException failed = new DingTalkApiException("downloading the file failed: HTTP "
                        + response.code(), response.code(), null, null, attempt);
                return response.code() >= 500 || response.code() == 429 ? Verdict.notProcessed(failed, 0)
                        : Verdict.refused(failed);
            }
        }.start();
    }

    public OutboundMetrics metrics() {
        return metrics;
    }

    /** One OpenAPI call: each attempt gets a token, then its rate-limit slot, then goes. */
    private final class ApiCall extends OutboundCall<JsonNode> {
        private final boolean legacy;
        private final Function<String, Request> request;
        private String token;
        private boolean tokenRefreshed;
        /** The first attempt's rate-limit slot was taken by the caller. */
        private boolean slotTaken;

        /** @param legacy an oapi call: errors come as HTTP 200 with an errcode */
        ApiCall(String what, boolean idempotent, boolean legacy, RetryPolicy policy, Function<String, Request> request) {
            super(what, idempotent, idempotent ? http.idempotent() : http.once(), policy, scheduler, metrics);
            this.legacy = legacy;
            this.request = request;
        }

        @Override
        protected CompletableFuture<Request> prepare(long deadlineNanos) {
            // a turn in the last tenth of the time would leave the call too little to be answered
            long latestStart = deadlineNanos - retry.timeout().toNanos() / 10;
            boolean haveSlot = slotTaken;
            slotTaken = false;
            return tokens.get().thenCompose(fresh -> (haveSlot ? CompletableFuture.<Void>completedFuture(null)
                    : limiter.acquire(what(), latestStart))
                    .whenComplete((ok, refused) -> {
                        if (refused != null) {
                            metrics.refusedByRateLimit();
                        }
                    })
                    .thenApply(slot -> {
                        token = fresh;
                        return request.apply(fresh);
                    }));
        }

        @Override
        protected Verdict<JsonNode> judge(Response response, byte[] body, int attempt) {
            JsonNode answer = body == null ? null : Json.parseNested(text(body));
            int errcode = legacy && answer != null ? answer.path("errcode").asInt(0) : 0;
            if (response.isSuccessful() && errcode == 0) {
                return Verdict.success(answer == null ? Json.MAPPER.createObjectNode() : answer);
            }
            DingTalkApiException refusal = refusal("DingTalk refused " + what(), response, answer, attempt);
            boolean invalidToken = response.code() == 401 || "InvalidAuthentication".equals(refusal.getCode())
                    || LEGACY_INVALID_TOKEN.contains(refusal.getCode());
            if (invalidToken && !tokenRefreshed) {
                tokenRefreshed = true;
                tokens.invalidate(token);
                return Verdict.againAtOnce(refusal);
            }
            boolean notProcessed = refusal.isThrottled() || response.code() >= 500
                    || LEGACY_THROTTLED.contains(refusal.getCode());
            return notProcessed ? Verdict.notProcessed(refusal, RetryPolicy.retryAfterMillis(response.header("Retry-After")))
                    : Verdict.refused(refusal);
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
