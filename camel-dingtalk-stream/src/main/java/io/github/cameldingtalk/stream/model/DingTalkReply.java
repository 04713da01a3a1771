package io.github.cameldingtalk.stream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat reply for a bot message, posted to its sessionWebhook when it is the route's output.
 *
 * <pre>{@code
 * DingTalkReply.markdown("Help", "**commands**: ...").atUserIds(message.getSenderStaffId())
 * DingTalkReply.actionCard("Approve?", "Leave request").button("Yes", "dtmd://yes").button("No", "dtmd://no")
 * }</pre>
 *
 * A plain String output is a text reply; a Map with a {@code msgtype} is posted as it is.
 */
public final class DingTalkReply {

    private final String msgtype;
    private final Map<String, Object> body = new LinkedHashMap<>();
    private final List<Map<String, String>> buttons = new ArrayList<>();
    private final List<String> atUserIds = new ArrayList<>();
    private final List<String> atMobiles = new ArrayList<>();
    private boolean atAll;

    private DingTalkReply(String msgtype) {
        this.msgtype = msgtype;
    }

    public static DingTalkReply text(String content) {
        DingTalkReply reply = new DingTalkReply("text");
        reply.body.put("content", content);
        return reply;
    }

    public static DingTalkReply markdown(String title, String text) {
        DingTalkReply reply = new DingTalkReply("markdown");
        reply.body.put("title", title);
        reply.body.put("text", text);
        return reply;
    }

    /** An action card; add buttons with {@link #button} or one whole-card link with {@link #singleButton}. */
    public static DingTalkReply actionCard(String title, String markdownText) {
        DingTalkReply reply = new DingTalkReply("actionCard");
        reply.body.put("title", title);
        reply.body.put("text", markdownText);
        return reply;
    }

    public DingTalkReply button(String title, String actionUrl) {
        requireActionCard();
        buttons.add(Map.of("title", title, "actionURL", actionUrl));
        return this;
    }

    public DingTalkReply singleButton(String title, String url) {
        requireActionCard();
        body.put("singleTitle", title);
        body.put("singleURL", url);
        return this;
    }

    /** Buttons side by side instead of stacked. */
    public DingTalkReply horizontalButtons() {
        requireActionCard();
        body.put("btnOrientation", "1");
        return this;
    }

    /** &#64;-mentions users by userId (staffId); for text replies DingTalk shows the mention when the text holds {@code @userId}. */
    public DingTalkReply atUserIds(String... userIds) {
        for (String id : userIds) {
            if (id != null && !id.isEmpty()) {
                atUserIds.add(id);
            }
        }
        return this;
    }

    public DingTalkReply atMobiles(String... mobiles) {
        atMobiles.addAll(List.of(mobiles));
        return this;
    }

    public DingTalkReply atAll() {
        atAll = true;
        return this;
    }

    public String getMsgtype() {
        return msgtype;
    }

    /** The body posted to the sessionWebhook. */
    public Map<String, Object> toMap() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("msgtype", msgtype);
        Map<String, Object> part = new LinkedHashMap<>(body);
        if (!buttons.isEmpty()) {
            part.put("btns", buttons);
        }
        message.put(msgtype, part);
        if (!atUserIds.isEmpty() || !atMobiles.isEmpty() || atAll) {
            Map<String, Object> at = new LinkedHashMap<>();
            if (!atUserIds.isEmpty()) {
                at.put("atUserIds", atUserIds);
            }
            if (!atMobiles.isEmpty()) {
                at.put("atMobiles", atMobiles);
            }
            at.put("isAtAll", atAll);
            message.put("at", at);
        }
        return message;
    }

    public String toJson() {
        return Json.write(toMap());
    }

    private void requireActionCard() {
        if (!"actionCard".equals(msgtype)) {
            throw new IllegalStateException("buttons belong to actionCard replies, not " + msgtype);
        }
    }

    @Override
    public String toString() {
        return toJson();
    }
}
