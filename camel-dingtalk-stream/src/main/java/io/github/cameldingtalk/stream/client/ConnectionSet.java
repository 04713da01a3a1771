package io.github.cameldingtalk.stream.client;

import io.github.cameldingtalk.stream.model.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of a {@link StreamClient}'s connections, run on its {@link ClientLoop}: keeps
 * {@code connections} of the current subscription set taking work (the open call, then the WebSocket), reconnects
 * with backoff, replaces a connection make-before-break (disconnect, new subscriptions, TTL), and retires every one
 * on stop. Connections report through one {@link StreamConnection.Listener}; what arrives on them goes to the
 * {@link FrameReader}.
 *
 * <p>A connection that must go away is <em>retired</em>: it takes no new work, frames still arriving on it are
 * processed, and it closes once its acks are out and a replacement is up, or after the drain timeout.
 */
final class ConnectionSet {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSet.class);

    private final StreamClientOptions options;
    private final ClientLoop loop;
    private final ClientHealth health;
    private final FrameReader reader;
    private final OpenConnectionApi openApi;
    private final Backoff backoff;
    private final StreamConnection.Listener events = new Events();
    private final List<StreamConnection> connections = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    // only touched on the loop's thread
    private int connecting;
    private int connectionSequence;
    private int generation;
    private List<Subscription> subscriptions;

    ConnectionSet(StreamClientOptions options, FrameHandler handler, ClientLoop loop, ClientHealth health) {
        this.options = options;
        this.loop = loop;
        this.health = health;
        this.reader = new FrameReader(handler, () -> running);
        this.openApi = new OpenConnectionApi(options);
        this.backoff = new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay());
        this.subscriptions = options.subscriptions();
    }

    /** From any thread: frames are taken from now on (until {@link #stop}). */
    void running() {
        running = true;
    }

    /** On the loop: opens what is missing, with these subscriptions when not null. */
    void start(List<Subscription> wanted) {
        if (wanted != null && !wanted.equals(subscriptions)) {
            subscriptions = wanted;
            generation++;
        }
        ensureConnections(Duration.ZERO, null);
        publishState();
    }

    /** On the loop: new connections with the new set first, then the old ones retired. */
    void resubscribe(List<Subscription> wanted) {
        if (wanted.equals(subscriptions)) {
            return;
        }
        LOG.info("DingTalk Stream subscriptions for {} change to {}", options.clientId(), wanted);
        subscriptions = wanted;
        generation++;
        if (running) {
            connections.forEach(this::retire);
            ensureConnections(Duration.ZERO, StreamClient.ReconnectReason.SUBSCRIPTIONS_CHANGED);
        }
    }

    /** From any thread: no new frames from now on (they are handed back). */
    void stopTaking() {
        running = false;
    }

    /** On the loop: every connection closes once its acks are out, or after {@code drain}. */
    void stop(Duration drain) {
        connections.forEach(connection -> retire(connection, drain));
        publishState();
    }

    /** From the caller's thread: closes every connection now. */
    void closeNow() {
        running = false;
        connections.forEach(connection -> connection.close("client stopped"));
    }

    boolean isRunning() {
        return running;
    }

    FrameReader reader() {
        return reader;
    }

    /** Opens connections until {@code connections} of them take work (counting those being opened). */
    private void ensureConnections(Duration delay, StreamClient.ReconnectReason reason) {
        long working = connections.stream().filter(c -> !c.isDraining()).count() + connecting;
        for (long i = working; i < options.connections(); i++) {
            if (reason != null) {
                health.count(reason);
            }
            connecting++;
            loop.schedule(this::connect, delay);
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
                loop.run(() -> openWebSocket(grant, openedGeneration));
            }

            @Override
            public void failed(OpenConnectionException failure) {
                loop.run(() -> {
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
        StreamConnection connection = new StreamConnection(events, reader, "c" + ++connectionSequence,
                openedGeneration);
        String endpoint = grant.endpoint(); // only the endpoint is logged: the WebSocket URL carries the secret part
        LOG.debug("Opening Stream WebSocket {} to {}", connection.localId(), endpoint);
        connections.add(connection);
        openApi.webSocket(grant, connection);
    }

    private void connectFailed(Exception error) {
        String message = error.getMessage();
        Exception previous = health.lastFailure();
        health.failed(error);
        Duration retryIn = backoff.next();
        if (previous == null || !message.equals(previous.getMessage())) {
            LOG.warn("DingTalk Stream connection for {} failed: {}; retrying in {} ms and then with backoff",
                    options.clientId(), message, retryIn.toMillis());
        } else {
            LOG.debug("DingTalk Stream connection for {} failed again: {}; retrying in {} ms", options.clientId(),
                    message, retryIn.toMillis());
        }
        if (running) {
            health.count(StreamClient.ReconnectReason.CONNECT_FAILED);
            connecting++;
            loop.schedule(this::connect, retryIn);
        }
        publishState();
    }

    /** Where the connections' news arrives (OkHttp's threads); each hops onto the client's thread. */
    private final class Events implements StreamConnection.Listener {

        @Override
        public void opened(StreamConnection connection) {
            loop.run(() -> connectionOpened(connection));
        }

        @Override
        public void disconnectRequested(StreamConnection connection) {
            loop.run(() -> {
                retire(connection);
                if (running) {
                    ensureConnections(Duration.ZERO, StreamClient.ReconnectReason.DISCONNECT);
                }
            });
        }

        @Override
        public void drained(StreamConnection connection) {
            loop.run(() -> retireIfDone(connection));
        }

        @Override
        public void ended(StreamConnection connection, boolean wasOpen, String reason, Throwable failure) {
            loop.run(() -> connectionEnded(connection, wasOpen, reason, failure));
        }
    }

    private void connectionOpened(StreamConnection connection) {
        connecting--;
        backoff.reset();
        health.connected();
        LOG.info("DingTalk Stream connected for {} ({})", options.clientId(), connection.localId());
        if (!running || connection.generation() != generation) {
            // opened with a subscription set that has changed meanwhile (or while stopping): replace it too
            retire(connection);
            if (running) {
                ensureConnections(Duration.ZERO, StreamClient.ReconnectReason.SUBSCRIPTIONS_CHANGED);
            }
        }
        Duration ttl = options.connectionTtl();
        if (ttl != null && !ttl.isZero() && !ttl.isNegative()) {
            loop.schedule(() -> rotate(connection), ttl);
        }
        connections.forEach(this::retireIfDone);
        publishState();
    }

    private void rotate(StreamConnection connection) {
        if (running && connection.takesWork()) {
            LOG.info("DingTalk Stream connection {} reached its TTL of {}; replacing it", connection,
                    options.connectionTtl());
            retire(connection);
            ensureConnections(Duration.ZERO, StreamClient.ReconnectReason.TTL);
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
            loop.schedule(() -> connection.close("drain timeout"), timeout);
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

    private void connectionEnded(StreamConnection connection, boolean wasOpen, String reason, Throwable failure) {
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
            health.failed(new OpenConnectionException("connection lost: " + reason, failure));
            if (running) {
                ensureConnections(backoff.next(), StreamClient.ReconnectReason.CONNECTION_LOST);
            }
        }
        publishState();
    }

    private void publishState() {
        health.publish(running, connectedCount());
    }

    /** Connections open and taking frames. */
    int connectedCount() {
        return (int) connections.stream().filter(StreamConnection::takesWork).count();
    }
}
