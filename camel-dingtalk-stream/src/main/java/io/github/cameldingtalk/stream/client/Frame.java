package io.github.cameldingtalk.stream.client;

import java.util.Map;

/**
 * A frame pushed by DingTalk: {@code type} SYSTEM, EVENT or CALLBACK, string headers, and {@code data}, a JSON
 * document encoded as a string.
 */
public record Frame(String type, Map<String, String> headers, String data) {

    public static final String SYSTEM = "SYSTEM";

    public String messageId() {
        return headers.get("messageId");
    }

    public String topic() {
        return headers.get("topic");
    }

    public String header(String name) {
        return headers.get(name);
    }

    public boolean isEvent() {
        return Subscription.EVENT.equals(type);
    }

    public boolean isCallback() {
        return Subscription.CALLBACK.equals(type);
    }

    public boolean isSystem() {
        return SYSTEM.equals(type);
    }
}
