package io.github.cameldingtalk.stream.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * One Stream WebSocket. What arrives on it goes to its {@link FrameReader}; what happens to it goes to its
 * {@link Listener}, the one way it talks to the client that keeps it. Counts the frames handed out and not yet
 * acked, so that a connection told to go away can close as soon as its last ack is out.
 */
final class StreamConnection extends WebSocketListener {

    /** What a connection tells the client that keeps it; called from OkHttp's threads, never blocking. */
    interface Listener {

        void opened(StreamConnection connection);

        /** DingTalk sent a SYSTEM disconnect on it. */
        void disconnectRequested(StreamConnection connection);

        /** The last frame in flight of a draining connection was acked. */
        void drained(StreamConnection connection);

        /** Closed or failed; {@code wasOpen} false when it never opened (a refused handshake). */
        void ended(StreamConnection connection, boolean wasOpen, String reason, Throwable failure);
    }

    private final Listener listener;
    private final FrameReader reader;
    private final String localId;
    private final int generation;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocket webSocket;
    private volatile String connectionId;
    private volatile boolean open;
    private volatile boolean draining;

    StreamConnection(Listener listener, FrameReader reader, String localId, int generation) {
        this.listener = listener;
        this.reader = reader;
        this.localId = localId;
        this.generation = generation;
    }

    /** Which subscription set the connection was opened with. */
    int generation() {
        return generation;
    }

    void attach(WebSocket webSocket) {
        this.webSocket = webSocket;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        // onOpen can run before newWebSocket() has returned to attach(): keep the socket from here too
        this.webSocket = webSocket;
        open = true;
        listener.opened(this);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        reader.onText(this, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        reader.onMalformed(this, "binary frame of " + bytes.size() + " bytes");
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null);
        end("closed by DingTalk (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")", null);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        end("closed (" + code + ")", null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
        String why = response != null && !open
                ? "handshake refused with HTTP " + response.code()
                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        end(why, failure);
    }

    private void end(String reason, Throwable failure) {
        if (ended.compareAndSet(false, true)) {
            boolean wasOpen = open;
            open = false;
            listener.ended(this, wasOpen, reason, failure);
        }
    }

    /** Counts a frame handed to the handler; its ack (or abandonment) must call {@link #frameDone}. */
    void frameStarted() {
        inFlight.incrementAndGet();
    }

    void frameDone() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            listener.drained(this);
        }
    }

    /** On the reader thread: DingTalk wants this connection replaced. */
    void disconnectRequested() {
        listener.disconnectRequested(this);
    }

    boolean send(String text) {
        WebSocket ws = webSocket;
        return ws != null && open && ws.send(text);
    }

    /** Takes no new work from now on; the client closes it once its in-flight frames are acked. */
    void drain() {
        draining = true;
    }

    void close(String reason) {
        WebSocket ws = webSocket;
        if (ws != null && !ended.get()) {
            ws.close(1000, reason);
        }
    }

    void learnConnectionId(String id) {
        if (connectionId == null && id != null) {
            connectionId = id;
        }
    }

    /** DingTalk's connectionId once a frame told it, else the local id. */
    String id() {
        String id = connectionId;
        return id != null ? id : localId;
    }

    String localId() {
        return localId;
    }

    boolean isDraining() {
        return draining;
    }

    boolean takesWork() {
        return open && !draining;
    }

    int inFlight() {
        return inFlight.get();
    }

    @Override
    public String toString() {
        return localId + (connectionId == null ? "" : "/" + connectionId);
    }
}
