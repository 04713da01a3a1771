package io.github.cameldingtalk.simulator.internal;

import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.FrameType;
import io.github.cameldingtalk.simulator.OpenRequest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.io.BufferedInputStream;

/** One accepted Stream WebSocket: a reader thread, synchronised writes, and the fault switches. */
public final class GatewayConnection {

    /** What the gateway does with what a client sends. */
    interface Listener {
        void onOpen(GatewayConnection connection);

        void onText(GatewayConnection connection, String text);

        void onBinary(GatewayConnection connection, int length);

        void onClosed(GatewayConnection connection, String why);
    }

    private static final System.Logger LOG = System.getLogger(GatewayConnection.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final String clientId;
    private final List<OpenRequest.Subscription> subscriptions;
    private final Instant openedAt = Instant.now();
    private final Socket socket;
    private final OutputStream out;
    private final Listener listener;
    private final Object writeLock = new Object();

    private volatile boolean ready;
    private volatile boolean draining;
    private volatile boolean halfOpen;
    private volatile boolean closed;
    private volatile String closeReason;
    private volatile Predicate<byte[]> ackTap;
    private volatile Instant closedAt;

    GatewayConnection(Socket socket, String clientId, List<OpenRequest.Subscription> subscriptions,
            Listener listener) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.clientId = clientId;
        this.subscriptions = List.copyOf(subscriptions);
        this.listener = listener;
    }

    /** Called once the 101 answer is out: from now on frames may be pushed. */
    void startReading(InputStream in) {
        ready = true;
        listener.onOpen(this);
        Thread reader = new Thread(() -> readLoop(new BufferedInputStream(in, 16 * 1024)), "dingtalk-sim-conn-" + id.substring(0, 8));
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(InputStream in) {
        String why = "closed by the client";
        try {
            while (!closed) {
                WsFrames.Frame frame = WsFrames.readMessage(in);
                if (halfOpen) {
                    // a half-open link delivers nothing in either direction, but a TCP close still ends it
                    continue;
                }
                switch (frame.opcode()) {
                    case WsFrames.TEXT -> {
                        Predicate<byte[]> tap = ackTap;
                        if (tap == null || !tap.test(frame.payload())) {
                            listener.onText(this, frame.text());
                        }
                    }
                    case WsFrames.BINARY -> listener.onBinary(this, frame.payload().length);
                    case WsFrames.PING -> writeFrame(WsFrames.PONG, frame.payload());
                    case WsFrames.PONG -> {
                        // unsolicited pongs are allowed by RFC 6455
                    }
                    case WsFrames.CLOSE -> {
                        writeFrame(WsFrames.CLOSE, frame.payload().length >= 2
                                ? new byte[] {frame.payload()[0], frame.payload()[1]} : new byte[0]);
                        why = "close frame from the client";
                        return;
                    }
                    default -> throw new WsFrames.ProtocolException(1002, "unknown opcode " + frame.opcode());
                }
            }
        } catch (WsFrames.ProtocolException e) {
            why = "protocol error: " + e.getMessage();
            safeWrite(WsFrames.CLOSE, WsFrames.closePayload(e.closeCode, e.getMessage()));
        } catch (EOFException e) {
            why = "the client closed the TCP connection";
        } catch (IOException e) {
            why = closed ? closeReason : "I/O error: " + e.getMessage();
        } finally {
            terminate(why);
        }
    }

    /**
     * Sends a text frame. Frames sent to a half-open connection vanish as they would on a dead link.
     *
     * @return false when the connection is closed
     */
    public boolean sendText(String text) {
        return sendFrame(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean sendBinary(byte[] payload) {
        return sendFrame(WsFrames.BINARY, payload);
    }

    private boolean sendFrame(int opcode, byte[] payload) {
        byte[] frame = WsFrames.encode(opcode, payload);
        return writeRaw(frame, frame.length);
    }

    /**
     * Writes frames already encoded, {@code length} bytes of them (one frame, or a batch from {@link LoadPush}).
     * Frames sent to a half-open connection vanish as they would on a dead link.
     *
     * @return false when the connection is closed or the write failed
     */
    boolean writeRaw(byte[] frames, int length) {
        if (closed) {
            return false;
        }
        return halfOpen || safeWrite(frames, length);
    }

    private boolean safeWrite(int opcode, byte[] payload) {
        byte[] frame = WsFrames.encode(opcode, payload);
        return safeWrite(frame, frame.length);
    }

    private boolean safeWrite(byte[] frames, int length) {
        try {
            synchronized (writeLock) {
                out.write(frames, 0, length);
                out.flush();
            }
            return true;
        } catch (IOException e) {
            terminate("write failed: " + e.getMessage());
            return false;
        }
    }

    /** While a load runs, its acks go to {@code tap} (true: taken) instead of the faithful path; null ends it. */
    void tapAcks(Predicate<byte[]> tap) {
        this.ackTap = tap;
    }

    private void writeFrame(int opcode, byte[] payload) throws IOException {
        synchronized (writeLock) {
            WsFrames.write(out, opcode, payload);
        }
    }

    /** Graceful close: a close frame, then the socket. */
    public void close(int code, String reason) {
        if (!closed) {
            safeWrite(WsFrames.CLOSE, WsFrames.closePayload(code, reason));
        }
        terminate(reason);
    }

    /** Abrupt close: a TCP reset without a close frame (the client sees an abnormal closure, 1006). */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        terminate("aborted by the simulator");
    }

    private void terminate(String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = why;
            closedAt = Instant.now();
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing socket of " + id, e);
        }
        listener.onClosed(this, why);
    }

    boolean subscribes(FrameType type, String topic) {
        for (OpenRequest.Subscription subscription : subscriptions) {
            if (subscription.type().equals(type.name())
                    && (type == FrameType.EVENT ? "*".equals(subscription.topic()) : subscription.topic().equals(topic))) {
                return true;
            }
        }
        return false;
    }

    /** Whether new messages may be routed here. */
    boolean takesNewMessages() {
        return ready && !closed && !draining;
    }

    public void markDraining() {
        draining = true;
    }

    public void markHalfOpen() {
        halfOpen = true;
    }

    public String id() {
        return id;
    }

    public String clientId() {
        return clientId;
    }

    List<OpenRequest.Subscription> subscriptions() {
        return subscriptions;
    }

    Instant openedAt() {
        return openedAt;
    }

    public boolean isClosed() {
        return closed;
    }

    boolean isDraining() {
        return draining;
    }

    boolean isHalfOpen() {
        return halfOpen;
    }

    Instant closedAt() {
        return closedAt;
    }

    /** What the public API shows of the connection. */
    public ConnectionInfo info() {
        ConnectionInfo.State state = closed ? ConnectionInfo.State.CLOSED : halfOpen ? ConnectionInfo.State.HALF_OPEN
                : draining ? ConnectionInfo.State.DRAINING : ConnectionInfo.State.OPEN;
        return new ConnectionInfo(id, clientId, subscriptions, openedAt, state, closeReason, closedAt);
    }

    String closeReason() {
        return closeReason;
    }
}
