package io.github.cameldingtalk.stream.client;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives on a Stream socket, on its reader thread: decode, answer SYSTEM pings at once, pass a
 * {@code disconnect} on (through the connection's listener), and hand EVENT/CALLBACK frames to the {@link FrameHandler} with their
 * {@link Acknowledger} — or back to DingTalk when the client is stopping. Never blocks; a bad frame is counted and
 * skipped.
 */
final class FrameReader {

    private static final Logger LOG = LoggerFactory.getLogger(FrameReader.class);

    private final FrameHandler handler;
    private final BooleanSupplier running;
    private final AtomicLong malformedFrames = new AtomicLong();
    private volatile long lastFrameMillis;

    /** @param running whether the client still takes frames (else they are handed back) */
    FrameReader(FrameHandler handler, BooleanSupplier running) {
        this.handler = handler;
        this.running = running;
    }

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
        PendingAck ack = new PendingAck(connection, frame);
        if (!running.getAsBoolean()) {
            ack.handBack("client stopping");
            return;
        }
        try {
            handler.onFrame(frame, ack);
        } catch (RuntimeException e) {
            LOG.warn("Frame handler failed for message {} on {}: {}", frame.messageId(), connection, e.toString());
            ack.handBack("client error");
        }
    }

    private void onSystem(StreamConnection connection, Frame frame) {
        String topic = frame.topic();
        if ("ping".equals(topic)) {
            connection.send(FrameCodec.ack(frame.messageId(), 200, "OK", frame.data()));
        } else if ("disconnect".equals(topic)) {
            LOG.info("DingTalk asked {} to reconnect ({}); opening a new connection first", connection, frame.data());
            connection.disconnectRequested();
        } else {
            LOG.debug("Ignoring SYSTEM frame {} on {}", topic, connection);
        }
    }

    void onMalformed(StreamConnection connection, String reason) {
        malformedFrames.incrementAndGet();
        LOG.warn("Skipped a malformed frame on DingTalk Stream connection {}: {}", connection, reason);
    }

    long malformedFrames() {
        return malformedFrames.get();
    }

    /** When the last frame arrived, null before the first. */
    Instant lastFrameAt() {
        long millis = lastFrameMillis;
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
