package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The access token of one app ({@code POST /v1.0/oauth2/accessToken}): fetched on first need, refreshed ahead of
 * its expiry (5 minutes, or half its life when shorter), one request at a time however many callers wait, and
 * dropped when DingTalk says it is invalid. Tokens never reach a log or an exception message.
 */
public final class AccessTokenCache {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Duration MAX_REFRESH_AHEAD = Duration.ofMinutes(5);

    private record Token(String value, long refreshAtMillis) {
    }

    private final OkHttpClient http;
    private final String apiUrl;
    private final String appKey;
    private final String appSecret;
    private CompletableFuture<Token> current;

    public AccessTokenCache(OkHttpClient http, String apiUrl, String appKey, String appSecret) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.appKey = appKey;
        this.appSecret = appSecret;
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
        CompletableFuture<Token> result = new CompletableFuture<>();
        String body = Json.write(java.util.Map.of("appKey", appKey, "appSecret", appSecret));
        Request request = new Request.Builder().url(apiUrl + "/v1.0/oauth2/accessToken")
                .header("Accept", "application/json").post(RequestBody.create(body, JSON)).build();
        long asked = System.currentTimeMillis();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(new DingTalkApiException("fetching the access token failed: "
                        + e.getClass().getSimpleName(), 0, null, null, 1));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    ResponseBody responseBody = response.body();
                    JsonNode json = Json.parseNested(responseBody == null ? "" : responseBody.string());
                    String token = json == null ? null : json.path("accessToken").asText(null);
                    if (!response.isSuccessful() || token == null) {
                        result.completeExceptionally(OpenApiClient.refusal("DingTalk refused the access token",
                                response, json, 1));
                        return;
                    }
                    long lifeMillis = Duration.ofSeconds(json.path("expireIn").asLong(7200)).toMillis();
                    long ahead = Math.min(MAX_REFRESH_AHEAD.toMillis(), lifeMillis / 2);
                    result.complete(new Token(token, asked + lifeMillis - ahead));
                } catch (IOException e) {
                    result.completeExceptionally(new DingTalkApiException("reading the access token failed: "
                            + e.getClass().getSimpleName(), response.code(), null, null, 1));
                }
            }
        });
        return result;
    }
}
