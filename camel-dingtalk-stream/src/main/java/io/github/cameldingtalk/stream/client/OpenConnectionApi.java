package io.github.cameldingtalk.stream.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * How a Stream connection is opened: {@code POST {apiUrl}/v1.0/gateway/connections/open} (credentials and
 * subscriptions in, endpoint and ticket out), then the WebSocket to the endpoint with the ticket.
 */
final class OpenConnectionApi {

    /** Where to open the WebSocket. The URL holds the ticket: never log it. */
    record Ticket(String endpoint, String webSocketUrl) {
        @Override
        public String toString() {
            return "Ticket[endpoint=" + endpoint + "]";
        }
    }

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final StreamClientOptions options;
    private final OkHttpClient http;
    private final OkHttpClient webSocketHttp;

    /** Both clients derive from the options' client (its pool, TLS, proxy), with bounded timeouts. */
    OpenConnectionApi(StreamClientOptions options) {
        this.options = options;
        OkHttpClient base = options.httpClient() != null ? options.httpClient() : new OkHttpClient();
        this.http = base.newBuilder()
                .connectTimeout(options.openTimeout()).readTimeout(options.openTimeout())
                .writeTimeout(options.openTimeout()).callTimeout(options.openTimeout().multipliedBy(2)).build();
        this.webSocketHttp = base.newBuilder()
                .socketFactory(new NoDelaySocketFactory(base.socketFactory()))
                .connectTimeout(options.openTimeout()).readTimeout(Duration.ZERO)
                .pingInterval(options.pingInterval()).build();
    }

    /** Opens the WebSocket a ticket grants; what happens to it goes to the connection's listener. */
    void webSocket(Ticket ticket, StreamConnection connection) {
        connection.attach(webSocketHttp.newWebSocket(new Request.Builder().url(ticket.webSocketUrl()).build(),
                connection));
    }

    /** Where the answer of an open call goes: a ticket, or why there is none. */
    interface Answer {
        void granted(Ticket ticket);

        void failed(OpenConnectionException failure);
    }

    /** Makes the open call without blocking; the answer arrives on an OkHttp thread. */
    void open(java.util.List<Subscription> subscriptions, Answer answer) {
        Request request = new Request.Builder()
                .url(options.apiUrl() + "/v1.0/gateway/connections/open")
                .header("Accept", "application/json")
                .header("User-Agent", options.userAgent())
                .post(RequestBody.create(body(subscriptions), JSON))
                .build();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                answer.failed(new OpenConnectionException("open-connection call to " + options.apiUrl() + " failed: "
                        + e, e));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    answer.granted(read(response));
                } catch (OpenConnectionException e) {
                    answer.failed(e);
                } catch (IOException e) {
                    answer.failed(new OpenConnectionException("reading the open-connection answer failed: " + e, e));
                }
            }
        });
    }

    private static Ticket read(Response response) throws IOException {
        ResponseBody body = response.body();
        String text = body == null ? "" : body.string();
        JsonNode json = parse(text);
        if (!response.isSuccessful()) {
            throw new OpenConnectionException(response.code(), field(json, "code"), field(json, "message"));
        }
        String endpoint = field(json, "endpoint");
        String ticket = field(json, "ticket");
        if (endpoint == null || endpoint.isEmpty() || ticket == null || ticket.isEmpty()) {
            throw new OpenConnectionException(response.code(), "invalidResponse",
                    "the open-connection answer has no endpoint or ticket");
        }
        String url = endpoint + (endpoint.contains("?") ? "&" : "?") + "ticket="
                + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        return new Ticket(endpoint, url);
    }

    private String body(java.util.List<Subscription> subscriptions) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("clientId", options.clientId());
            json.writeStringField("clientSecret", options.clientSecret());
            json.writeArrayFieldStart("subscriptions");
            for (Subscription subscription : subscriptions) {
                json.writeStartObject();
                json.writeStringField("type", subscription.type());
                json.writeStringField("topic", subscription.topic());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("ua", options.userAgent());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static JsonNode parse(String text) {
        try {
            return text.isEmpty() ? null : MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String field(JsonNode json, String name) {
        JsonNode value = json == null ? null : json.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
