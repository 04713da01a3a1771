package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.CardCallback;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The simulator's own HTTP API: the powers of the Java API for curl, a web page or a test in another language.
 * Paths are relative to {@link DingTalkSimulator#CONTROL_PREFIX}; every answer is JSON.
 */
public final class ControlApi implements HttpApi.Control {

    private final DingTalkSimulator sim;

    public ControlApi(DingTalkSimulator sim) {
        this.sim = sim;
    }

    @Override
    public HttpApi.Reply handle(String method, String path, JsonNode body) {
        try {
            List<String> parts = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
            String first = parts.get(0);
            return switch (method + " " + first) {
                case "GET ", "GET state" -> ok(state());
                case "POST apps" -> {
                    sim.registerApp(required(body, "clientId"), required(body, "clientSecret"));
                    yield ok(Json.object().put("registered", Json.text(body, "clientId")));
                }
                case "DELETE apps" -> {
                    sim.removeApp(segment(parts, 1, "clientId"));
                    yield ok(Json.object().put("removed", parts.get(1)));
                }
                case "GET connections" -> ok(array(sim.connections(), ControlApi::connection));
                case "POST connections" -> connectionAction(segment(parts, 1, "connection id"),
                        segment(parts, 2, "action"), body);
                case "GET open-requests" -> ok(Json.MAPPER.valueToTree(sim.openRequests().stream()
                        .map(r -> Map.of("clientId", String.valueOf(r.clientId()), "subscriptions", r.subscriptions(),
                                "ua", String.valueOf(r.ua()), "localIp", String.valueOf(r.localIp()),
                                "status", r.status(), "at", r.at().toString()))
                        .toList()));
                case "POST push" -> ok(delivery(push(segment(parts, 1, "bot|card|event|callback"), body)));
                case "GET messages" -> parts.size() > 1
                        ? sim.delivery(parts.get(1)).map(d -> ok(delivery(d)))
                                .orElse(HttpApi.error(404, "NotFound", "no message " + parts.get(1)))
                        : ok(array(sim.deliveries(), ControlApi::delivery));
                case "POST messages" -> {
                    String id = segment(parts, 1, "messageId");
                    if (!"duplicate".equals(segment(parts, 2, "action"))) {
                        yield HttpApi.error(404, "NotFound", "messages/{id}/duplicate is the only action");
                    }
                    yield sim.duplicate(id) ? ok(Json.object().put("duplicated", id))
                            : HttpApi.error(404, "NotFound", "no message " + id);
                }
                case "POST faults" -> fault(segment(parts, 1, "fail-open|slow-handshake|fail-replies|slow-replies|fail-api|drop-after-accepting|slow-api|api-qps-limit|invalid-token-status"), body);
                case "POST sessions" -> {
                    sim.expireSessions();
                    yield ok(Json.object().put("expired", "sessions"));
                }
                case "POST tokens" -> {
                    sim.expireAccessTokens();
                    yield ok(Json.object().put("expired", "tokens"));
                }
                case "GET acks" -> ok(array(sim.acks(), ControlApi::ack));
                case "GET violations" -> ok(array(sim.violations(), v -> Json.object().put("kind", v.kind().name())
                        .put("connectionId", v.connectionId()).put("messageId", v.messageId())
                        .put("detail", v.detail()).put("at", v.at().toString())));
                case "GET replies" -> ok(array(sim.botReplies(), r -> {
                    ObjectNode n = Json.object().put("session", r.session()).put("conversationId", r.conversationId())
                            .put("inReplyTo", r.inReplyTo()).put("msgtype", r.msgtype()).put("text", r.text())
                            .put("errcode", r.errcode()).put("at", r.at().toString());
                    n.set("body", r.body());
                    return n;
                }));
                case "GET api-calls" -> ok(array(sim.apiCalls(), c -> {
                    ObjectNode n = Json.object().put("method", c.method()).put("path", c.path())
                            .put("query", c.query()).put("status", c.status()).put("at", c.at().toString());
                    n.set("body", c.body());
                    n.set("response", c.response());
                    return n;
                }));
                case "POST files" -> {
                    byte[] content = java.util.Base64.getDecoder().decode(required(body, "contentBase64"));
                    yield ok(Json.object().put("downloadCode", sim.storeUserFile(required(body, "name"), content)));
                }
                case "POST reset" -> {
                    sim.reset();
                    yield ok(Json.object().put("reset", true));
                }
                default -> HttpApi.error(404, "NotFound", "unknown control call " + method + " "
                        + HttpApi.CONTROL_PREFIX + path + "; GET " + HttpApi.CONTROL_PREFIX
                        + "/state lists the state, the README lists the calls");
            };
        } catch (IllegalArgumentException e) {
            return HttpApi.error(400, "InvalidParameter", e.getMessage());
        }
    }

    private ObjectNode state() {
        ObjectNode state = Json.object().put("apiUrl", sim.apiUrl()).put("gatewayUrl", sim.gatewayUrl())
                .put("waitingMessages", sim.deliveries().stream().filter(Delivery::isWaiting).count()).put("acks", sim.acks().size())
                .put("violations", sim.violations().size()).put("botReplies", sim.botReplies().size())
                .put("droppedRecords", sim.droppedRecords());
        state.set("connections", array(sim.connections(), ControlApi::connection));
        state.set("apps", Json.MAPPER.valueToTree(sim.apps()));
        return state;
    }

    private Delivery push(String kind, JsonNode body) {
        String clientId = required(body, "clientId");
        return switch (kind) {
            case "bot" -> sim.pushBotMessage(clientId, botMessage(body));
            case "card" -> {
                List<String> ids = new ArrayList<>();
                body.path("actionIds").forEach(n -> ids.add(n.asText()));
                CardCallback callback = CardCallback.action(required(body, "outTrackId"), ids.toArray(String[]::new));
                body.path("params").fields().forEachRemaining(e -> callback.param(e.getKey(), e.getValue().asText()));
                if (Json.text(body, "userId") != null) {
                    callback.user(Json.text(body, "userId"));
                }
                yield sim.pushCardCallback(clientId, callback);
            }
            case "event" -> sim.pushEvent(clientId, required(body, "eventType"), dataOf(body));
            case "callback" -> sim.pushCallback(clientId, required(body, "topic"), dataOf(body));
            default -> throw new IllegalArgumentException("push kinds are bot, card, event and callback, not " + kind);
        };
    }

    private static Object dataOf(JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            return "{}";
        }
        return data.isTextual() ? data.asText() : data;
    }

    private static BotMessage botMessage(JsonNode body) {
        String msgtype = body.path("msgtype").asText("text");
        BotMessage message = switch (msgtype) {
            case "text" -> BotMessage.text(required(body, "text"));
            case "picture" -> BotMessage.picture();
            case "richText" -> {
                List<String> parts = new ArrayList<>();
                body.path("parts").forEach(n -> parts.add(n.asText()));
                yield BotMessage.richText(parts.toArray(String[]::new));
            }
            case "audio" -> BotMessage.audio(body.path("recognition").asText(""), body.path("duration").asLong(3000));
            case "video" -> BotMessage.video(body.path("duration").asLong(5000));
            case "file" -> BotMessage.file(body.path("fileName").asText("file.pdf"));
            default -> throw new IllegalArgumentException("msgtype must be text, picture, richText, audio, video or file");
        };
        if (Json.text(body, "group") != null) {
            message.inGroup(Json.text(body, "group"));
        }
        if (Json.text(body, "senderStaffId") != null) {
            message.from(Json.text(body, "senderStaffId"), body.path("senderNick").asText("用户"));
        }
        if (Json.text(body, "conversationId") != null) {
            message.conversationId(Json.text(body, "conversationId"));
        }
        if (Json.text(body, "msgId") != null) {
            message.msgId(Json.text(body, "msgId"));
        }
        if (Json.text(body, "downloadCode") != null) {
            message.downloadCode(Json.text(body, "downloadCode"));
        }
        return message;
    }

    private HttpApi.Reply connectionAction(String id, String action, JsonNode body) {
        if (sim.connection(id).isEmpty()) {
            return HttpApi.error(404, "NotFound", "no connection " + id);
        }
        switch (action) {
            case "ping" -> {
                return ok(delivery(sim.ping(id)));
            }
            case "disconnect" -> {
                String reason = Json.text(body, "reason");
                return ok(delivery(reason == null ? sim.disconnect(id) : sim.disconnect(id, reason)));
            }
            case "close" -> sim.close(id, body == null ? 1000 : body.path("code").asInt(1000),
                    body == null ? "closed by the simulator" : body.path("reason").asText("closed by the simulator"));
            case "abort" -> sim.closeAbruptly(id);
            case "half-open" -> sim.halfOpen(id);
            case "malformed" -> sim.sendMalformed(id, DingTalkSimulator.Malformed.valueOf(
                    required(body, "kind").toUpperCase(Locale.ROOT).replace('-', '_')));
            case "raw" -> sim.sendRaw(id, required(body, "text"));
            default -> throw new IllegalArgumentException(
                    "connection actions are ping, disconnect, close, abort, half-open, malformed and raw");
        }
        return ok(connection(sim.connection(id).orElseThrow()));
    }

    private HttpApi.Reply fault(String kind, JsonNode body) {
        int count = body == null ? 1 : body.path("count").asInt(1);
        switch (kind) {
            case "fail-open" -> sim.failNextOpens(count, body == null ? 500 : body.path("status").asInt(500));
            case "slow-handshake" -> sim.slowDownHandshakes(count,
                    Duration.ofMillis(body == null ? 5000 : body.path("delayMs").asLong(5000)));
            case "fail-replies" -> {
                if (body != null && body.has("errcode")) {
                    sim.failNextRepliesWithErrcode(count, body.path("errcode").asInt(),
                            body.path("errmsg").asText("injected errcode"));
                } else {
                    sim.failNextReplies(count, body == null ? 500 : body.path("status").asInt(500));
                }
            }
            case "slow-replies" -> sim.delayReplies(Duration.ofMillis(body == null ? 0 : body.path("delayMs").asLong(0)));
            case "fail-api" -> sim.failNextApiCalls(body == null ? "*" : body.path("path").asText("*"), count,
                    body == null ? 500 : body.path("status").asInt(500),
                    body == null ? "system.busy" : body.path("code").asText("system.busy"));
            case "drop-after-accepting" -> sim.dropAfterAccepting(body == null ? "*" : body.path("path").asText("*"), count);
            case "slow-api" -> sim.delayApiCalls(body == null ? "*" : body.path("path").asText("*"),
                    Duration.ofMillis(body == null ? 0 : body.path("delayMs").asLong(0)));
            case "api-qps-limit" -> sim.limitApiCalls(body == null ? 20 : body.path("perSecond").asInt(20));
            case "invalid-token-status" -> sim.answerInvalidTokensWith(body == null ? 400 : body.path("status").asInt(400));
            default -> throw new IllegalArgumentException("faults are fail-open, slow-handshake, fail-replies,"
                    + " slow-replies, fail-api, drop-after-accepting, slow-api, api-qps-limit and invalid-token-status");
        }
        return ok(Json.object().put("fault", kind).put("count", count));
    }

    private static ObjectNode connection(ConnectionInfo c) {
        ObjectNode n = Json.object().put("id", c.id()).put("clientId", c.clientId()).put("state", c.state().name())
                .put("openedAt", c.openedAt().toString()).put("closeReason", c.closeReason())
                .put("closedAt", c.closedAt() == null ? null : c.closedAt().toString());
        ArrayNode subs = n.putArray("subscriptions");
        c.subscriptions().forEach(s -> subs.addObject().put("type", s.type()).put("topic", s.topic()));
        return n;
    }

    private static ObjectNode delivery(Delivery d) {
        ObjectNode n = Json.object().put("messageId", d.messageId()).put("type", d.type()).put("topic", d.topic())
                .put("clientId", d.clientId()).put("data", d.data()).put("redeliveries", d.redeliveries())
                .put("waiting", d.isWaiting()).put("settled", d.success().isDone());
        ArrayNode attempts = n.putArray("attempts");
        d.attempts().forEach(a -> attempts.addObject().put("connectionId", a.connectionId())
                .put("sentAt", a.sentAt().toString()).put("duplicate", a.duplicate()));
        n.set("acks", array(d.acks(), ControlApi::ack));
        return n;
    }

    private static ObjectNode ack(Ack a) {
        return Json.object().put("messageId", a.messageId()).put("connectionId", a.connectionId())
                .put("code", a.code()).put("message", a.message()).put("data", a.data())
                .put("latencyMicros", a.latency().toNanos() / 1000).put("at", a.at().toString());
    }

    private static <T> ArrayNode array(Collection<T> items, Function<T, ObjectNode> mapper) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        items.forEach(item -> array.add(mapper.apply(item)));
        return array;
    }

    private static HttpApi.Reply ok(JsonNode body) {
        return new HttpApi.Reply(200, body);
    }

    private static String required(JsonNode body, String field) {
        String value = Json.text(body, field);
        if (value == null) {
            throw new IllegalArgumentException("the JSON body needs the field " + field);
        }
        return value;
    }

    private static String segment(List<String> parts, int index, String what) {
        if (parts.size() <= index || parts.get(index).isEmpty()) {
            throw new IllegalArgumentException("the path needs the " + what);
        }
        return parts.get(index);
    }
}
