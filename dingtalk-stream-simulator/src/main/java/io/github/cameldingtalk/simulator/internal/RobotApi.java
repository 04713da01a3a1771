package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a bot says: the sessionWebhook of each pushed bot message ({@code oapi.dingtalk.com/robot/sendBySession},
 * which answers HTTP 200 with an errcode in every case), the robot OpenAPI sends, and file downloads.
 */
public final class RobotApi {

    private record Session(String id, String conversationId, String msgId, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Users a 1:1 send reports as unknown, or as flow-controlled (they got too many messages). */
    private final java.util.Set<String> invalidStaffIds = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> flowControlledStaffIds = ConcurrentHashMap.newKeySet();
    /** processQueryKey of every robot send, and whether it was recalled since. */
    private final Map<String, Boolean> sent = new ConcurrentHashMap<>();
    private final Records<BotReply> replies;
    private final Map<String, UserFile> userFiles = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final Duration sessionTtl;
    private final Faults faults;
    private final Feed feed;
    private final Supplier<String> apiUrl;
    private final Clock clock;

    /** A file a user "sent" from the console: its name and bytes, served at its downloadCode's URL. */
    record UserFile(String name, byte[] content) {
    }

    public RobotApi(Duration sessionTtl, Faults faults, Feed feed, Supplier<String> apiUrl, Clock clock,
            int maxRecords) {
        this.replies = new Records<>(maxRecords);
        this.sessionTtl = sessionTtl;
        this.faults = faults;
        this.feed = feed;
        this.apiUrl = apiUrl;
        this.clock = clock;
    }

    /** Opens the session a pushed bot message carries; returns its webhook URL. */
    public String newSession(BotMessage message, Instant expiresAt) {
        Session session = new Session(UUID.randomUUID().toString().replace("-", ""), message.conversationId(), message.msgId(), expiresAt);
        sessions.put(session.id(), session);
        return apiUrl.get() + "/robot/sendBySession?session=" + session.id();
    }

    /** When a session opened at {@code now} expires: the message's own override, else the simulator's TTL. */
    public Instant sessionExpiry(BotMessage message, Instant now) {
        return now.plus(message.sessionWebhookTtl() != null ? message.sessionWebhookTtl() : sessionTtl);
    }

    /** Every sessionWebhook handed out so far answers 300001 from now on. */
    public void expireSessions() {
        sessions.replaceAll((id, s) -> new Session(id, s.conversationId(), s.msgId(), Instant.EPOCH));
    }

    /** A post to a sessionWebhook. Injected faults are not recorded as replies: nothing reached the chat. */
    HttpApi.Reply sessionReply(String sessionId, JsonNode body) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            pause(faults.replyDelay());
            return answerReply(sessionId, body);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The most sessionWebhook posts that were being answered at the same time since the last {@link #clear()}. */
    public int mostRepliesInFlight() {
        return mostInFlight.get();
    }

    private HttpApi.Reply answerReply(String sessionId, JsonNode body) {
        Faults.Failure fault = faults.takeReplyFailure();
        if (fault != null) {
            return fault.status() != 200 ? HttpApi.error(fault.status(), "ServiceUnavailable", fault.errmsg())
                    : new HttpApi.Reply(200, Json.object().put("errcode", fault.errcode()).put("errmsg", fault.errmsg()));
        }
        Session session = sessionId == null ? null : sessions.get(sessionId);
        int errcode;
        String errmsg;
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            errcode = 300001;
            errmsg = "session 不存在";
        } else if (!isValidRobotMessage(body)) {
            errcode = 40035;
            errmsg = "缺少参数 json";
        } else {
            errcode = 0;
            errmsg = "ok";
        }
        replies.add(new BotReply(sessionId, session == null ? null : session.conversationId(),
                session == null ? null : session.msgId(), body, errcode, clock.instant()));
        if (errcode == 0) {
            ObjectNode event = Json.object().put("conversationId", session.conversationId())
                    .put("inReplyTo", session.msgId()).put("via", "sessionWebhook");
            event.set("body", body);
            feed.publish("reply", event);
        }
        return new HttpApi.Reply(200, Json.object().put("errcode", errcode).put("errmsg", errmsg));
    }

    /** {@code batchSend} (1:1) or {@code groupMessages/send}. */
    HttpApi.Reply send(boolean oneToOne, JsonNode body) {
        if (!body.get("msgParam").isTextual()) {
            return HttpApi.error(400, "InvalidParameter", "msgParam must be a JSON string");
        }
        String key = UUID.randomUUID().toString();
        sent.put(key, false);
        ObjectNode event = Json.object().put("processQueryKey", key).put("via", "OpenAPI")
                .put("msgKey", Json.text(body, "msgKey"));
        event.set("msgParam", Json.parseOrNull(Json.text(body, "msgParam")));
        if (oneToOne) {
            event.set("userIds", body.path("userIds"));
        } else {
            event.put("conversationId", Json.text(body, "openConversationId"));
        }
        feed.publish("send", event);
        ObjectNode answer = Json.object().put("processQueryKey", key);
        if (oneToOne) {
            var invalid = answer.putArray("invalidStaffIdList");
            var flowControlled = answer.putArray("flowControlledStaffIdList");
            for (JsonNode user : body.path("userIds")) {
                if (invalidStaffIds.contains(user.asText())) {
                    invalid.add(user.asText());
                } else if (flowControlledStaffIds.contains(user.asText())) {
                    flowControlled.add(user.asText());
                }
            }
        }
        return new HttpApi.Reply(200, answer);
    }

    /**
     * {@code otoMessages/batchRecall} or {@code groupMessages/recall}: each key is recalled once; unknown or already
     * recalled keys are reported in {@code failedResult}.
     */
    HttpApi.Reply recall(JsonNode body) {
        ObjectNode answer = Json.object();
        var succeeded = answer.putArray("successResult");
        ObjectNode failed = answer.putObject("failedResult");
        for (JsonNode keyNode : body.path("processQueryKeys")) {
            String key = keyNode.asText();
            Boolean recalled = sent.get(key);
            if (recalled == null) {
                failed.put(key, "processQueryKey not found");
            } else if (recalled) {
                failed.put(key, "message already recalled");
            } else {
                sent.put(key, true);
                succeeded.add(key);
            }
        }
        return new HttpApi.Reply(200, answer);
    }

    /** 1:1 sends report these users in {@code invalidStaffIdList}. */
    public void treatAsInvalid(String... staffIds) {
        invalidStaffIds.addAll(List.of(staffIds));
    }

    /** 1:1 sends report these users in {@code flowControlledStaffIdList}. */
    public void treatAsFlowControlled(String... staffIds) {
        flowControlledStaffIds.addAll(List.of(staffIds));
    }

    /** Whether the robot message with this processQueryKey was recalled. */
    public boolean isRecalled(String processQueryKey) {
        return Boolean.TRUE.equals(sent.get(processQueryKey));
    }

    /** The bytes the download URL of a downloadCode serves when no file was stored for it. */
    public static byte[] fileContent(String downloadCode) {
        return ("simulated file for downloadCode " + downloadCode).getBytes(StandardCharsets.UTF_8);
    }

    /** Keeps a file a user sends (from the console); returns the downloadCode the bot downloads it with. */
    public String storeFile(String name, byte[] content) {
        String code = "console/" + UUID.randomUUID().toString().replace("-", "");
        userFiles.put(code, new UserFile(name, content));
        return code;
    }

    /** What the download URL of this code serves: a stored file, or the simulated bytes. */
    UserFile file(String downloadCode) {
        UserFile stored = userFiles.get(downloadCode);
        return stored != null ? stored : new UserFile(null, fileContent(downloadCode));
    }

    /** {@code messageFiles/download}: a temporary URL on the simulator serving known bytes. */
    HttpApi.Reply fileDownload(JsonNode body) {
        return new HttpApi.Reply(200, Json.object().put("downloadUrl", apiUrl.get() + "/files/"
                + URLEncoder.encode(Json.text(body, "downloadCode"), StandardCharsets.UTF_8)));
    }

    public long droppedRecords() {
        return replies.dropped();
    }

    public List<BotReply> replies() {
        return replies.list();
    }

    public void clear() {
        replies.clear();
        mostInFlight.set(0);
        invalidStaffIds.clear();
        flowControlledStaffIds.clear();
    }

    private static boolean isValidRobotMessage(JsonNode body) {
        String msgtype = Json.text(body, "msgtype");
        if (msgtype == null || body.get(msgtype) == null || !body.get(msgtype).isObject()) {
            return false;
        }
        JsonNode part = body.get(msgtype);
        return switch (msgtype) {
            case "text" -> Json.text(part, "content") != null;
            case "markdown", "actionCard" -> Json.text(part, "title") != null && Json.text(part, "text") != null;
            case "link" -> Json.text(part, "messageUrl") != null;
            default -> true;
        };
    }

    /** The fault itself: a slow DingTalk, on this request's server thread. */
    static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis()); // the fault itself: a slow DingTalk, on this request's server thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
