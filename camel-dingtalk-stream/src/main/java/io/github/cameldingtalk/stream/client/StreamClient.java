package io.github.cameldingtalk.stream.client;

import io.github.cameldingtalk.stream.model.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DingTalk's Stream connections for one app: the open call, the WebSockets, SYSTEM frames (ping echoed at
 * once, disconnect handled make-before-break), reconnects with backoff that never give up while started,
 * subscription changes and connection rotation without a gap, and a graceful stop. What arrives on a socket is
 * read by its {@link FrameReader}; EVENT and CALLBACK frames go on to the {@link FrameHandler}.
 *
 * <p>Every change of the connection set happens on one thread, the scheduler's (OkHttp's callbacks hop onto it),
 * so the bookkeeping needs no locks; the reader threads only decode, answer pings and hand frames on.
 *
 * <p>A connection that must go away (disconnect, new subscriptions, age, stop) is <em>retired</em>: it takes no
 * new work, frames still arriving on it are processed, and it closes once its acks are out and a replacement is
 * up, or after the drain timeout.
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
    private final FrameReader reader;
    private final OkHttpClient webSocketHttp;
    private final OpenConnectionApi openApi;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final Backoff backoff;
    private final List<StreamConnection> connections = new CopyOnWriteArrayList<>();
    private final Map<ReconnectReason, AtomicLong> reconnects = new ConcurrentHashMap<>();
    // only touched on the scheduler's thread
    private int connecting;
    private int connectionSequence;
    private int generation;
    private boolean everConnected;
    private List<Subscription> subscriptions;
    private List<Subscription> pendingSubscriptions;
    private volatile boolean running;
    private volatile State state = State.STOPPED;
    private volatile Exception lastFailure;

    public StreamClient(StreamClientOptions options, FrameHandler handler) {
        if (options.clientId() == null || options.clientSecret() == null) {
            throw new IllegalArgumentException("clientId and clientSecret are required");
        }
        this.options = options;
        this.reader = new FrameReader(handler, () -> running, this::disconnectRequested);
        this.subscriptions = options.subscriptions();
        OkHttpClient base = options.httpClient() != null ? options.httpClient() : new OkHttpClient();
        this.openApi = new OpenConnectionApi(options, base.newBuilder()
                .connectTimeout(options.openTimeout()).readTimeout(options.openTimeout())
                .writeTimeout(options.openTimeout()).callTimeout(options.openTimeout().multipliedBy(2)).build());
        this.webSocketHttp = base.newBuilder()
                .socketFactory(new NoDelaySocketFactory(base.socketFactory()))
                .connectTimeout(options.openTimeout()).readTimeout(Duration.ZERO)
                .pingInterval(options.pingInterval()).build();
        this.ownScheduler = options.scheduler() == null;
        this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dingtalk-stream-" + options.clientId());
            thread.setDaemon(true);
            return thread;
        }) : options.scheduler();
        this.backoff = new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay());
    }

    /** Opens the connection(s) in the background; failures are retried until {@link #stop}. */
    public void start() {
        start(null);
    }

    /** Starts with these subscriptions (instead of the options' or the last ones). */
    public void start(List<Subscription> initialSubscriptions) {
        List<Subscription> wanted = initialSubscriptions == null ? null : List.copyOf(initialSubscriptions);
        running = true;
        onLoop(() -> {
            if (wanted != null && !wanted.equals(subscriptions)) {
                subscriptions = wanted;
                generation++;
            }
            ensureConnections(Duration.ZERO, null);
            publishState();
        });
    }

    /**
     * Changes what the connections subscribe to: new connections with the new set are opened first, then the old
     * ones are retired, so no message is lost in the switch. Changes coming together (routes starting or stopping
     * one after the other, a context shutting down) are applied once, after {@link #RESUBSCRIBE_DELAY}.
     */
    public void updateSubscriptions(List<Subscription> newSubscriptions) {
        List<Subscription> wanted = List.copyOf(newSubscriptions);
        onLoop(() -> {
            boolean scheduled = pendingSubscriptions != null;
            pendingSubscriptions = wanted;
            if (!scheduled) {
                schedule(this::resubscribe, RESUBSCRIBE_DELAY);
            }
        });
    }

    private void resubscribe() {
        List<Subscription> wanted = pendingSubscriptions;
        pendingSubscriptions = null;
        if (wanted == null || wanted.equals(subscriptions)) {
            return;
        }
        LOG.info("DingTalk Stream subscriptions for {} change to {}", options.clientId(), wanted);
        subscriptions = wanted;
        generation++;
        if (running) {
            connections.forEach(this::retire);
            ensureConnections(Duration.ZERO, ReconnectReason.SUBSCRIPTIONS_CHANGED);
        }
    }

    /**
     * Stops taking new frames (from now on they are handed back) and closes each connection as soon as the acks of
     * its frames in flight are out, or after {@code drain} at the latest. Returns at once.
     */
    public void stop(Duration drain) {
        running = false;
        onLoop(() -> {
            connections.forEach(connection -> retire(connection, drain));
            publishState();
            if (ownScheduler) {
                // after the last forced close
                scheduler.schedule(scheduler::shutdown, drain.plus(options.drainTimeout()).toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Closes every connection now, from the caller's thread: for when the scheduler is going away too (the frames in
     * flight must be done by then, or DingTalk delivers them again).
     */
    public void closeNow() {
        running = false;
        connections.forEach(connection -> connection.close("client stopped"));
    }

    /** Runs a change of the connection set on the scheduler's thread. */
    private void onLoop(Runnable change) {
        try {
            scheduler.execute(() -> {
                try {
                    change.run();
                } catch (RuntimeException e) {
                    LOG.warn("DingTalk Stream client for {} failed to update its connections: {}", options.clientId(),
                            e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("DingTalk Stream client for {} is shut down; change skipped", options.clientId());
        }
    }

    /** Opens connections until {@code connections} of them take work (counting those being opened). */
    private void ensureConnections(Duration delay, ReconnectReason reason) {
        long working = connections.stream().filter(c -> !c.isDraining()).count() + connecting;
        for (long i = working; i < options.connections(); i++) {
            if (reason != null) {
                count(reason);
            }
            connecting++;
            schedule(this::connect, delay);
        }
    }

    /** The open call, then the WebSocket; {@link #connecting} stays counted until the socket opens or fails. */
    private void connect() {
        if (!running) {
            connecting--;
            return;
        }
        int openedGeneration = generation;
        openApi.open(subscriptions, new OpenConnectionApi.Answer() {
            @Override
            public void granted(OpenConnectionApi.Ticket grant) {
                onLoop(() -> openWebSocket(grant, openedGeneration));
            }

            @Override
            public void failed(OpenConnectionException failure) {
                onLoop(() -> {
                    connecting--;
                    connectFailed(failure);
                });
            }
        });
    }

    private void openWebSocket(OpenConnectionApi.Ticket grant, int openedGeneration) {
        if (!running) {
            connecting--; // stopped while the open call was made: the grant expires unused
            return;
        }
        StreamConnection connection = new StreamConnection(this, "c" + ++connectionSequence, openedGeneration);
        String endpoint = grant.endpoint(); // only the endpoint is logged: the WebSocket URL carries the secret part
        LOG.debug("Opening Stream WebSocket {} to {}", connection.localId(), endpoint);
        connections.add(connection);
        connection.attach(webSocketHttp.newWebSocket(new Request.Builder().url(grant.webSocketUrl()).build(),
                connection));
    }

    private void connectFailed(Exception error) {
        String message = error.getMessage();
        Exception previous = lastFailure;
        lastFailure = error;
        Duration retryIn = backoff.next();
        if (previous == null || !message.equals(previous.getMessage())) {
            LOG.warn("DingTalk Stream connection for {} failed: {}; retrying in {} ms and then with backoff",
                    options.clientId(), message, retryIn.toMillis());
        } else {
            LOG.debug("DingTalk Stream connection for {} failed again: {}; retrying in {} ms", options.clientId(),
                    message, retryIn.toMillis());
        }
        if (running) {
            count(ReconnectReason.CONNECT_FAILED);
            connecting++;
            schedule(this::connect, retryIn);
        }
        publishState();
    }

    void connectionOpened(StreamConnection connection) {
        onLoop(() -> {
            connecting--;
            backoff.reset();
            lastFailure = null;
            everConnected = true;
            LOG.info("DingTalk Stream connected for {} ({})", options.clientId(), connection.localId());
            if (!running || connection.generation() != generation) {
                // opened with a subscription set that has changed meanwhile (or while stopping): replace it too
                retire(connection);
                if (running) {
                    ensureConnections(Duration.ZERO, ReconnectReason.SUBSCRIPTIONS_CHANGED);
                }
            }
            Duration ttl = options.connectionTtl();
            if (ttl != null && !ttl.isZero() && !ttl.isNegative()) {
                schedule(() -> rotate(connection), ttl);
            }
            connections.forEach(this::retireIfDone);
            publishState();
        });
    }

    private void rotate(StreamConnection connection) {
        if (running && connection.takesWork()) {
            LOG.info("DingTalk Stream connection {} reached its TTL of {}; replacing it", connection,
                    options.connectionTtl());
            retire(connection);
            ensureConnections(Duration.ZERO, ReconnectReason.TTL);
        }
    }

    /**
     * The one way a connection goes away on our side: it takes no new work, closes once its acks are out and a
     * replacement is open ({@link #retireIfDone}), and after {@code timeout} at the latest.
     */
    private void retire(StreamConnection connection, Duration timeout) {
        boolean first = !connection.isDraining();
        connection.drain();
        retireIfDone(connection);
        if (first) {
            schedule(() -> connection.close("drain timeout"), timeout);
        }
    }

    private void retire(StreamConnection connection) {
        retire(connection, options.drainTimeout());
    }

    /**
     * Closes a draining connection once its in-flight frames are acked and, while running, a replacement is open:
     * make-before-break, so there is never a moment without a connection taking work.
     */
    private void retireIfDone(StreamConnection connection) {
        if (connection.isDraining() && connection.inFlight() == 0 && (!running || connectedCount() > 0)) {
            connection.close("retired");
        }
    }

    /** From any thread: the last frame of a draining connection was acked. */
    void lastFrameDone(StreamConnection connection) {
        onLoop(() -> retireIfDone(connection));
    }

    void connectionEnded(StreamConnection connection, boolean wasOpen, String reason, Throwable failure) {
        onLoop(() -> {
            connections.remove(connection);
            if (!wasOpen) {
                connecting--;
                connectFailed(new OpenConnectionException("WebSocket to DingTalk failed: " + reason, failure));
                return;
            }
            if (connection.isDraining()) {
                LOG.debug("DingTalk Stream connection {} closed after draining: {}", connection, reason);
            } else {
                LOG.info("DingTalk Stream connection {} lost: {}", connection, reason);
                lastFailure = new OpenConnectionException("connection lost: " + reason, failure);
                if (running) {
                    ensureConnections(backoff.next(), ReconnectReason.CONNECTION_LOST);
                }
            }
            publishState();
        });
    }

    /** A SYSTEM disconnect (reader thread): replace the connection make-before-break. */
    private void disconnectRequested(StreamConnection connection) {
        onLoop(() -> {
            retire(connection);
            if (running) {
                ensureConnections(Duration.ZERO, ReconnectReason.DISCONNECT);
            }
        });
    }

    FrameReader reader() {
        return reader;
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("DingTalk Stream client for {} is shut down; task skipped", options.clientId());
        }
    }

    private void count(ReconnectReason reason) {
        reconnects.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    private void publishState() {
        State next = !running ? State.STOPPED
                : connectedCount() > 0 ? State.CONNECTED
                : everConnected || lastFailure != null ? State.RECONNECTING : State.CONNECTING;
        if (next != state) {
            state = next;
            StateListener listener = options.stateListener();
            if (listener != null) {
                listener.stateChanged(next, next == State.CONNECTED ? null : lastFailure);
            }
        }
    }

    public State state() {
        return state;
    }

    public boolean isRunning() {
        return running;
    }

    /** Connections open and taking frames. */
    public int connectedCount() {
        return (int) connections.stream().filter(StreamConnection::takesWork).count();
    }

    /** Why the client is not connected: the last connect failure or connection loss; null once connected. */
    public Exception lastFailure() {
        return lastFailure;
    }

    /** When the last frame arrived, null before the first. */
    public Instant lastFrameAt() {
        return reader.lastFrameAt();
    }

    /** New connections opened to replace or restore others, by reason. */
    public Map<ReconnectReason, Long> reconnectsByReason() {
        Map<ReconnectReason, Long> counts = new EnumMap<>(ReconnectReason.class);
        reconnects.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    public long reconnects() {
        return reconnects.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long malformedFrames() {
        return reader.malformedFrames();
    }

    public StreamClientOptions options() {
        return options;
    }
}
