package io.github.cameldingtalk.benchmarks;

import io.github.cameldingtalk.stream.client.NoDelaySocketFactory;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The ceiling: a minimal OkHttp WebSocket client that finds the messageId in each frame with a string search and
 * acks at once. No routing, no JSON parser, reconnects immediately on close. (Only the component's socket factory
 * is borrowed, for TCP_NODELAY.)
 */
final class RawOkHttpClient extends WebSocketListener implements AutoCloseable {

    private static final String SUCCESS_DATA = "{\\\"status\\\":\\\"SUCCESS\\\",\\\"message\\\":\\\"success\\\"}";

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS)
            // TCP_NODELAY, as the component and Netty (the official SDK) use, so the ceiling is not held by Nagle
            .socketFactory(new NoDelaySocketFactory(javax.net.SocketFactory.getDefault()))
            .build();
    private final Request open;
    private volatile boolean running = true;

    private RawOkHttpClient(String apiUrl, String clientId, String secret) {
        this.open = openRequest(apiUrl, clientId, secret, "raw-okhttp");
    }

    /** The open-connection call of a minimal client: every EVENT topic. */
    static Request openRequest(String apiUrl, String clientId, String secret, String ua) {
        String body = "{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret
                + "\",\"subscriptions\":[{\"type\":\"EVENT\",\"topic\":\"*\"}],\"ua\":\"" + ua + "\"}";
        return new Request.Builder().url(apiUrl + "/v1.0/gateway/connections/open")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build();
    }

    static RawOkHttpClient start(String apiUrl, String clientId, String secret) throws IOException {
        RawOkHttpClient client = new RawOkHttpClient(apiUrl, clientId, secret);
        client.connect();
        return client;
    }

    private void connect() throws IOException {
        try (Response response = http.newCall(open).execute()) {
            String text = response.body().string();
            String endpoint = field(text, "endpoint");
            String ticket = field(text, "ticket");
            http.newWebSocket(new Request.Builder().url(endpoint + "?ticket=" + ticket).build(), this);
        }
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        String messageId = field(text, "messageId");
        if (text.contains("\"type\":\"SYSTEM\"")) {
            if (text.contains("\"topic\":\"disconnect\"")) {
                reconnect();
            }
            return;
        }
        ws.send("{\"code\":200,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\"" + messageId
                + "\"},\"message\":\"OK\",\"data\":\"" + SUCCESS_DATA + "\"}");
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        ws.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        reconnect();
    }

    private void reconnect() {
        if (running) {
            try {
                connect();
            } catch (IOException e) {
                // the benchmark reports what was lost
            }
        }
    }

    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    @Override
    public void close() {
        running = false;
        http.dispatcher().executorService().shutdownNow();
    }
}
