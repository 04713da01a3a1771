package io.github.cameldingtalk.stream.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DingTalk's Stream connections for one app: the open call, the WebSockets, SYSTEM frames (ping echoed at
 * once, disconnect handled make-before-break), reconnects with backoff that never give up while started,
 * subscription changes and connection rotation without a gap, and a graceful stop. What arrives on a socket is
 * read by its {@link FrameReader}; EVENT and CALLBACK frames go on to the {@link FrameHandler}.
 *
 * <p>Every change of the connection set ({@link ConnectionSet}) happens on one thread, the {@link ClientLoop}'s
 * (OkHttp's callbacks hop onto it), so the bookkeeping needs no locks; the reader threads only decode, answer pings
 * and hand frames on. Data flows one way: the client drives the set, the set drives its connections, and a
 * connection reports back only through its listener.
 */
public final class StreamClient {

    /** Where the client is; changes are told to the {@link StreamClientOptions#stateListener}. */
    public enum State {
        /** Not started, or stopped. */
        STOPPED,
        /** Started, no connection opened yet. */
        CONNECTING,
        /** At least one connection takes frames. */
        CONNECTED,
        /** Started, was connected or failed to connect, retrying with backoff. */
        RECONNECTING
    }

    /** Why a new connection was opened, as counted by {@link #reconnectsByReason()}. */
    public enum ReconnectReason { DISCONNECT, CONNECTION_LOST, CONNECT_FAILED, SUBSCRIPTIONS_CHANGED, TTL }

    /** Told of every change of {@link State}, on the client's thread; never block in it. */
    @FunctionalInterface
    public interface StateListener {
        /** @param failure why the client is not connected (an {@link OpenConnectionException} or a loss), or null */
        void stateChanged(State state, Exception failure);
    }

    /** How long subscription changes are gathered before they are applied. */
    static final Duration RESUBSCRIBE_DELAY = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(StreamClient.class);

    private final StreamClientOptions options;
    private final ClientLoop loop;
    private final ClientHealth health;
    private final ConnectionSet connections;
    // only touched on the loop's thread
    private List<Subscription> pendingSubscriptions;

    public StreamClient(StreamClientOptions options, FrameHandler handler) {
        if (options.clientId() == null || options.clientSecret() == null) {
            throw new IllegalArgumentException("clientId and clientSecret are required");
        }
        this.options = options;
        this.loop = new ClientLoop(options.clientId(), options.scheduler());
        this.health = new ClientHealth(options.stateListener());
        this.connections = new ConnectionSet(options, handler, loop, health);
    }

    /** Opens the connection(s) in the background; failures are retried until {@link #stop}. */
    public void start() {
        start(null);
    }

    /** Starts with these subscriptions (instead of the options' or the last ones). */
    public void start(List<Subscription> initialSubscriptions) {
        List<Subscription> wanted = initialSubscriptions == null ? null : List.copyOf(initialSubscriptions);
        connections.running();
        loop.run(() -> connections.start(wanted));
    }

    /**
     * Changes what the connections subscribe to: new connections with the new set are opened first, then the old
     * ones are retired, so no message is lost in the switch. Changes coming together (routes starting or stopping
     * one after the other, a context shutting down) are applied once, after {@link #RESUBSCRIBE_DELAY}.
     */
    public void updateSubscriptions(List<Subscription> newSubscriptions) {
        List<Subscription> wanted = List.copyOf(newSubscriptions);
        loop.run(() -> {
            boolean scheduled = pendingSubscriptions != null;
            pendingSubscriptions = wanted;
            if (!scheduled) {
                loop.schedule(this::resubscribe, RESUBSCRIBE_DELAY);
            }
        });
    }

    private void resubscribe() {
        List<Subscription> wanted = pendingSubscriptions;
        pendingSubscriptions = null;
        if (wanted != null) {
            connections.resubscribe(wanted);
        }
    }

    /**
     * Stops taking new frames (from now on they are handed back) and closes each connection as soon as the acks of
     * its frames in flight are out, or after {@code drain} at the latest. Returns at once.
     */
    public void stop(Duration drain) {
        connections.stopTaking();
        loop.run(() -> {
            connections.stop(drain);
            loop.shutdownAfter(drain.plus(options.drainTimeout())); // after the last forced close
        });
    }

    /**
     * Closes every connection now, from the caller's thread: for when the scheduler is going away too (the frames in
     * flight must be done by then, or DingTalk delivers them again).
     */
    public void closeNow() {
        connections.closeNow();
    }

    public State state() {
        return health.state();
    }

    public boolean isRunning() {
        return connections.isRunning();
    }

    /** Connections open and taking frames. */
    public int connectedCount() {
        return connections.connectedCount();
    }

    /** Why the client is not connected: the last connect failure or connection loss; null once connected. */
    public Exception lastFailure() {
        return health.lastFailure();
    }

    /** When the last frame arrived, null before the first. */
    public Instant lastFrameAt() {
        return connections.reader().lastFrameAt();
    }

    /** New connections opened to replace or restore others, by reason. */
    public Map<ReconnectReason, Long> reconnectsByReason() {
        return health.reconnectsByReason();
    }

    public long malformedFrames() {
        return connections.reader().malformedFrames();
    }

    public StreamClientOptions options() {
        return options;
    }
}
