package io.github.cameldingtalk.stream.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DingTalk's Stream connections for one app: the open call, the WebSockets, SYSTEM frames (ping echoed at
 * once, disconnect handled make-before-break), reconnects with backoff that never give up while started,
 * subscription changes and connection rotation without a gap, and a graceful stop. EVENT and CALLBACK frames go
 * to the {@link FrameHandler}.
 *
 * <p>A connection that must go away (disconnect, new subscriptions, age) is <em>draining</em>: a replacement is
 * opened first, frames still arriving on it are processed, and it is closed once its acks are out and the
 * replacement is up.
 */
public final class StreamClient {

    /** Why a new connection was opened, as counted by {@link #reconnectsByReason()}. */
    public enum ReconnectReason { DISCONNECT, CONNECTION_LOST, CONNECT_FAILED, SUBSCRIPTIONS_CHANGED, TTL }

    private static final Logger LOG = LoggerFactory.getLogger(StreamClient.class);

    private final StreamClientOptions options;
    private final FrameHandler handler;
    private final OkHttpClient webSocketHttp;
    private final OpenConnectionApi openApi;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final Backoff backoff;
    private final List<StreamConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger connecting = new AtomicInteger();
    private final AtomicInteger connectionSequence = new AtomicInteger();
    private final Map<ReconnectReason, AtomicLong> reconnects = new ConcurrentHashMap<>();
    private final AtomicLong malformedFrames = new AtomicLong();
    private volatile List<Subscription> subscriptions;
    private volatile int generation;
    private volatile boolean running;
    private volatile String lastError;
    private volatile long lastFrameMillis;

    public StreamClient(StreamClientOptions options, FrameHandler handler) {
        if (options.clientId() == null || options.clientSecret() == null) {
            throw new IllegalArgumentException("clientId and clientSecret are required");
        }
        this.options = options;
        this.handler = handler;
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
            Thread thread = new Thread(runnable, "dingtalk-stream-connect-" + options.clientId());
            thread.setDaemon(true);
            return thread;
        }) : options.scheduler();
        this.backoff = new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay());
    }

    /** Opens the connection(s) in the background; failures are retried until {@link #stop}. */
    public void start() {
        running = true;
        ensureConnections(Duration.ZERO, null);
    }

    /**
     * Changes what the connections subscribe to: new connections with the new set are opened first, then the old
     * ones are retired, so no message is lost in the switch.
     */
    public synchronized void updateSubscriptions(List<Subscription> newSubscriptions) {
        if (newSubscriptions.equals(subscriptions)) {
            return;
        }
        LOG.info("DingTalk Stream subscriptions for {} change to {}", options.clientId(), newSubscriptions);
        subscriptions = List.copyOf(newSubscriptions);
        generation++;
        for (StreamConnection connection : connections) {
            retire(connection);
        }
        if (running) {
            ensureConnections(Duration.ZERO, ReconnectReason.SUBSCRIPTIONS_CHANGED);
        }
    }

    /**
     * Stops taking new frames and closes each connection as soon as the acks of its frames in flight are out, or
     * after {@code drain} at the latest. Returns at once. Frames arriving meanwhile are not dispatched: events are
     * acked LATER, callbacks left unacked, so DingTalk delivers them again (to another instance if there is one).
     */
    public void stop(Duration drain) {
        running = false;
        for (StreamConnection connection : connections) {
            retire(connection, drain);
        }
        if (ownScheduler) {
            // after the last forced close (and one that a connection still being opened may need)
            scheduler.schedule(scheduler::shutdown, drain.plus(options.drainTimeout()).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Opens connections until {@code connections} of them take work (counting those being opened). */
    private synchronized void ensureConnections(Duration delay, ReconnectReason reason) {
        long working = connections.stream().filter(c -> !c.isDraining()).count() + connecting.get();
        for (long i = working; i < options.connections(); i++) {
            if (reason != null) {
                count(reason);
            }
            scheduleConnect(delay);
        }
    }

    private void scheduleConnect(Duration delay) {
        connecting.incrementAndGet();
        try {
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            connecting.decrementAndGet();
            LOG.debug("Connect not scheduled: {}", e.toString());
        }
    }

    /** Runs on the scheduler: open call, then the WebSocket; {@link #connecting} stays counted until it ends. */
    private void connect() {
        if (!running) {
            connecting.decrementAndGet();
            return;
        }
        int openedGeneration = generation;
        OpenConnectionApi.Ticket granted;
        try {
            granted = openApi.open(subscriptions);
        } catch (OpenConnectionException e) {
            connecting.decrementAndGet();
            failed(e);
            return;
        }
        StreamConnection connection = new StreamConnection(this, "c" + connectionSequence.incrementAndGet(),
                openedGeneration);
        // the endpoint only: the WebSocket URL carries the ticket, which is never logged
        LOG.debug("Opening Stream WebSocket {} to {}", connection.localId(), granted.endpoint());
        connections.add(connection);
        connection.attach(webSocketHttp.newWebSocket(new Request.Builder().url(granted.webSocketUrl()).build(),
                connection));
    }

    private void failed(Exception error) {
        String message = error.getMessage();
        boolean changed = !message.equals(lastError);
        lastError = message;
        Duration retryIn = backoff.next();
        if (changed) {
            LOG.warn("DingTalk Stream connection for {} failed: {}; retrying in {} ms and then with backoff",
                    options.clientId(), message, retryIn.toMillis());
        } else {
            LOG.debug("DingTalk Stream connection for {} failed again: {}; retrying in {} ms", options.clientId(),
                    message, retryIn.toMillis());
        }
        if (running) {
            count(ReconnectReason.CONNECT_FAILED);
            scheduleConnect(retryIn);
        }
    }

    void connectionOpened(StreamConnection connection) {
        connecting.decrementAndGet();
        backoff.reset();
        lastError = null;
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
            scheduler.schedule(() -> rotate(connection), ttl.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (StreamConnection other : connections) {
            retireIfDone(other);
        }
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
            try {
                scheduler.schedule(() -> connection.close("drain timeout"), timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                connection.close("client stopped");
            }
        }
    }

    private void retire(StreamConnection connection) {
        retire(connection, options.drainTimeout());
    }

    private void count(ReconnectReason reason) {
        reconnects.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Closes a draining connection once its in-flight frames are acked and, while running, a replacement is open:
     * make-before-break, so there is never a moment without a connection taking work.
     */
    void retireIfDone(StreamConnection connection) {
        if (connection.isDraining() && connection.inFlight() == 0 && (!running || connectedCount() > 0)) {
            connection.close("retired");
        }
    }

    void connectionEnded(StreamConnection connection, boolean wasOpen, String reason, Throwable failure) {
        connections.remove(connection);
        if (!wasOpen) {
            connecting.decrementAndGet();
            failed(new OpenConnectionException("WebSocket to DingTalk failed: " + reason, failure));
            return;
        }
        boolean expected = connection.isDraining();
        if (expected) {
            LOG.debug("DingTalk Stream connection {} closed after draining: {}", connection, reason);
        } else {
            LOG.info("DingTalk Stream connection {} lost: {}", connection, reason);
            lastError = "connection lost: " + reason;
        }
        if (running && !expected) {
            ensureConnections(backoff.next(), ReconnectReason.CONNECTION_LOST);
        }
    }

    /** On the reader thread. */
    void onText(StreamConnection connection, String text) {
        lastFrameMillis = System.currentTimeMillis();
        Frame frame;
        try {
            frame = FrameCodec.decode(text);
        } catch (MalformedFrameException e) {
            onMalformed(connection, e.getMessage());
            if (LOG.isDebugEnabled()) {
                LOG.debug("Malformed frame on {} (first 200 chars): {}", connection,
                        text.substring(0, Math.min(200, text.length())));
            }
            return;
        }
        connection.learnConnectionId(frame.header("connectionId"));
        if (frame.isSystem()) {
            onSystem(connection, frame);
            return;
        }
        if (!frame.isEvent() && !frame.isCallback()) {
            onMalformed(connection, "unknown frame type " + frame.type());
            return;
        }
        PendingAck ack = new PendingAck(connection, frame.messageId());
        if (!running) {
            // stopping: hand the frame back so that it is delivered elsewhere
            if (frame.isEvent()) {
                ack.ack(200, "OK", FrameCodec.eventStatus("LATER", "client stopping"));
            } else {
                ack.skip();
            }
            return;
        }
        try {
            handler.onFrame(frame, ack);
        } catch (RuntimeException e) {
            LOG.warn("Frame handler failed for message {} on {}: {}", frame.messageId(), connection, e.toString());
            ack.skip();
        }
    }

    private void onSystem(StreamConnection connection, Frame frame) {
        String topic = frame.topic();
        if ("ping".equals(topic)) {
            connection.send(FrameCodec.ack(frame.messageId(), 200, "OK", frame.data()));
        } else if ("disconnect".equals(topic)) {
            LOG.info("DingTalk asked {} to reconnect ({}); opening a new connection first", connection,
                    frame.data());
            retire(connection);
            if (running) {
                ensureConnections(Duration.ZERO, ReconnectReason.DISCONNECT);
            }
        } else {
            LOG.debug("Ignoring SYSTEM frame {} on {}", topic, connection);
        }
    }

    void onMalformed(StreamConnection connection, String reason) {
        malformedFrames.incrementAndGet();
        LOG.warn("Skipped a malformed frame on DingTalk Stream connection {}: {}", connection, reason);
    }

    public boolean isRunning() {
        return running;
    }

    /** Connections open and taking frames. */
    public int connectedCount() {
        return (int) connections.stream().filter(StreamConnection::takesWork).count();
    }

    /** The last connect failure or connection loss, cleared when a connection opens; null when none. */
    public String lastError() {
        return lastError;
    }

    /** When the last frame arrived, null before the first. */
    public Instant lastFrameAt() {
        long millis = lastFrameMillis;
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }

    /** New connections opened to replace or restore others, by reason. */
    public Map<ReconnectReason, Long> reconnectsByReason() {
        Map<ReconnectReason, Long> counts = new java.util.EnumMap<>(ReconnectReason.class);
        reconnects.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    public long reconnects() {
        return reconnects.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    public StreamClientOptions options() {
        return options;
    }
}
