package io.github.cameldingtalk.simulator;

import io.github.cameldingtalk.simulator.internal.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A chat message to a bot, shaped like the {@code data} of a real {@code /v1.0/im/bot/messages/get} frame.
 * Start from a message type ({@link #text}, {@link #picture} …), then say who sent it and where. The simulator
 * fills in {@code sessionWebhook} (pointing back at itself), its expiry, {@code robotCode} and the timestamps.
 */
public final class BotMessage {

    private final String msgtype;
    private final String text;
    private final ObjectNode content;
    private String msgId = "msg" + randomToken(22) + "==";
    private String conversationId = "cid" + randomToken(22) + "==";
    private String conversationTitle;
    private boolean group;
    private String senderStaffId = "manager" + ThreadLocalRandom.current().nextInt(1000, 9999);
    private String senderNick = "张三";
    private final List<String> mentionedStaffIds = new ArrayList<>();
    private java.time.Duration sessionWebhookTtl;
    private java.time.Duration age = java.time.Duration.ZERO;

    private BotMessage(String msgtype, String text, ObjectNode content) {
        this.msgtype = msgtype;
        this.text = text;
        this.content = content;
    }

    /** A text message; in a group the simulator prefixes the space DingTalk leaves after the removed @mention. */
    public static BotMessage text(String content) {
        return new BotMessage("text", content, null);
    }

    public static BotMessage picture() {
        String code = downloadCode();
        return new BotMessage("picture", null, Json.object().put("downloadCode", code).put("pictureDownloadCode", code));
    }

    /** A rich text message: each part is a text run, except {@code "[picture]"} which becomes an image. */
    public static BotMessage richText(String... parts) {
        ObjectNode content = Json.object();
        ArrayNode runs = content.putArray("richText");
        for (String part : parts) {
            if ("[picture]".equals(part)) {
                String code = downloadCode();
                runs.addObject().put("type", "picture").put("downloadCode", code).put("pictureDownloadCode", code);
            } else {
                runs.addObject().put("text", part);
            }
        }
        return new BotMessage("richText", null, content);
    }

    /** A voice message with DingTalk's speech-to-text {@code recognition}. */
    public static BotMessage audio(String recognition, long durationMillis) {
        return new BotMessage("audio", null, Json.object().put("downloadCode", downloadCode())
                .put("duration", durationMillis).put("recognition", recognition));
    }

    public static BotMessage video(long durationMillis) {
        return new BotMessage("video", null, Json.object().put("downloadCode", downloadCode())
                .put("duration", Long.toString(durationMillis)).put("videoType", "mp4"));
    }

    public static BotMessage file(String fileName) {
        return new BotMessage("file", null, Json.object().put("downloadCode", downloadCode())
                .put("fileName", fileName).put("fileId", "2" + ThreadLocalRandom.current().nextLong(100000000L, 999999999L))
                .put("spaceId", Long.toString(ThreadLocalRandom.current().nextLong(1000000000L, 9999999999L))));
    }

    /** Any other msgtype with the given {@code content} object (e.g. to test unknown types). */
    public static BotMessage of(String msgtype, ObjectNode content) {
        return new BotMessage(msgtype, null, content);
    }

    /** Sent in a group chat (conversationType 2) that @-mentions the bot; DingTalk only pushes those. */
    public BotMessage inGroup(String title) {
        this.group = true;
        this.conversationTitle = title;
        return this;
    }

    public BotMessage from(String staffId, String nick) {
        this.senderStaffId = staffId;
        this.senderNick = nick;
        return this;
    }

    /** From a user outside the organisation (an external contact): DingTalk sends no senderStaffId. */
    public BotMessage fromExternalUser(String nick) {
        return from(null, nick);
    }

    public BotMessage conversationId(String conversationId) {
        this.conversationId = conversationId;
        return this;
    }

    public BotMessage msgId(String msgId) {
        this.msgId = msgId;
        return this;
    }

    /** Also @-mentions these users (they appear in {@code atUsers}). */
    public BotMessage mentioning(String... staffIds) {
        mentionedStaffIds.addAll(List.of(staffIds));
        return this;
    }

    /**
     * Uses this downloadCode for the message's file (picture, file, audio, video), e.g. one handed out for bytes
     * the simulator stores, so that the bot downloads exactly those bytes.
     */
    public BotMessage downloadCode(String code) {
        if (content != null && content.has("downloadCode")) {
            content.put("downloadCode", code);
            if (content.has("pictureDownloadCode")) {
                content.put("pictureDownloadCode", code);
            }
        }
        return this;
    }

    /** The conversation's title (groups). */
    public String conversationTitle() {
        return conversationTitle;
    }

    /**
     * How long this message's sessionWebhook stays valid, instead of the simulator's {@code sessionWebhookTtl}; a
     * negative duration gives a webhook that has already expired.
     */
    public BotMessage sessionWebhookExpiresIn(java.time.Duration ttl) {
        this.sessionWebhookTtl = ttl;
        return this;
    }

    /**
     * A message written this long ago ({@code createAt} in the past), as one redelivered after an outage: its
     * sessionWebhook expired by age once {@code age} passes the webhook's life (90 minutes by default).
     */
    public BotMessage sentAgo(java.time.Duration age) {
        this.age = age;
        return this;
    }

    public java.time.Duration age() {
        return age;
    }

    /** The override set by {@link #sessionWebhookExpiresIn}, or null. */
    public java.time.Duration sessionWebhookTtl() {
        return sessionWebhookTtl;
    }

    public String msgId() {
        return msgId;
    }

    public String msgtype() {
        return msgtype;
    }

    /** The text of a text message (without the @-mention space DingTalk adds in groups), else null. */
    public String text() {
        return text;
    }

    public String senderNick() {
        return senderNick;
    }

    public String conversationId() {
        return conversationId;
    }

    public String senderStaffId() {
        return senderStaffId;
    }

    public boolean isGroup() {
        return group;
    }

    /** The frame data as DingTalk sends it, given what the simulator decides at push time. */
    ObjectNode toData(String robotCode, String sessionWebhook, long createAt, long webhookExpiresAt) {
        ObjectNode data = Json.object();
        data.put("conversationId", conversationId);
        ArrayNode atUsers = data.putArray("atUsers");
        if (group) {
            atUsers.addObject().put("dingtalkId", "$:LWCP_v1:$" + robotCode);
        }
        for (String staffId : mentionedStaffIds) {
            atUsers.addObject().put("dingtalkId", "$:LWCP_v1:$" + randomToken(16)).put("staffId", staffId);
        }
        data.put("chatbotCorpId", "ding" + Integer.toHexString(robotCode.hashCode()));
        data.put("chatbotUserId", "$:LWCP_v1:$" + robotCode);
        data.put("msgId", msgId);
        data.put("senderNick", senderNick);
        data.put("isAdmin", true);
        if (senderStaffId != null) {
            data.put("senderStaffId", senderStaffId); // absent for users outside the organisation
        }
        data.put("sessionWebhookExpiredTime", webhookExpiresAt);
        data.put("createAt", createAt);
        data.put("senderCorpId", "ding" + Integer.toHexString(robotCode.hashCode()));
        data.put("conversationType", group ? "2" : "1");
        data.put("senderId", "$:LWCP_v1:$" + Integer.toHexString((senderStaffId != null ? senderStaffId
                : String.valueOf(senderNick)).hashCode()));
        if (group) {
            data.put("conversationTitle", conversationTitle);
            data.put("isInAtList", true);
        }
        data.put("sessionWebhook", sessionWebhook);
        if ("text".equals(msgtype)) {
            data.putObject("text").put("content", group ? " " + text : text);
        } else {
            data.set("content", content.deepCopy());
        }
        data.put("robotCode", robotCode);
        data.put("msgtype", msgtype);
        return data;
    }

    private static String downloadCode() {
        return "mIofN681YE3f/" + randomToken(40);
    }

    static String randomToken(int length) {
        String uuid = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        return uuid.substring(0, Math.min(length, uuid.length()));
    }
}
