package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.FrameCodec;
import io.github.cameldingtalk.stream.client.FrameHandler;
import io.github.cameldingtalk.stream.client.StreamClient;
import io.github.cameldingtalk.stream.client.StreamClientOptions;
import io.github.cameldingtalk.stream.client.Subscription;
import io.github.cameldingtalk.stream.openapi.OutboundHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DingTalk app (apiUrl, clientId) inside a component: its Stream connection, shared by every subscriber of
 * the app, and what goes out of it (OpenAPI client, replies, AI cards), shared by every consumer and producer. The
 * connection subscribes to the union of their topics and hands each frame to the subscriber of its topic (events by
 * their eventTypes filter); subscribing and leaving change the subscriptions make-before-break. The first
 * subscriber's {@link ConnectionSettings} shape the connection; a later one that disagrees is refused, naming both.
 * Consumers and producers get narrow handles ({@link Registration}, {@link ReplySender}, {@link AiCardStreams},
 * {@link OpenApiOperations}, {@link ConnectionStatus}); the app never calls back into them except through their
 * {@link FrameReceiver}.
 */
public final class DingTalkApp implements FrameHandler {

    /** How long a connection that goes away waits for the acks of its frames in flight. */
    public static final Duration DRAIN = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkApp.class);

    private final String apiUrl;
    private final String clientId;
    private final ScheduledExecutorService scheduler;
    private final DingTalkApps apps;
    private final List<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile StreamClient client;
    /** The last client that was told to stop, so that {@link #stop()} can close what it still holds. */
    private StreamClient stopping;
    private ConnectionSettings settings;
    private String settingsOwner;
    private AppOutbound outbound;

    /** @param scheduler a single-threaded scheduler for the connection's changes and the outbound calls */
    DingTalkApp(String apiUrl, String clientId, ScheduledExecutorService scheduler, DingTalkApps apps) {
        this.apiUrl = apiUrl;
        this.clientId = clientId;
        this.scheduler = scheduler;
        this.apps = apps;
    }

    /**
     * Adds a subscriber. With {@code connectNow} the connection opens (or resubscribes) at once; otherwise it waits
     * for {@link #connect()}, so that routes starting together connect once with all their topics.
     *
     * @throws IllegalStateException when another subscriber takes the same frames or the settings disagree
     */
    public synchronized Registration register(StreamSubscriber subscriber, ConnectionSettings wanted,
            boolean connectNow) {
        for (StreamSubscriber other : subscribers) {
            if (other.overlaps(subscriber)) {
                throw new IllegalStateException(capitalised(subscriber.name()) + " and " + other.name()
                        + " both consume dingtalk-stream " + subscriber.describe() + " of clientId " + clientId
                        + ". DingTalk delivers each message to one connection of the app, so one route must consume"
                        + " it (fan out inside that route, or use eventTypes filters that do not overlap).");
            }
        }
        if (!subscribers.isEmpty()) {
            String difference = settings.difference(wanted);
            if (difference != null) {
                throw new IllegalStateException(capitalised(subscriber.name()) + " and " + settingsOwner
                        + " share the Stream connection of clientId " + clientId + " but disagree on it ("
                        + difference + "). Set connection options once, on the component"
                        + " (camel.component.dingtalk-stream.*), or the same on every route of the app.");
            }
        }
        subscribers.add(subscriber);
        if (client == null) {
            settings = wanted;
            settingsOwner = subscriber.name();
            client = new StreamClient(options(wanted).subscriptions(subscriptions()), this);
            if (connectNow) {
                client.start();
            }
        } else if (client.isRunning()) {
            client.updateSubscriptions(subscriptions());
        } else if (connectNow) {
            client.start(subscriptions());
        }
        return new Registration(this, subscriber);
    }

    /** Opens the connection of subscribers that registered without {@code connectNow}. */
    public synchronized void connect() {
        StreamClient current = client;
        if (current != null && !current.isRunning() && !subscribers.isEmpty()) {
            current.start(subscriptions());
        }
    }

    /** Removes a subscriber; the last one closes the connection once its acks are out (within {@code drain}). */
    synchronized void unregister(StreamSubscriber subscriber, Duration drain) {
        if (!subscribers.remove(subscriber)) {
            return;
        }
        StreamClient current = client;
        if (subscribers.isEmpty()) {
            client = null;
            if (current != null) {
                stopping = current;
                current.stop(drain);
            }
        } else {
            if (subscriber.name().equals(settingsOwner)) {
                settingsOwner = subscribers.get(0).name(); // name a route that is still there in later conflicts
            }
            if (current != null) {
                current.updateSubscriptions(subscriptions());
            }
        }
    }

    /** When the component stops: every subscriber has left already; close whatever is left at once. */
    public synchronized void stop() {
        for (StreamClient left : new StreamClient[] {client, stopping}) {
            if (left != null) {
                left.closeNow();
            }
        }
        client = null;
        stopping = null;
        subscribers.clear();
    }

    /**
     * The OpenAPI operations of a producer: one access token and one rate limit per API for the whole app, made with
     * the first caller's settings.
     *
     * @throws IllegalStateException when another clientSecret is used for the same app
     */
    public OpenApiOperations operations(OutboundSettings settings, String robotCode) {
        return outbound(settings).operations(robotCode);
    }

    /** Streams a consumer's answers into AI cards, on the app's one card scheduler (one budget, shared fairly). */
    public AiCardStreams aiCardStreams(AiCardSettings cards, OutboundSettings settings) {
        return outbound(settings).aiCardStreams(cards);
    }

    /**
     * Answers a consumer's bot messages: sessionWebhook posts on a dispatcher of {@code slots} calls (with the
     * component's own client), retried on {@code scheduler}; an expired webhook falls back to the app's OpenAPI.
     */
    public ReplySender replySender(ReplySettings replies, OutboundSettings settings, ScheduledExecutorService retries) {
        OutboundHttp http = apps.outbound(settings.okHttpClient());
        if (http.queuesReplies(replies.slots())) {
            LOG.warn("The OkHttpClient given to dingtalk-stream for clientId {} runs {} calls per host at most, fewer"
                    + " than maxConcurrency {}: replies will wait for each other (raise its Dispatcher's"
                    + " maxRequestsPerHost and maxRequests)", clientId,
                    settings.okHttpClient().dispatcher().getMaxRequestsPerHost(), replies.slots());
        }
        return AppOutbound.replySender(http, replies, retries, () -> outbound(settings));
    }

    private synchronized AppOutbound outbound(OutboundSettings settings) {
        if (outbound == null) {
            outbound = new AppOutbound(apps.outbound(settings.okHttpClient()), apiUrl, clientId, settings, scheduler);
        } else if (!outbound.madeWith(settings)) {
            throw new IllegalStateException("Two clientSecrets are used for clientId " + clientId + " at " + apiUrl);
        }
        return outbound;
    }

    /** What the app's AI cards went through so far (for metrics and health). */
    public synchronized AiCardFigures aiCardFigures() {
        return outbound == null ? AiCardFigures.NONE : outbound.aiCardFigures();
    }

    /** The Stream connection now; null while nobody subscribes. */
    public ConnectionStatus status() {
        StreamClient current = client;
        return current == null ? null : ConnectionStatus.of(current);
    }

    public String clientId() {
        return clientId;
    }

    private List<Subscription> subscriptions() {
        Set<Subscription> union = new LinkedHashSet<>();
        subscribers.forEach(s -> union.add(s.subscription()));
        return new ArrayList<>(union);
    }

    /** On the reader thread: find the subscriber, let it decide. */
    @Override
    public void onFrame(Frame frame, Acknowledger ack) {
        if (frame.isEvent()) {
            onEvent(frame, ack);
            return;
        }
        for (StreamSubscriber subscriber : subscribers) {
            if (!subscriber.isEvents() && subscriber.subscription().topic().equals(frame.topic())) {
                subscriber.frames().onFrame(new InboundFrame(frame, ack));
                return;
            }
        }
        LOG.debug("No route consumes topic {} any more; message {} handed back", frame.topic(), frame.messageId());
        ack.handBack("no route consumes " + frame.topic());
    }

    /** An event without eventType goes to the route that takes every event (none names it). */
    private void onEvent(Frame frame, Acknowledger ack) {
        String eventType = frame.header("eventType");
        StreamSubscriber catchAll = null;
        boolean anyEventSubscriber = false;
        for (StreamSubscriber subscriber : subscribers) {
            if (!subscriber.isEvents()) {
                continue;
            }
            anyEventSubscriber = true;
            if (subscriber.eventTypes().isEmpty()) {
                catchAll = subscriber;
            } else if (eventType != null && subscriber.eventTypes().contains(eventType)) {
                subscriber.frames().onFrame(new InboundFrame(frame, ack));
                return;
            }
        }
        if (catchAll != null) {
            catchAll.frames().onFrame(new InboundFrame(frame, ack));
        } else if (anyEventSubscriber) {
            // the app gets every event ticked in the console; the routes asked only for others
            ack.ack(200, "OK", FrameCodec.eventStatus(FrameCodec.SUCCESS, "not routed"));
        } else {
            ack.handBack("no route consumes events");
        }
    }

    private StreamClientOptions options(ConnectionSettings wanted) {
        return new StreamClientOptions()
                .apiUrl(apiUrl)
                .credentials(clientId, wanted.clientSecret())
                .reconnectInitialDelay(wanted.reconnectInitialDelay())
                .reconnectMaxDelay(wanted.reconnectMaxDelay())
                .pingInterval(wanted.pingInterval())
                .connections(wanted.connections())
                .connectionTtl(wanted.connectionTtl())
                .drainTimeout(DRAIN)
                .httpClient(apps.http(wanted.okHttpClient()))
                .scheduler(scheduler)
                .stateListener((state, failure) -> LOG.debug("DingTalk Stream client for {} is {}", clientId, state));
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
