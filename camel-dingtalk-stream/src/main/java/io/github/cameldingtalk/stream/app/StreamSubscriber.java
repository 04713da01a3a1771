package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.client.Subscription;
import java.util.Set;

/**
 * What the app's connection needs of one consumer: what it subscribes to and where its frames go. The narrow
 * seam between a consumer and the shared connection; the app never calls anything else on a consumer.
 *
 * @param name         how to name the subscriber in errors, e.g. {@code route bot-route}
 * @param subscription the topic (callbacks) or {@code EVENT *}
 * @param eventTypes   for events: the types routed here, empty for all
 * @param frames       gets the subscriber's frames on the reader thread
 */
public record StreamSubscriber(String name, Subscription subscription, Set<String> eventTypes, FrameReceiver frames) {

    public StreamSubscriber {
        eventTypes = Set.copyOf(eventTypes);
    }

    /** A subscriber of a callback topic ({@code /v1.0/im/bot/messages/get}, a card topic …). */
    public static StreamSubscriber callbacks(String name, String topic, FrameReceiver frames) {
        return new StreamSubscriber(name, Subscription.callback(topic), Set.of(), frames);
    }

    /** A subscriber of events: those of {@code eventTypes}, or all when it is empty. */
    public static StreamSubscriber events(String name, Set<String> eventTypes, FrameReceiver frames) {
        return new StreamSubscriber(name, Subscription.allEvents(), eventTypes, frames);
    }

    boolean isEvents() {
        return Subscription.EVENT.equals(subscription.type());
    }

    /** Whether both would take the same frames: DingTalk delivers each message to one connection of the app. */
    boolean overlaps(StreamSubscriber other) {
        if (isEvents() && other.isEvents()) {
            if (eventTypes.isEmpty() || other.eventTypes.isEmpty()) {
                return eventTypes.isEmpty() && other.eventTypes.isEmpty();
            }
            return eventTypes.stream().anyMatch(other.eventTypes::contains);
        }
        return subscription.equals(other.subscription);
    }

    String describe() {
        if (isEvents()) {
            return eventTypes.isEmpty() ? "events (all types)" : "events " + eventTypes;
        }
        return "topic " + subscription.topic();
    }
}
