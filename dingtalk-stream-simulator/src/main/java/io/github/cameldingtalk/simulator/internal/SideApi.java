package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.ApiCall;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DingTalk's APIs beside the open call, on the open API's port: the sessionWebhook, the access token, the
 * token-protected OpenAPI endpoints (with the per-app QPS limit and injected faults), and the legacy media upload.
 * Every call is recorded, at the time it arrived.
 */
public final class SideApi {

    /** The header DingTalk's OpenAPI reads the access token from. */
    static final String TOKEN_HEADER = "x-acs-dingtalk-access-token";

    private final Apps apps;
    private final RobotApi robot;
    private final CardApi cards;
    private final MediaApi media;
    private final Faults faults;
    private final QpsLimit qpsLimit;
    private final AtomicInteger apiCallsInFlight = new AtomicInteger();
    private final Records<ApiCall> calls;

    public SideApi(Apps apps, RobotApi robot, CardApi cards, MediaApi media, Faults faults, QpsLimit qpsLimit,
            int maxRecords) {
        this.apps = apps;
        this.robot = robot;
        this.cards = cards;
        this.media = media;
        this.faults = faults;
        this.qpsLimit = qpsLimit;
        this.calls = new Records<>(maxRecords);
    }

    /** Every call to the side APIs (not the open call). */
    public List<ApiCall> calls() {
        return calls.list();
    }

    public long droppedRecords() {
        return calls.dropped();
    }

    /** Token-protected OpenAPI calls held by a delay fault right now. */
    public int apiCallsInFlight() {
        return apiCallsInFlight.get();
    }

    public void clear() {
        calls.clear();
    }

    /** {@code POST /media/upload?access_token=…&type=…} (multipart), recorded without the token in the query. */
    HttpApi.Reply upload(String query, String contentType, byte[] raw) {
        HttpApi.Reply reply = media.upload(query, contentType, raw);
        calls.add(new ApiCall("POST", "/media/upload", query == null ? null : query.replaceAll("access_token=[^&]*",
                "access_token=…"), HttpApi.queryParameter(query, "access_token"), null, reply.status(), reply.body(),
                Instant.now()));
        return reply;
    }

    /**
     * Answers and records a call; its time is when it arrived (as DingTalk counts it against the QPS limit). The app
     * secret of a token call is not kept (the records are served on the control API).
     */
    HttpApi.Reply answer(String method, String path, String query, String token, JsonNode body) {
        Instant arrived = Instant.now();
        HttpApi.Reply reply = route(method, path, query, token, body);
        JsonNode recorded = body;
        if (body != null && body.has("appSecret") && body.isObject()) {
            recorded = ((ObjectNode) body.deepCopy()).put("appSecret", "***");
        }
        calls.add(new ApiCall(method, path, query, token, recorded, reply.status(), reply.body(), arrived));
        return reply;
    }

    private HttpApi.Reply route(String method, String path, String query, String token, JsonNode body) {
        if ("/robot/sendBySession".equals(path)) {
            return "POST".equals(method) ? robot.sessionReply(HttpApi.queryParameter(query, "session"), body)
                    : methodNotAllowed(method);
        }
        if ("/v1.0/oauth2/accessToken".equals(path)) {
            if (!"POST".equals(method)) {
                return methodNotAllowed(method);
            }
            return body == null || !body.isObject()
                    ? HttpApi.error(400, "InvalidParameter", "the body must be a JSON object {appKey, appSecret}")
                    : apps.accessToken(body);
        }
        Endpoint endpoint = Endpoint.find(method, path);
        if (endpoint == null) {
            return Endpoint.knownPath(path) ? methodNotAllowed(method)
                    : HttpApi.error(404, "NotFound", "no such API in the simulator: " + method + " " + path);
        }
        if (!apps.isValidAccessToken(token)) {
            // DingTalk answers 400 here, not 401 (openapi.md §2); a fault switches to 401
            return HttpApi.error(faults.invalidTokenStatus(), "InvalidAuthentication", "不合法的access_token");
        }
        if (!qpsLimit.admit(apps.appOfToken(token), path)) {
            return HttpApi.error(403, QpsLimit.CODE, "应用调用该接口的并发量超过限制 (" + qpsLimit.perSecond() + "/s)");
        }
        apiCallsInFlight.incrementAndGet();
        try {
            RobotApi.pause(faults.apiDelay(path));
        } finally {
            apiCallsInFlight.decrementAndGet();
        }
        Faults.ApiFailure injected = faults.takeApiFailure(path);
        if (injected != null) {
            return HttpApi.error(injected.status(), injected.code(), injected.message());
        }
        if (body == null || !body.isObject()) {
            return HttpApi.error(400, "InvalidParameter", "the body must be a JSON object");
        }
        for (String field : endpoint.required) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())
                    || (value.isArray() && value.isEmpty())) {
                return HttpApi.error(400, "MissingParameter", field + " is mandatory for this action.");
            }
        }
        return switch (endpoint) {
            case ROBOT_BATCH_SEND -> robot.send(true, body);
            case ROBOT_GROUP_SEND -> robot.send(false, body);
            case ROBOT_BATCH_RECALL, ROBOT_GROUP_RECALL -> robot.recall(body);
            case INTERACTIVE_CARD_SEND -> new HttpApi.Reply(200, Json.object().put("processQueryKey",
                    UUID.randomUUID().toString()));
            case FILE_DOWNLOAD -> robot.fileDownload(body);
            case CARD_CREATE -> cards.create(body);
            case CARD_DELIVER -> cards.deliver(body, false);
            case CARD_CREATE_AND_DELIVER -> cards.deliver(body, true);
            case CARD_UPDATE -> cards.update(body, false);
            case CARD_STREAMING -> cards.update(body, true);
            case INTERACTIVE_CARD_UPDATE -> new HttpApi.Reply(200, Json.object().put("success", true));
        };
    }

    /** The token-protected OpenAPI endpoints, their mandatory fields and answers. */
    private enum Endpoint {
        ROBOT_BATCH_SEND("POST", "/v1.0/robot/oToMessages/batchSend", "robotCode", "userIds", "msgKey", "msgParam"),
        ROBOT_GROUP_SEND("POST", "/v1.0/robot/groupMessages/send", "robotCode", "openConversationId", "msgKey",
                "msgParam"),
        ROBOT_BATCH_RECALL("POST", "/v1.0/robot/otoMessages/batchRecall", "robotCode", "processQueryKeys"),
        ROBOT_GROUP_RECALL("POST", "/v1.0/robot/groupMessages/recall", "robotCode", "openConversationId",
                "processQueryKeys"),
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
    }

    static HttpApi.Reply methodNotAllowed(String method) {
        return HttpApi.error(405, "MethodNotAllowed", method + " is not supported here");
    }

}
