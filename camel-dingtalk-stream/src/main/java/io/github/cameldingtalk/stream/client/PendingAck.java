package io.github.cameldingtalk.stream.client;

import java.util.concurrent.atomic.AtomicBoolean;

/** The ack owed for one frame: sent once, on the frame's connection. */
final class PendingAck implements Acknowledger {

    private final StreamConnection connection;
    private final Frame frame;
    private final AtomicBoolean done = new AtomicBoolean();

    PendingAck(StreamConnection connection, Frame frame) {
        this.connection = connection;
        this.frame = frame;
        connection.frameStarted();
    }

    @Override
    public boolean ack(int code, String message, String data) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        try {
            return connection.send(FrameCodec.ack(frame.messageId(), code, message, data));
        } finally {
            connection.frameDone();
        }
    }

    @Override
    public boolean handBack(String reason) {
        if (frame.isEvent()) {
            return ack(200, "OK", FrameCodec.eventStatus(FrameCodec.LATER, reason));
        }
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        connection.frameDone();
        return true;
    }

    @Override
    public String connectionId() {
        return connection.id();
    }
}
