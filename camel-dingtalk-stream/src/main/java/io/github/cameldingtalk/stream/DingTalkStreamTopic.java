package io.github.cameldingtalk.stream;

/**
 * The endpoint's topic: one of the aliases {@code bot}, {@code card}, {@code events}, or a callback topic path.
 *
 * @param kind  what the frames carry, which decides the exchange body and the reply
 * @param topic the topic DingTalk puts in frames ({@code *} for events)
 */
public record DingTalkStreamTopic(Kind kind, String topic) {

    public static final String BOT_TOPIC = "/v1.0/im/bot/messages/get";
    public static final String CARD_TOPIC = "/v1.0/card/instances/callback";

    public enum Kind { BOT, CARD, EVENTS, CALLBACK }

    /**
     * Resolves the URI path. {@code dingtalk-stream://v1.0/x} arrives without its leading slash; it is put back.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static DingTalkStreamTopic resolve(String path) {
        String value = path == null ? "" : path.trim();
        switch (value) {
            case "bot":
                return new DingTalkStreamTopic(Kind.BOT, BOT_TOPIC);
            case "card":
                return new DingTalkStreamTopic(Kind.CARD, CARD_TOPIC);
            case "events":
            case "event":
                return new DingTalkStreamTopic(Kind.EVENTS, "*");
            default:
                break;
        }
        if (!value.startsWith("/") && value.contains("/")) {
            value = "/" + value;
        }
        if (!value.startsWith("/") || value.length() < 2) {
            throw new IllegalArgumentException("Unknown dingtalk-stream topic '" + path
                    + "': use bot, card, events, or a callback topic starting with / (e.g. /v1.0/graph/api/invoke)");
        }
        if (BOT_TOPIC.equals(value)) {
            return new DingTalkStreamTopic(Kind.BOT, BOT_TOPIC);
        }
        if (CARD_TOPIC.equals(value)) {
            return new DingTalkStreamTopic(Kind.CARD, CARD_TOPIC);
        }
        return new DingTalkStreamTopic(Kind.CALLBACK, value);
    }
}
