package io.github.cameldingtalk.examples.bot;

import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.model.DingTalkReply;

/** What the bot says: the route's output becomes the reply in the chat. */
public class BotBrain {

    static final String HELP = """
            **I can**
            - echo what you write
            - tell you what a picture, voice or file message contains
            - `leave`: a leave-request card to approve
            - `report`: this week's report as a file
            - `ai <question>`: an answer that grows as it is written""";

    public Object answer(DingTalkBotMessage message) {
        String sender = message.getSenderNick();
        return switch (String.valueOf(message.getMsgtype())) {
            case "picture" -> "Nice picture, " + sender + "! (download code " + shorten(message.getDownloadCode()) + ")";
            case "file" -> "Got your file “" + message.getFileName() + "”.";
            case "audio" -> "I heard: " + message.getText();
            case "video" -> "A video of " + message.getDuration() / 1000 + " s, thanks!";
            case "text", "richText" -> answerText(message);
            default -> "I cannot read " + message.getMsgtype() + " messages yet.";
        };
    }

    private Object answerText(DingTalkBotMessage message) {
        String text = message.getText();
        if ("help".equalsIgnoreCase(text)) {
            return DingTalkReply.markdown("What I can do", HELP);
        }
        if (message.isGroup()) {
            // in a group, answer the sender by name with an @-mention
            return DingTalkReply.text("@" + message.getSenderStaffId() + " you said: " + text)
                    .atUserIds(message.getSenderStaffId());
        }
        return "You said: " + text;
    }

    /** The bytes of a report the bot makes on request. */
    public byte[] weeklyReport() {
        return "Weekly report\n- 42 orders\n- 3 new customers\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String shorten(String code) {
        return code == null || code.length() <= 12 ? code : code.substring(0, 12) + "…";
    }
}
