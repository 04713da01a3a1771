package io.github.cameldingtalk.stream.reply;

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
 * Posts bot replies to a message's sessionWebhook. The webhook URL grants access to the conversation, so it never
 * appears in an error message or a log line.
 */
public final class SessionWebhookClient {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;

    public SessionWebhookClient(OkHttpClient base, Duration timeout) {
        this.http = base.newBuilder().callTimeout(timeout).build();
    }

    /**
     * Posts the message without blocking. The future fails with {@link SessionWebhookException} when DingTalk
     * refuses it (e.g. errcode 300001: the session expired) or the call fails.
     */
    public CompletableFuture<Void> post(String webhook, String messageJson) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Request request;
        try {
            request = new Request.Builder().url(webhook).post(RequestBody.create(messageJson, JSON)).build();
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new SessionWebhookException(-1, "the sessionWebhook is not a valid URL"));
            return result;
        }
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(new SessionWebhookException(-1,
                        "posting the reply failed: " + e.getClass().getSimpleName()));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    ResponseBody body = response.body();
                    String text = body == null ? "" : body.string();
                    if (!response.isSuccessful()) {
                        result.completeExceptionally(new SessionWebhookException(response.code(),
                                "the sessionWebhook answered HTTP " + response.code()));
                        return;
                    }
                    JsonNode json = text.isEmpty() ? null : Json.MAPPER.readTree(text);
                    int errcode = json == null ? 0 : json.path("errcode").asInt(0);
                    if (errcode != 0) {
                        result.completeExceptionally(new SessionWebhookException(errcode,
                                "DingTalk refused the reply: errcode " + errcode + " " + json.path("errmsg").asText("")));
                    } else {
                        result.complete(null);
                    }
                } catch (IOException e) {
                    result.completeExceptionally(new SessionWebhookException(-1,
                            "reading the sessionWebhook answer failed: " + e.getClass().getSimpleName()));
                }
            }
        });
        return result;
    }
}
