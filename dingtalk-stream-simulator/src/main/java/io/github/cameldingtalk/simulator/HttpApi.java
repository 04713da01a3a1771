package io.github.cameldingtalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * The HTTP side: DingTalk's open API ({@code api.dingtalk.com}), the sessionWebhook ({@code oapi.dingtalk.com}),
 * file downloads, and the simulator's own control API under {@link DingTalkSimulator#CONTROL_PREFIX}.
 */
final class HttpApi {

    /** An HTTP status and the JSON to answer. */
    record Reply(int status, JsonNode body) {
    }

    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final String TOKEN_HEADER = "x-acs-dingtalk-access-token";

    private final DingTalkSimulator sim;
    private final HttpServer server;
    private final ControlApi control;

    HttpApi(DingTalkSimulator sim, InetSocketAddress address, ExecutorService executor) throws IOException {
        this.sim = sim;
        this.control = new ControlApi(sim);
        this.server = HttpServer.create(address, 128);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    static Reply error(int status, String code, String message) {
        return new Reply(status, Json.object().put("requestid", UUID.randomUUID().toString().toUpperCase())
                .put("code", code).put("message", message));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] raw = readBody(exchange.getRequestBody());
            if (raw == null) {
                send(exchange, error(413, "RequestTooLarge", "the body exceeds " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            String text = DingTalkSimulator.utf8(raw);
            JsonNode body = Json.parseOrNull(text);
            Reply reply;
            if (path.startsWith(DingTalkSimulator.CONTROL_PREFIX + "/") || path.equals(DingTalkSimulator.CONTROL_PREFIX)) {
                reply = control.handle(method, path.substring(DingTalkSimulator.CONTROL_PREFIX.length()), body, text);
            } else if (path.startsWith("/files/") && "GET".equals(method)) {
                String rawPath = exchange.getRequestURI().getRawPath();
                sendFile(exchange, rawPath.substring("/files/".length()));
                return;
            } else if ("/v1.0/gateway/connections/open".equals(path)) {
                reply = "POST".equals(method)
                        ? sim.openConnection(body, exchange.getRequestHeaders().getFirst("Accept"),
                                exchange.getRequestHeaders().getFirst("User-Agent"))
                        : methodNotAllowed(method);
            } else {
                reply = sideApi(method, path, query, exchange.getRequestHeaders().getFirst(TOKEN_HEADER), body);
            }
            send(exchange, reply);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator failed on " + exchange.getRequestURI().getPath(), e);
            try {
                send(exchange, error(500, "InternalError", "the simulator failed: " + e));
            } catch (IOException ignored) {
                // the client went away
            }
        }
    }

    private Reply sideApi(String method, String path, String query, String token, JsonNode body) {
        Reply reply = route(method, path, query, token, body);
        sim.record(new ApiCall(method, path, query, token, body, reply.status(), reply.body(), Instant.now()));
        return reply;
    }

    private Reply route(String method, String path, String query, String token, JsonNode body) {
        if ("/robot/sendBySession".equals(path)) {
            return "POST".equals(method) ? sim.sessionReply(queryParameter(query, "session"), body)
                    : methodNotAllowed(method);
        }
        if ("/v1.0/oauth2/accessToken".equals(path)) {
            if (!"POST".equals(method)) {
                return methodNotAllowed(method);
            }
            return body == null || !body.isObject()
                    ? error(400, "InvalidParameter", "the body must be a JSON object {appKey, appSecret}")
                    : sim.accessToken(body);
        }
        Endpoint endpoint = Endpoint.find(method, path);
        if (endpoint == null) {
            return Endpoint.knownPath(path) ? methodNotAllowed(method)
                    : error(404, "NotFound", "no such API in the simulator: " + method + " " + path);
        }
        if (!sim.isValidAccessToken(token)) {
            return error(401, "InvalidAuthentication", "不合法的access_token");
        }
        if (body == null || !body.isObject()) {
            return error(400, "InvalidParameter", "the body must be a JSON object");
        }
        for (String field : endpoint.required) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())
                    || (value.isArray() && value.isEmpty())) {
                return error(400, "MissingParameter", field + " is mandatory for this action.");
            }
        }
        return endpoint.answer(sim, body);
    }

    /** The token-protected OpenAPI endpoints, their mandatory fields and answers. */
    private enum Endpoint {
        ROBOT_BATCH_SEND("POST", "/v1.0/robot/oToMessages/batchSend", "robotCode", "userIds", "msgKey", "msgParam"),
        ROBOT_GROUP_SEND("POST", "/v1.0/robot/groupMessages/send", "robotCode", "openConversationId", "msgKey",
                "msgParam"),
        FILE_DOWNLOAD("POST", "/v1.0/robot/messageFiles/download", "robotCode", "downloadCode"),
        CARD_CREATE("POST", "/v1.0/card/instances", "cardTemplateId", "outTrackId"),
        CARD_UPDATE("PUT", "/v1.0/card/instances", "outTrackId", "cardData"),
        CARD_DELIVER("POST", "/v1.0/card/instances/deliver", "outTrackId", "openSpaceId"),
        CARD_CREATE_AND_DELIVER("POST", "/v1.0/card/instances/createAndDeliver", "cardTemplateId", "outTrackId",
                "openSpaceId"),
        CARD_STREAMING("PUT", "/v1.0/card/streaming", "outTrackId", "guid", "key"),
        INTERACTIVE_CARD_SEND("POST", "/v1.0/im/v1.0/robot/interactiveCards/send", "cardTemplateId", "cardBizId",
                "robotCode", "cardData"),
        INTERACTIVE_CARD_UPDATE("PUT", "/v1.0/im/robots/interactiveCards", "cardBizId", "cardData");

        final String method;
        final String path;
        final List<String> required;

        Endpoint(String method, String path, String... required) {
            this.method = method;
            this.path = path;
            this.required = List.of(required);
        }

        static Endpoint find(String method, String path) {
            for (Endpoint e : values()) {
                if (e.method.equals(method) && e.path.equals(path)) {
                    return e;
                }
            }
            return null;
        }

        static boolean knownPath(String path) {
            for (Endpoint e : values()) {
                if (e.path.equals(path)) {
                    return true;
                }
            }
            return false;
        }

        Reply answer(DingTalkSimulator sim, JsonNode body) {
            String outTrackId = Json.text(body, "outTrackId");
            return switch (this) {
                case ROBOT_BATCH_SEND, ROBOT_GROUP_SEND, INTERACTIVE_CARD_SEND -> {
                    if (this != INTERACTIVE_CARD_SEND && !body.get("msgParam").isTextual()) {
                        yield error(400, "InvalidParameter", "msgParam must be a JSON string");
                    }
                    ObjectNode answer = Json.object().put("processQueryKey", UUID.randomUUID().toString());
                    if (this == ROBOT_BATCH_SEND) {
                        answer.putArray("invalidStaffIdList");
                        answer.putArray("flowControlledStaffIdList");
                    }
                    yield new Reply(200, answer);
                }
                case FILE_DOWNLOAD -> new Reply(200, Json.object().put("downloadUrl",
                        sim.apiUrl() + "/files/" + java.net.URLEncoder.encode(Json.text(body, "downloadCode"),
                                StandardCharsets.UTF_8)));
                case CARD_CREATE -> {
                    mergeCardData(sim, outTrackId, body);
                    yield new Reply(200, Json.object().put("success", true).put("result", outTrackId));
                }
                case CARD_CREATE_AND_DELIVER, CARD_DELIVER -> {
                    if (this == CARD_DELIVER && !sim.cardStore().containsKey(outTrackId)) {
                        yield error(400, "InvalidParameter", "no card instance " + outTrackId);
                    }
                    mergeCardData(sim, outTrackId, body);
                    ObjectNode answer = Json.object().put("success", true);
                    answer.putObject("result").put("outTrackId", outTrackId).putArray("deliverResults").addObject()
                            .put("spaceId", Json.text(body, "openSpaceId")).put("success", true);
                    yield new Reply(200, answer);
                }
                case CARD_UPDATE, CARD_STREAMING -> {
                    if (!sim.cardStore().containsKey(outTrackId)) {
                        yield error(400, "InvalidParameter", "no card instance " + outTrackId);
                    }
                    if (this == CARD_STREAMING) {
                        sim.cardStore().get(outTrackId).put(Json.text(body, "key"), Json.text(body, "content"));
                    } else {
                        mergeCardData(sim, outTrackId, body);
                    }
                    yield new Reply(200, Json.object().put("success", true).put("result", true));
                }
                case INTERACTIVE_CARD_UPDATE -> new Reply(200, Json.object().put("success", true));
            };
        }

        private static void mergeCardData(DingTalkSimulator sim, String outTrackId, JsonNode body) {
            ObjectNode card = sim.cardStore().computeIfAbsent(outTrackId, id -> Json.object());
            JsonNode params = body.path("cardData").path("cardParamMap");
            if (params.isObject()) {
                synchronized (card) {
                    card.setAll((ObjectNode) params);
                }
            }
        }
    }

    private static Reply methodNotAllowed(String method) {
        return error(405, "MethodNotAllowed", method + " is not supported here");
    }

    private static void sendFile(HttpExchange exchange, String code) throws IOException {
        byte[] content = ("simulated file for downloadCode " + URLDecoder.decode(code, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, content.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = Json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && name.equals(pair.substring(0, eq))) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
