package io.github.cameldingtalk.stream.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A message sent to the bot (topic {@code /v1.0/im/bot/messages/get}), for every {@code msgtype}: text, picture,
 * richText, audio, video, file (and any other, through {@link #getContent()}).
 */
public final class DingTalkBotMessage extends DingTalkJsonBody {

    /** What the String and Map conversions show instead of the sessionWebhook URL. */
    public static final String REDACTED = "***";

    /** One run of a richText message: text, or a picture with its download code. */
    public record RichTextPart(String text, String type, String downloadCode) {
        public boolean isPicture() {
            return "picture".equals(type);
        }
    }

    /** A user @-mentioned in the message. */
    public record AtUser(String dingtalkId, String staffId) {
    }

    /** The messages a merged message stands for, in order; null for a single one. */
    private final List<DingTalkBotMessage> messages;

    private DingTalkBotMessage(String raw, List<DingTalkBotMessage> messages) {
        super(raw, "bot message data");
        this.messages = messages;
    }

    /** Reads the frame data of a bot message. */
    public static DingTalkBotMessage parse(String data) {
        return new DingTalkBotMessage(data, null);
    }

    /**
     * Messages one person sent in a row, as one: the data of the last (its msgId, its sessionWebhook, the freshest),
     * the text of all of them joined by new lines, and each of them in {@link #getMessages()}.
     */
    public static DingTalkBotMessage merged(List<DingTalkBotMessage> inOrder) {
        if (inOrder.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        if (inOrder.size() == 1) {
            return inOrder.get(0);
        }
        List<DingTalkBotMessage> all = new ArrayList<>();
        inOrder.forEach(message -> all.addAll(message.getMessages()));
        return new DingTalkBotMessage(inOrder.get(inOrder.size() - 1).raw, List.copyOf(all));
    }

    /**
     * The messages this one stands for: more than one when the consumer merged messages typed in a burst
     * ({@code mergeBursts}), in the order they were sent; else this message alone.
     */
    public List<DingTalkBotMessage> getMessages() {
        return messages == null ? List.of(this) : messages;
    }

    /** Whether this stands for several messages sent in a row (see {@link #getMessages()}). */
    public boolean isMerged() {
        return messages != null;
    }

    public String getMsgId() {
        return Json.text(json, "msgId");
    }

    /** {@code text}, {@code picture}, {@code richText}, {@code audio}, {@code video}, {@code file} … */
    public String getMsgtype() {
        return Json.text(json, "msgtype");
    }

    /**
     * What the user said, ready to use: for text messages the content without the space DingTalk leaves where the
     * &#64;-mention of the bot was; for richText the text runs joined; for audio DingTalk's speech recognition; null
     * for other types. For a merged message, the texts of its messages joined by new lines.
     */
    public String getText() {
        if (messages != null) {
            StringBuilder joined = new StringBuilder();
            for (DingTalkBotMessage message : messages) {
                String text = message.getText();
                if (text != null && !text.isEmpty()) {
                    joined.append(joined.length() == 0 ? "" : "\n").append(text);
                }
            }
            return joined.toString();
        }
        String type = getMsgtype();
        if ("text".equals(type)) {
            String content = Json.text(json.path("text"), "content");
            return content == null ? null : content.strip();
        }
        if ("richText".equals(type)) {
            StringBuilder text = new StringBuilder();
            for (RichTextPart part : getRichText()) {
                if (part.text() != null) {
                    text.append(part.text());
                }
            }
            return text.toString().strip();
        }
        if ("audio".equals(type)) {
            return Json.text(getContent(), "recognition");
        }
        return null;
    }

    /** The {@code content} object of non-text messages (null for text). */
    public JsonNode getContent() {
        JsonNode content = json.get("content");
        return content == null || content.isNull() ? null : content;
    }

    /** The download code of a picture, audio, video or file (exchange it with the messageFiles/download API). */
    public String getDownloadCode() {
        return Json.text(getContent(), "downloadCode");
    }

    /** File name of a file message. */
    public String getFileName() {
        return Json.text(getContent(), "fileName");
    }

    /** Duration in milliseconds of audio or video (DingTalk sends a number or a string). */
    public Long getDuration() {
        return Json.lenientLong(getContent(), "duration");
    }

    public List<RichTextPart> getRichText() {
        List<RichTextPart> parts = new ArrayList<>();
        JsonNode runs = getContent() == null ? null : getContent().get("richText");
        if (runs != null && runs.isArray()) {
            for (JsonNode run : runs) {
                parts.add(new RichTextPart(Json.text(run, "text"), Json.text(run, "type"),
                        Json.text(run, "downloadCode")));
            }
        }
        return parts;
    }

    public String getConversationId() {
        return Json.text(json, "conversationId");
    }

    /** {@code 1} for a 1:1 chat, {@code 2} for a group. */
    public String getConversationType() {
        return Json.text(json, "conversationType");
    }

    public boolean isGroup() {
        return "2".equals(getConversationType());
    }

    public String getConversationTitle() {
        return Json.text(json, "conversationTitle");
    }

    public String getSenderId() {
        return Json.text(json, "senderId");
    }

    /** The sender's userId in the organisation (may be absent for external users). */
    public String getSenderStaffId() {
        return Json.text(json, "senderStaffId");
    }

    public String getSenderNick() {
        return Json.text(json, "senderNick");
    }

    public String getSenderCorpId() {
        return Json.text(json, "senderCorpId");
    }

    public boolean isAdmin() {
        return json.path("isAdmin").asBoolean(false);
    }

    public boolean isInAtList() {
        return json.path("isInAtList").asBoolean(false);
    }

    public List<AtUser> getAtUsers() {
        List<AtUser> users = new ArrayList<>();
        for (JsonNode user : json.path("atUsers")) {
            users.add(new AtUser(Json.text(user, "dingtalkId"), Json.text(user, "staffId")));
        }
        return users;
    }

    public String getRobotCode() {
        return Json.text(json, "robotCode");
    }

    public String getChatbotUserId() {
        return Json.text(json, "chatbotUserId");
    }

    /** Where to post the reply; a capability URL: treat it as a secret. */
    public String getSessionWebhook() {
        return Json.text(json, "sessionWebhook");
    }

    public Instant getSessionWebhookExpiry() {
        Long millis = Json.lenientLong(json, "sessionWebhookExpiredTime");
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    public boolean isSessionWebhookExpired() {
        Instant expiry = getSessionWebhookExpiry();
        return expiry != null && !Instant.now().isBefore(expiry);
    }

    public Instant getCreateAt() {
        Long millis = Json.lenientLong(json, "createAt");
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * The message's JSON with the sessionWebhook replaced by {@value #REDACTED}: what the body's String conversion
     * gives, so that {@code log:}, {@code ${body}} and tracers never print the URL ({@link #getSessionWebhook()} and
     * {@link #getRawJson()} still have it).
     */
    public String toJson() {
        return Json.write(redacted());
    }

    /** The message as a Map, with the sessionWebhook redacted as in {@link #toJson()}. */
    @Override
    public Map<String, Object> toMap() {
        return Json.toMap(redacted());
    }

    private JsonNode redacted() {
        if (!json.has("sessionWebhook")) {
            return json;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) json)
                .deepCopy();
        copy.put("sessionWebhook", REDACTED);
        return copy;
    }

    /** No webhook URL here: it is a credential for the conversation. */
    @Override
    public String toString() {
        return "DingTalkBotMessage[msgId=" + getMsgId() + ", msgtype=" + getMsgtype() + ", conversationId="
                + getConversationId() + ", sender=" + getSenderStaffId()
                + (messages == null ? "" : ", merged=" + messages.size()) + "]";
    }
}
