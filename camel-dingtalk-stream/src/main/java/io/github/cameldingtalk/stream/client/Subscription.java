package io.github.cameldingtalk.stream.client;

/**
 * One entry of the open call's {@code subscriptions}.
 *
 * @param type  {@code EVENT} or {@code CALLBACK}
 * @param topic {@code *} for events, the callback topic otherwise
 */
public record Subscription(String type, String topic) {

    public static final String EVENT = "EVENT";
    public static final String CALLBACK = "CALLBACK";

    public static Subscription allEvents() {
        return new Subscription(EVENT, "*");
    }

    public static Subscription callback(String topic) {
        return new Subscription(CALLBACK, topic);
    }
}
