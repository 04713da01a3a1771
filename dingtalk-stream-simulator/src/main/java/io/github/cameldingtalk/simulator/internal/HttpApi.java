package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * The open API's port: a route table — the browser console and its event stream, file downloads, the simulator's own
 * control API under {@link #CONTROL_PREFIX} (behind {@link ControlGuard}), the open call, and DingTalk's other APIs
 * ({@link SideApi}). It routes; the parts answer.
 */
public final class HttpApi {

    /** Path prefix of the control API; DingTalk has nothing under it. */
    public static final String CONTROL_PREFIX = "/_sim";

    /** An HTTP status and the JSON to answer. */
    public record Reply(int status, JsonNode body) {
    }

    /** The simulator's own API, served under {@link #CONTROL_PREFIX}. */
    public interface Control {
        Reply handle(String method, String path, JsonNode body);
    }

    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final OpenConnections openConnections;
    private final SideApi side;
    private final RobotApi robot;
    private final MediaApi media;
    private final Faults faults;
    private final Feed feed;
    private final Control control;
    private final ControlGuard guard;
    private final List<Route> routes;
    private final HttpServer server;

    public HttpApi(OpenConnections openConnections, SideApi side, RobotApi robot, MediaApi media, Faults faults,
            Feed feed, Control control, InetSocketAddress address, ExecutorService executor, String controlToken)
            throws IOException {
        this.openConnections = openConnections;
        this.side = side;
        this.robot = robot;
        this.media = media;
        this.faults = faults;
        this.feed = feed;
        this.control = control;
        this.guard = new ControlGuard(controlToken, address.getHostString());
        this.routes = routes();
        this.server = HttpServer.create(address, 128);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    public static Reply error(int status, String code, String message) {
        return new Reply(status, Json.object().put("requestid", UUID.randomUUID().toString().toUpperCase())
                .put("code", code).put("message", message));
    }

    /** What answers the requests of one route. */
    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange, String path, String query) throws IOException;
    }

    /** One line of the route table: a method (null: any) and a path test. */
    private record Route(String method, java.util.function.Predicate<String> path, Handler handler) {
        boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod)) && path.test(requestPath);
        }
    }

    /** The routes, first match wins; DingTalk's side API takes the rest. */
    private List<Route> routes() {
        return List.of(
                new Route("GET", (CONTROL_PREFIX + "/feed")::equals, guarded(this::streamFeed)),
                new Route("GET", p -> p.equals("/") || p.startsWith("/console/"),
                        (exchange, path, query) -> Console.serve(exchange, path)),
                new Route("GET", p -> p.startsWith("/files/media/"), this::sendMedia),
                new Route("GET", p -> p.startsWith("/files/"), this::sendFile),
                new Route(null, p -> p.equals(CONTROL_PREFIX) || p.startsWith(CONTROL_PREFIX + "/"),
                        withBody((exchange, path, query, raw, body) -> {
                            HttpApi.Reply refused = guard.refusal(exchange, raw);
                            return refused != null ? refused : control.handle(exchange.getRequestMethod(),
                                    path.substring(CONTROL_PREFIX.length()), body);
                        })),
                new Route("POST", "/media/upload"::equals, withBody((exchange, path, query, raw, body) ->
                        side.upload(query, exchange.getRequestHeaders().getFirst("Content-Type"), raw))),
                new Route(null, "/v1.0/gateway/connections/open"::equals, withBody((exchange, path, query, raw,
                        body) -> "POST".equals(exchange.getRequestMethod())
                                ? openConnections.open(body, exchange.getRequestHeaders().getFirst("Accept"),
                                        exchange.getRequestHeaders().getFirst("User-Agent"))
                                : SideApi.methodNotAllowed(exchange.getRequestMethod()))),
                new Route(null, p -> true, withBody((exchange, path, query, raw, body) -> side.answer(
                        exchange.getRequestMethod(), path, query,
                        exchange.getRequestHeaders().getFirst(SideApi.TOKEN_HEADER), body))));
    }

    /** A JSON API: reads the bounded body, answers; a drop fault closes the connection unanswered instead. */
    @FunctionalInterface
    private interface JsonHandler {
        Reply answer(HttpExchange exchange, String path, String query, byte[] raw, JsonNode body);
    }

    private Handler withBody(JsonHandler handler) {
        return (exchange, path, query) -> {
            byte[] raw = readBody(exchange.getRequestBody());
            if (raw == null) {
                send(exchange, error(413, "RequestTooLarge", "the body exceeds " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            Reply reply = handler.answer(exchange, path, query, raw,
                    Json.parseOrNull(new String(raw, StandardCharsets.UTF_8)));
            if (!path.startsWith(CONTROL_PREFIX) && faults.takeDrop(path)) {
                // processed, and no answer: closing the exchange unanswered closes the connection
                LOG.log(System.Logger.Level.DEBUG, "dropping the connection of an accepted " + path);
                return;
            }
            send(exchange, reply);
        };
    }

    private Handler guarded(Handler handler) {
        return (exchange, path, query) -> {
            Reply refused = guard.refusal(exchange, new byte[0]);
            if (refused != null) {
                send(exchange, refused);
            } else {
                handler.handle(exchange, path, query);
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            for (Route route : routes) {
                if (route.matches(method, path)) {
                    route.handler().handle(exchange, path, exchange.getRequestURI().getRawQuery());
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator failed on " + exchange.getRequestURI().getPath(), e);
            try {
                send(exchange, error(500, "InternalError", "the simulator failed: " + e));
            } catch (IOException ignored) {
                // the client went away
            }
        }
    }

    /** Server-Sent Events of the simulator's feed, for the console; {@code Last-Event-ID} resumes. */
    private void streamFeed(HttpExchange exchange, String path, String query) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream;charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        String lastId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        try (OutputStream out = exchange.getResponseBody()) {
            feed.stream(out, lastId == null ? 0 : Long.parseLong(lastId.trim()));
        } catch (IOException | NumberFormatException gone) {
            // the page went away
        }
    }

    private void sendFile(HttpExchange exchange, String path, String query) throws IOException {
        String code = exchange.getRequestURI().getRawPath().substring("/files/".length());
        RobotApi.UserFile file = robot.file(URLDecoder.decode(code, StandardCharsets.UTF_8));
        sendAttachment(exchange, file.name(), file.content());
    }

    /** Media the bot uploaded (a file it sends), for the console to open; 404 when unknown. */
    private void sendMedia(HttpExchange exchange, String path, String query) throws IOException {
        String id = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring("/files/media/".length()),
                StandardCharsets.UTF_8);
        var uploaded = media.get(id);
        if (uploaded.isEmpty()) {
            send(exchange, error(404, "NotFound", "no media " + id));
            return;
        }
        sendAttachment(exchange, uploaded.get().fileName(), uploaded.get().content());
    }

    /** A download, never a page: an uploaded .html must not run on the control API's origin. */
    private static void sendAttachment(HttpExchange exchange, String fileName, byte[] content) throws IOException {
        String type = fileName == null ? null : java.net.URLConnection.guessContentTypeFromName(fileName);
        exchange.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        String name = fileName == null ? "file" : fileName;
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\""
                + name.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "_") + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        exchange.sendResponseHeaders(200, content.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
        }
    }

    static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = Json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        String requestId = Json.text(reply.body(), "requestid");
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-acs-dingtalk-request-id", requestId);
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    public static String queryParameter(String rawQuery, String name) {
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
