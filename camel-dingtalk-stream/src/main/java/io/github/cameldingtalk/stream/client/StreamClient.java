package io.github.cameldingtalk.stream.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * Keeps DingTalk's Stream connection(s) for one app: the open call, the WebSocket, SYSTEM frames (ping echoed at
 * once, disconnect handled make-before-break), reconnects with backoff that never give up while started, and a
 * graceful stop. EVENT and CALLBACK frames go to the {@link FrameHandler}.
 */
public final class StreamClient {

    private static final Logger LOG = LoggerFactory.getLogger(StreamClient.class);

    private final StreamClientOptions options;
    private final FrameHandler handler;
    private final StreamClientListener listener;
    private final OkHttpClient webSocketHttp;
    private final OpenConnectionApi openApi;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final Backoff backoff;
    private final List<StreamConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger connecting = new AtomicInteger();
    private final AtomicInteger connectionSequence = new AtomicInteger();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private volatile boolean running;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastFrameAt;

    public StreamClient(StreamClientOptions options, FrameHandler handler, StreamClientListener listener) {
        if (options.clientId() == null || options.clientSecret() == null) {
            throw new IllegalArgumentException("clientId and clientSecret are required");
        }
        this.options = options;
        this.handler = handler;
        this.listener = listener == null ? new StreamClientListener() { } : listener;
        OkHttpClient base = options.httpClient() != null ? options.httpClient() : new OkHttpClient();
        this.openApi = new OpenConnectionApi(options, base.newBuilder()
                .connectTimeout(options.openTimeout()).readTimeout(options.openTimeout())
                .writeTimeout(options.openTimeout()).callTimeout(options.openTimeout().multipliedBy(2)).build());
        this.webSocketHttp = base.newBuilder()
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
        for (int i = 0; i < options.connections(); i++) {
            scheduleConnect(Duration.ZERO);
        }
    }

    /**
     * Stops taking new frames, waits up to {@code drain} for the acks of frames in flight, then closes every
     * connection. Frames arriving meanwhile are not dispatched: events are acked LATER, callbacks left unacked,
     * so DingTalk delivers them again (to another instance if there is one).
     */
    public void stop(Duration drain) {
        running = false;
        for (StreamConnection connection : connections) {
            connection.drain();
            retireIfDone(connection);
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (connections.stream().anyMatch(c -> c.isOpen() && c.inFlight() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (StreamConnection connection : connections) {
            connection.close("client stopping");
        }
        if (ownScheduler) {
            scheduler.shutdownNow();
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
        OpenConnectionApi.Ticket ticket;
        try {
            ticket = openApi.open();
        } catch (OpenConnectionException e) {
            connecting.decrementAndGet();
            failed(e);
            return;
        }
        StreamConnection connection = new StreamConnection(this, "c" + connectionSequence.incrementAndGet());
        LOG.debug("Opening Stream WebSocket {} to {}", connection.localId(), ticket.endpoint());
        connections.add(connection);
        connection.attach(webSocketHttp.newWebSocket(new Request.Builder().url(ticket.webSocketUrl()).build(),
                connection));
    }

    private void failed(Exception error) {
        String message = error.getMessage();
        boolean changed = !message.equals(lastError);
        lastError = message;
        lastErrorAt = Instant.now();
        Duration retryIn = backoff.next();
        if (changed) {
            LOG.warn("DingTalk Stream connection for {} failed: {}; retrying in {} ms and then with backoff",
                    options.clientId(), message, retryIn.toMillis());
        } else {
            LOG.debug("DingTalk Stream connection for {} failed again: {}; retrying in {} ms", options.clientId(),
                    message, retryIn.toMillis());
        }
        listener.onConnectFailed(error, retryIn);
        if (running) {
            scheduleConnect(retryIn);
        }
    }

    void connectionOpened(StreamConnection connection) {
        connecting.decrementAndGet();
        backoff.reset();
        lastError = null;
        LOG.info("DingTalk Stream connected for {} ({})", options.clientId(), connection.localId());
        listener.onConnected(connection.id());
        if (!running) {
            connection.drain();
        }
        for (StreamConnection other : connections) {
            retireIfDone(other);
        }
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
            lastErrorAt = Instant.now();
        }
        listener.onDisconnected(connection.id(), reason);
        if (running && !expected) {
            reconnects.incrementAndGet();
            ensureConnections(backoff.next());
        }
    }

    /** Opens connections until {@code connections} of them take work (counting those being opened). */
    private synchronized void ensureConnections(Duration delay) {
        long working = connections.stream().filter(c -> !c.isDraining()).count() + connecting.get();
        for (long i = working; i < options.connections(); i++) {
            scheduleConnect(delay);
        }
    }

    /** On the reader thread. */
    void onText(StreamConnection connection, String text) {
        lastFrameAt = Instant.now();
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
        if (connection.isDraining()) {
            // DingTalk should not send here any more; hand the frame back so it is delivered elsewhere
            if (frame.isEvent()) {
                ack.ack(200, "OK", "{\"status\":\"LATER\",\"message\":\"connection closing\"}");
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
            connection.drain();
            if (running) {
                reconnects.incrementAndGet();
                ensureConnections(Duration.ZERO);
            }
            scheduler.schedule(() -> connection.close("drain timeout"), options.drainTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            LOG.debug("Ignoring SYSTEM frame {} on {}", topic, connection);
        }
    }

    void onMalformed(StreamConnection connection, String reason) {
        malformedFrames.incrementAndGet();
        LOG.warn("Skipped a malformed frame on DingTalk Stream connection {}: {}", connection, reason);
        listener.onMalformedFrame(reason);
    }

    public boolean isRunning() {
        return running;
    }

    /** Connections open and taking frames. */
    public int connectedCount() {
        return (int) connections.stream().filter(StreamConnection::takesWork).count();
    }

    /** DingTalk connection ids of the connections taking frames. */
    public List<String> connectionIds() {
        return connections.stream().filter(StreamConnection::takesWork).map(StreamConnection::id).toList();
    }

    /** The last connect failure or connection loss, cleared when a connection opens; null when none. */
    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    public Instant lastFrameAt() {
        return lastFrameAt;
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    public StreamClientOptions options() {
        return options;
    }
}
