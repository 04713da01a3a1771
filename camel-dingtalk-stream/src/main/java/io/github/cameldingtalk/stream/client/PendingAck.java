package io.github.cameldingtalk.stream.client;

import java.util.concurrent.atomic.AtomicBoolean;

/** The ack owed for one frame: sent once, on the frame's connection. */
final class PendingAck implements Acknowledger {

    private final StreamConnection connection;
    private final String messageId;
    private final AtomicBoolean done = new AtomicBoolean();

    PendingAck(StreamConnection connection, String messageId) {
        this.connection = connection;
        this.messageId = messageId;
        connection.frameStarted();
    }

    @Override
    public boolean ack(int code, String message, String data) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        try {
            return connection.send(FrameCodec.ack(messageId, code, message, data));
        } finally {
            connection.frameDone();
        }
    }

    @Override
    public void skip() {
        if (done.compareAndSet(false, true)) {
            connection.frameDone();
        }
    }

    @Override
    public String connectionId() {
        return connection.id();
    }
}
