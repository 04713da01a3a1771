package io.github.cameldingtalk.stream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message the robot sends on its own (the robot OpenAPI: 1:1 {@code batchSend} or group {@code send}), as
 * {@code msgKey} + {@code msgParam}. Send it with {@code to("dingtalk-stream:bot")}; the target comes from the
 * message ({@link #toUsers}, {@link #toConversation}), else from headers, else from the endpoint options, else —
 * in a route started by a bot message — the conversation that message came from.
 *
 * <pre>{@code
 * DingTalkMessage.text("Build #42 passed").toConversation("cidXXXX==")
 * DingTalkMessage.markdown("Report", "**3** new orders").toUsers("manager4711", "staff0815")
 * DingTalkMessage.actionCard("Approve?", "Leave request").button("Yes", "dtmd://yes").button("No", "dtmd://no")
 * }</pre>
 */
public final class DingTalkMessage {

    private final String msgKey;
    private final Map<String, Object> param = new LinkedHashMap<>();
    private final List<String[]> buttons = new ArrayList<>();
    private final List<String> userIds = new ArrayList<>();
    private String openConversationId;

    private DingTalkMessage(String msgKey) {
        this.msgKey = msgKey;
    }

    public static DingTalkMessage text(String content) {
        return new DingTalkMessage("sampleText").with("content", content);
    }

    public static DingTalkMessage markdown(String title, String text) {
        return new DingTalkMessage("sampleMarkdown").with("title", title).with("text", text);
    }

    /** @param photoUrl a public URL, or the media id of an uploaded image */
    public static DingTalkMessage image(String photoUrl) {
        return new DingTalkMessage("sampleImageMsg").with("photoURL", photoUrl);
    }

    public static DingTalkMessage link(String title, String text, String messageUrl, String picUrl) {
        return new DingTalkMessage("sampleLink").with("text", text).with("title", title)
                .with("picUrl", picUrl == null ? "" : picUrl).with("messageUrl", messageUrl);
    }

    /** An action card: one link with {@link #singleButton} (or one {@link #button}), or 2 to 5 stacked buttons. */
    public static DingTalkMessage actionCard(String title, String markdownText) {
        return new DingTalkMessage("sampleActionCard").with("title", title).with("text", markdownText);
    }

    /** @param mediaId from a media upload; @param fileType e.g. {@code pdf}, {@code xlsx} */
    public static DingTalkMessage file(String mediaId, String fileName, String fileType) {
        return new DingTalkMessage("sampleFile").with("mediaId", mediaId).with("fileName", fileName)
                .with("fileType", fileType);
    }

    /** @param durationMillis the length of the voice message */
    public static DingTalkMessage audio(String mediaId, long durationMillis) {
        return new DingTalkMessage("sampleAudio").with("mediaId", mediaId)
                .with("duration", Long.toString(durationMillis));
    }

    /** @param coverMediaId media id of the cover picture, which DingTalk requires */
    public static DingTalkMessage video(String videoMediaId, long durationSeconds, String coverMediaId) {
        return new DingTalkMessage("sampleVideo").with("duration", Long.toString(durationSeconds))
                .with("videoMediaId", videoMediaId).with("videoType", "mp4").with("picMediaId", coverMediaId);
    }

    public DingTalkMessage singleButton(String title, String url) {
        requireActionCard();
        return with("singleTitle", title).with("singleURL", url);
    }

    public DingTalkMessage button(String title, String url) {
        requireActionCard();
        if (buttons.size() == 5) {
            throw new IllegalStateException("an action card has at most 5 buttons");
        }
        buttons.add(new String[] {title, url});
        return this;
    }

    /** Sends 1:1 to these users (userId, i.e. staffId), in one batch. */
    public DingTalkMessage toUsers(String... staffIds) {
        userIds.addAll(List.of(staffIds));
        return this;
    }

    /** Sends to this group (its openConversationId, the {@code conversationId} of incoming group messages). */
    public DingTalkMessage toConversation(String conversationId) {
        this.openConversationId = conversationId;
        return this;
    }

    /** The template key: {@code sampleText}, {@code sampleMarkdown}, {@code sampleActionCard3} (3 buttons) … */
    public String getMsgKey() {
        return buttons.size() < 2 ? msgKey : "sampleActionCard" + buttons.size();
    }

    /** The template parameters; sent as a JSON string, as DingTalk requires. */
    public Map<String, Object> getMsgParam() {
        Map<String, Object> all = new LinkedHashMap<>(param);
        if (buttons.size() == 1) {
            all.put("singleTitle", buttons.get(0)[0]);
            all.put("singleURL", buttons.get(0)[1]);
            return all;
        }
        for (int i = 0; i < buttons.size(); i++) {
            all.put("actionTitle" + (i + 1), buttons.get(i)[0]);
            all.put("actionURL" + (i + 1), buttons.get(i)[1]);
        }
        return all;
    }

    public List<String> getUserIds() {
        return List.copyOf(userIds);
    }

    public String getOpenConversationId() {
        return openConversationId;
    }

    private DingTalkMessage with(String key, Object value) {
        param.put(key, value);
        return this;
    }

    private void requireActionCard() {
        if (!"sampleActionCard".equals(msgKey)) {
            throw new IllegalStateException("buttons belong to action cards, not " + msgKey);
        }
    }

    @Override
    public String toString() {
        return getMsgKey() + Json.write(getMsgParam());
    }
}
