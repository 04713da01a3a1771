package io.github.cameldingtalk.simulator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** A bare Stream client over OkHttp for the simulator's tests: it receives frames and acks only when told to. */
final class TestStreamClient implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final MediaType JSON = MediaType.get("application/json");

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<String> rawTexts = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteString> binaries = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private final WebSocket webSocket;
    /** The simulator's connectionId of this connection. */
    String connectionId;

    private TestStreamClient(OkHttpClient http, String url) throws Exception {
        CompletableFuture<Response> opened = new CompletableFuture<>();
        this.webSocket = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                opened.complete(response);
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                rawTexts.add(text);
                try {
                    frames.add(MAPPER.readTree(text));
                } catch (IOException e) {
                    // malformed on purpose: kept in rawTexts only
                }
            }

            @Override
            public void onMessage(WebSocket ws, ByteString bytes) {
                binaries.add(bytes);
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                ws.close(code, null);
                closed.complete(code + " " + reason);
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                opened.completeExceptionally(t);
                failure.complete(t);
                closed.complete("failure " + t);
            }
        });
        opened.get(10, TimeUnit.SECONDS);
    }

    static OkHttpClient http(DingTalkSimulator sim) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10));
        if (sim.tls() != null) {
            builder.sslSocketFactory(sim.tls().socketFactory(), sim.tls().trustManager());
        }
        return builder.build();
    }

    static JsonNode post(DingTalkSimulator sim, String path, String body) throws IOException {
        return call(sim, new Request.Builder().url(sim.apiUrl() + path).post(RequestBody.create(body, JSON)).build());
    }

    /** Makes the call; one to the control API carries the run's token, as the console and scripts send it. */
    static JsonNode call(DingTalkSimulator sim, Request request) throws IOException {
        if (request.url().encodedPath().startsWith(DingTalkSimulator.CONTROL_PREFIX)
                && request.header("X-Sim-Token") == null) {
            request = request.newBuilder().header("X-Sim-Token", sim.controlToken()).build();
        }
        try (Response response = http(sim).newCall(request).execute()) {
            ObjectNode result = MAPPER.createObjectNode();
            result.put("status", response.code());
            String text = response.body().string();
            result.set("body", MAPPER.readTree(text.isEmpty() ? "null" : text));
            return result;
        }
    }

    /** Does the open call and returns {status, body}. */
    static JsonNode open(DingTalkSimulator sim, String clientId, String secret, String... callbackTopics)
            throws IOException {
        ObjectNode body = MAPPER.createObjectNode().put("clientId", clientId).put("clientSecret", secret)
                .put("ua", "test-client/1.0").put("localIp", "127.0.0.1");
        ArrayNode subs = body.putArray("subscriptions");
        subs.addObject().put("type", "EVENT").put("topic", "*");
        for (String topic : callbackTopics) {
            subs.addObject().put("type", "CALLBACK").put("topic", topic);
        }
        return post(sim, "/v1.0/gateway/connections/open", body.toString());
    }

    /** Opens a connection subscribed to events and the given callback topics (bot and card when none). */
    static TestStreamClient connect(DingTalkSimulator sim, String clientId, String secret, String... callbackTopics)
            throws Exception {
        String[] topics = callbackTopics.length == 0
                ? new String[] {DingTalkSimulator.BOT_TOPIC, DingTalkSimulator.CARD_TOPIC} : callbackTopics;
        JsonNode answer = open(sim, clientId, secret, topics).get("body");
        return connectWithTicket(sim, answer.get("endpoint").asText(), answer.get("ticket").asText());
    }

    /** Opens a WebSocket to any gateway URL (ticket included) with this client, e.g. a simulator in another process. */
    static TestStreamClient connectTo(OkHttpClient http, String url) throws Exception {
        return new TestStreamClient(http, url);
    }

    static TestStreamClient connectWithTicket(DingTalkSimulator sim, String endpoint, String ticket) throws Exception {
        List<String> before = sim.connections().stream().map(ConnectionInfo::id).toList();
        TestStreamClient client = new TestStreamClient(http(sim), endpoint + "?ticket=" + ticket);
        client.connectionId = await().atMost(Duration.ofSeconds(5)).until(
                () -> sim.connections().stream().map(ConnectionInfo::id).filter(id -> !before.contains(id))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        return client;
    }

    JsonNode nextFrame() throws InterruptedException {
        JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }

    /** Next frame that is not a SYSTEM ping (pings are answered on the way). */
    JsonNode nextApplicationFrame() throws InterruptedException {
        while (true) {
            JsonNode frame = nextFrame();
            if ("SYSTEM".equals(frame.path("type").asText())) {
                continue;
            }
            return frame;
        }
    }

    void ack(JsonNode frame, int code, String data) {
        ObjectNode ack = MAPPER.createObjectNode().put("code", code).put("message", "OK");
        ack.putObject("headers").put("contentType", "application/json")
                .put("messageId", frame.get("headers").get("messageId").asText());
        ack.put("data", data);
        send(ack.toString());
    }

    void send(String text) {
        webSocket.send(text);
    }

    void sendBinary(byte[] bytes) {
        webSocket.send(ByteString.of(bytes));
    }

    @Override
    public void close() {
        webSocket.close(1000, "bye");
    }

    void cancel() {
        webSocket.cancel();
    }
}
