package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.FrameCodec;
import io.github.cameldingtalk.stream.client.FrameHandler;
import io.github.cameldingtalk.stream.client.StreamClient;
import io.github.cameldingtalk.stream.client.StreamClientOptions;
import io.github.cameldingtalk.stream.client.Subscription;
import io.github.cameldingtalk.stream.openapi.AiCardScheduler;
import io.github.cameldingtalk.stream.openapi.CardCalls;
import io.github.cameldingtalk.stream.openapi.OpenApiClient;
import io.github.cameldingtalk.stream.openapi.OutboundHttp;
import io.github.cameldingtalk.stream.openapi.RateLimiter;
import io.github.cameldingtalk.stream.openapi.RetryPolicy;
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
 * the app, and its OpenAPI client (access token, rate limit), shared by every producer. The connection subscribes to the union of their topics and hands each frame to the subscriber of its
 * topic (events by their eventTypes filter); subscribing and leaving change the subscriptions make-before-break.
 * The first subscriber's {@link ConnectionSettings} shape the connection; a later one that disagrees is refused,
 * naming both. Data flows one way: subscribers hold a {@link Registration}; the app never calls back into them
 * except through their {@link FrameHandler}.
 */
public final class DingTalkApp implements FrameHandler {

    /** How long a connection that goes away waits for the acks of its frames in flight. */
    public static final Duration DRAIN = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkApp.class);

    private final String apiUrl;
    private final String clientId;
    private final ScheduledExecutorService scheduler;
    private final List<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile StreamClient client;
    /** The last client that was told to stop, so that {@link #stop()} can close what it still holds. */
    private StreamClient stopping;
    private ConnectionSettings settings;
    private String settingsOwner;
    private OpenApiClient openApi;
    private String openApiSecret;
    private AiCardScheduler aiCards;
    private double callsPerSecond;

    /** @param scheduler a single-threaded scheduler for the connection's changes, owned by the caller */
    public DingTalkApp(String apiUrl, String clientId, ScheduledExecutorService scheduler) {
        this.apiUrl = apiUrl;
        this.clientId = clientId;
        this.scheduler = scheduler;
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
     * The app's OpenAPI client, shared by every producer (and consumer) of the app: one access token, one rate limit
     * per API. The first caller's HTTP client, limit and retry policy make it.
     *
     * @throws IllegalStateException when another clientSecret is used for the same app
     */
    public synchronized OpenApiClient openApi(String clientSecret, OutboundHttp http, double callsPerSecond,
            RetryPolicy retry) {
        if (openApi == null) {
            openApiSecret = clientSecret;
            openApi = new OpenApiClient(http, apiUrl, clientId, clientSecret, new RateLimiter(callsPerSecond, scheduler),
                    retry, scheduler);
            this.callsPerSecond = callsPerSecond;
        } else if (!openApiSecret.equals(clientSecret)) {
            throw new IllegalStateException("Two clientSecrets are used for clientId " + clientId + " at " + apiUrl);
        }
        return openApi;
    }

    /**
     * The scheduler of the app's live AI cards: one budget for their streaming frames, shared fairly. Made with the
     * app's OpenAPI client (call {@link #openApi} first).
     */
    public synchronized AiCardScheduler aiCards() {
        if (openApi == null) {
            throw new IllegalStateException("the OpenAPI client of " + clientId + " is not made yet");
        }
        if (aiCards == null) {
            aiCards = new AiCardScheduler(openApi, new CardCalls(openApi, clientId), scheduler, callsPerSecond);
        }
        return aiCards;
    }

    /** What the app's AI cards went through so far (for metrics and health). */
    public synchronized AiCardFigures aiCardFigures() {
        AiCardScheduler scheduler = aiCards;
        return scheduler == null ? AiCardFigures.NONE : new AiCardFigures(scheduler.liveCards(),
                scheduler.updatesSent(), scheduler.textsCoalesced(), scheduler.qpsLimitAnswers());
    }

    /** The current connection, null while nobody subscribes. */
    public StreamClient client() {
        return client;
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
                subscriber.frames().onFrame(frame, ack);
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
                subscriber.frames().onFrame(frame, ack);
                return;
            }
        }
        if (catchAll != null) {
            catchAll.frames().onFrame(frame, ack);
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
                .httpClient(wanted.okHttpClient())
                .scheduler(scheduler)
                .stateListener((state, failure) -> LOG.debug("DingTalk Stream client for {} is {}", clientId, state));
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
