package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The access token of one app ({@code POST /v1.0/oauth2/accessToken}): fetched on first need, refreshed ahead of
 * its expiry (5 minutes, or half its life when shorter), one request at a time however many callers wait, and
 * dropped when DingTalk says it is invalid. Asking for a token is idempotent (DingTalk gives the same token while it
 * is valid), so a fetch is retried after any failure DingTalk did not answer, within the retry policy. Tokens never
 * reach a log or an exception message.
 */
public final class AccessTokenCache {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Duration MAX_REFRESH_AHEAD = Duration.ofMinutes(5);
    private static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, Duration.ofSeconds(30), Duration.ZERO);

    private record Token(String value, long refreshAtMillis) {
    }

    private final OkHttpClient http;
    private final String apiUrl;
    private final String appKey;
    private final String appSecret;
    private final RetryPolicy retry;
    private final ScheduledExecutorService scheduler;
    private final OutboundMetrics metrics;
    private CompletableFuture<Token> current;

    /** @param scheduler where the waits between attempts run */
    public AccessTokenCache(OkHttpClient http, String apiUrl, String appKey, String appSecret, RetryPolicy retry,
            ScheduledExecutorService scheduler, OutboundMetrics metrics) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.retry = retry;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    /** A cache that asks once per fetch (no retries). */
    public AccessTokenCache(OkHttpClient http, String apiUrl, String appKey, String appSecret) {
        this(http, apiUrl, appKey, appSecret, ONE_ATTEMPT, null, new OutboundMetrics());
    }

    /** A valid token: the cached one, the one being fetched, or a new fetch. */
    public synchronized CompletableFuture<String> get() {
        CompletableFuture<Token> held = current;
        boolean usable = held != null && (!held.isDone() || (!held.isCompletedExceptionally()
                && System.currentTimeMillis() < held.join().refreshAtMillis()));
        if (!usable) {
            held = fetch();
            current = held;
        }
        return held.thenApply(Token::value);
    }

    /** DingTalk refused this token: the next {@link #get()} fetches another (unless one was fetched meanwhile). */
    public synchronized void invalidate(String token) {
        CompletableFuture<Token> held = current;
        if (held != null && held.isDone() && !held.isCompletedExceptionally() && held.join().value().equals(token)) {
            current = null;
        }
    }

    private CompletableFuture<Token> fetch() {
        Request request = new Request.Builder().url(apiUrl + "/v1.0/oauth2/accessToken")
                .header("Accept", "application/json")
                .post(RequestBody.create(Json.write(Map.of("appKey", appKey, "appSecret", appSecret)), JSON)).build();
        long asked = System.currentTimeMillis();
        return new OutboundCall<Token>("fetching the access token", request, true, http, retry, scheduler, metrics) {
            @Override
            protected Verdict<Token> judge(Response response, byte[] body, int attempt) {
                JsonNode json = body == null ? null : Json.parseNested(text(body));
                String token = json == null ? null : json.path("accessToken").asText(null);
                if (response.isSuccessful() && token != null) {
                    long lifeMillis = Duration.ofSeconds(json.path("expireIn").asLong(7200)).toMillis();
                    long ahead = Math.min(MAX_REFRESH_AHEAD.toMillis(), lifeMillis / 2);
                    return Verdict.success(new Token(token, asked + lifeMillis - ahead));
                }
                DingTalkApiException refused = OpenApiClient.refusal("DingTalk refused the access token", response,
                        json, attempt);
                return response.code() >= 500 || refused.isThrottled() ? Verdict.notProcessed(refused, 0)
                        : Verdict.refused(refused);
            }
        }.start();
    }
}
