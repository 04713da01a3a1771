package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.FrameHandler;
import io.github.cameldingtalk.stream.client.StreamClient;
import io.github.cameldingtalk.stream.client.StreamClientOptions;
import io.github.cameldingtalk.stream.client.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link StreamClient} shared by every consumer of the same app (apiUrl, clientId): it subscribes to the union
 * of their topics and hands each frame to the consumer of its topic, events by their eventTypes filter. Starting,
 * stopping, suspending or resuming a consumer changes the subscriptions make-before-break.
 */
final class DingTalkStreamConnectionManager implements FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamConnectionManager.class);

    private final String clientId;
    private final List<DingTalkStreamConsumer> consumers = new CopyOnWriteArrayList<>();
    private volatile StreamClient client;

    DingTalkStreamConnectionManager(String clientId) {
        this.clientId = clientId;
    }

    static String key(DingTalkStreamConfiguration configuration) {
        return configuration.getApiUrl() + "|" + configuration.getClientId();
    }

    /**
     * Adds a consumer; the first one opens the connections with its connection options.
     *
     * @throws IllegalStateException when another consumer of this app already takes the same frames
     */
    synchronized void register(DingTalkStreamConsumer consumer, OkHttpClient http) {
        DingTalkStreamConsumer conflict = consumers.stream().filter(other -> overlaps(other, consumer)).findFirst()
                .orElse(null);
        if (conflict != null) {
            throw new IllegalStateException("Route " + consumer.getRouteId() + " and route " + conflict.getRouteId()
                    + " both consume dingtalk-stream " + describe(consumer) + " of clientId " + clientId
                    + ". DingTalk delivers each message to one connection of the app, so one route must consume it"
                    + " (fan out inside that route, or use eventTypes filters that do not overlap).");
        }
        StreamClient current = client;
        if (current != null && !consumer.getConfiguration().getClientSecret()
                .equals(consumers.get(0).getConfiguration().getClientSecret())) {
            throw new IllegalStateException("Route " + consumer.getRouteId() + " uses another clientSecret for clientId "
                    + clientId + " than route " + consumers.get(0).getRouteId());
        }
        consumers.add(consumer);
        if (current == null) {
            client = new StreamClient(options(consumer.getConfiguration(), http).subscriptions(subscriptions()), this);
            CamelContext context = consumer.getEndpoint().getCamelContext();
            if (context.isStarted()) {
                client.start();
            } else {
                // routes of a starting context register one after the other: connect once, with all their topics
                try {
                    context.addStartupListener(new StartupListener() {
                        @Override
                        public void onCamelContextStarted(CamelContext camelContext, boolean alreadyStarted) {
                            startIfWaiting();
                        }
                    });
                } catch (Exception e) {
                    LOG.debug("Cannot wait for the context to start; connecting now: {}", e.toString());
                    client.start();
                }
            }
        } else {
            current.updateSubscriptions(subscriptions());
        }
    }

    private synchronized void startIfWaiting() {
        StreamClient current = client;
        if (current != null && !current.isRunning() && !consumers.isEmpty()) {
            current.start();
        }
    }

    /** Removes a consumer; the last one closes the connections after {@code drain} for their acks. */
    synchronized void unregister(DingTalkStreamConsumer consumer, Duration drain) {
        if (!consumers.remove(consumer)) {
            return;
        }
        StreamClient current = client;
        if (consumers.isEmpty()) {
            client = null;
            if (current != null) {
                current.stop(drain);
            }
        } else if (current != null) {
            current.updateSubscriptions(subscriptions());
        }
    }

    StreamClient client() {
        return client;
    }

    private List<Subscription> subscriptions() {
        Set<Subscription> union = new LinkedHashSet<>();
        for (DingTalkStreamConsumer consumer : consumers) {
            union.add(consumer.getTopic().subscription());
        }
        return new ArrayList<>(union);
    }

    /** On the reader thread: find the consumer, let it decide. */
    @Override
    public void onFrame(Frame frame, Acknowledger ack) {
        if (frame.isEvent()) {
            onEvent(frame, ack);
            return;
        }
        String topic = frame.topic();
        for (DingTalkStreamConsumer consumer : consumers) {
            if (consumer.getTopic().kind() != DingTalkStreamTopic.Kind.EVENTS && consumer.getTopic().topic().equals(topic)) {
                consumer.onFrame(frame, ack);
                return;
            }
        }
        // a topic being unsubscribed: leave it unacked so that DingTalk delivers it again
        LOG.debug("No route consumes topic {} any more; message {} handed back", topic, frame.messageId());
        ack.skip();
    }

    private void onEvent(Frame frame, Acknowledger ack) {
        String eventType = frame.header("eventType");
        DingTalkStreamConsumer catchAll = null;
        boolean anyEventConsumer = false;
        for (DingTalkStreamConsumer consumer : consumers) {
            if (consumer.getTopic().kind() != DingTalkStreamTopic.Kind.EVENTS) {
                continue;
            }
            anyEventConsumer = true;
            Set<String> types = consumer.getEventTypes();
            if (types.isEmpty()) {
                catchAll = consumer;
            } else if (types.contains(eventType)) {
                consumer.onFrame(frame, ack);
                return;
            }
        }
        if (catchAll != null) {
            catchAll.onFrame(frame, ack);
        } else if (anyEventConsumer) {
            // the app gets every event ticked in the console; the routes asked only for others
            ack.ack(200, "OK", ExchangeToAck.EVENT_SUCCESS.data());
        } else {
            ack.ack(200, "OK", ExchangeToAck.later("no route consumes events").data());
        }
    }

    private static boolean overlaps(DingTalkStreamConsumer a, DingTalkStreamConsumer b) {
        if (a.getTopic().kind() == DingTalkStreamTopic.Kind.EVENTS && b.getTopic().kind() == DingTalkStreamTopic.Kind.EVENTS) {
            Set<String> typesA = a.getEventTypes();
            Set<String> typesB = b.getEventTypes();
            if (typesA.isEmpty() || typesB.isEmpty()) {
                return typesA.isEmpty() && typesB.isEmpty();
            }
            return typesA.stream().anyMatch(typesB::contains);
        }
        return a.getTopic().equals(b.getTopic());
    }

    private static String describe(DingTalkStreamConsumer consumer) {
        DingTalkStreamTopic topic = consumer.getTopic();
        if (topic.kind() == DingTalkStreamTopic.Kind.EVENTS) {
            return consumer.getEventTypes().isEmpty() ? "events (all types)" : "events " + consumer.getEventTypes();
        }
        return "topic " + topic.topic();
    }

    private static StreamClientOptions options(DingTalkStreamConfiguration configuration, OkHttpClient http) {
        return new StreamClientOptions()
                .apiUrl(configuration.getApiUrl())
                .credentials(configuration.getClientId(), configuration.getClientSecret())
                .reconnectInitialDelay(Duration.ofMillis(configuration.getReconnectInitialDelay()))
                .reconnectMaxDelay(Duration.ofMillis(configuration.getReconnectMaxDelay()))
                .pingInterval(Duration.ofMillis(configuration.getPingInterval()))
                .connections(configuration.getConnections())
                .connectionTtl(Duration.ofMillis(configuration.getConnectionTtl()))
                .httpClient(http);
    }
}
