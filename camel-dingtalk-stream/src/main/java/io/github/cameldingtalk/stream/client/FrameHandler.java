package io.github.cameldingtalk.stream.client;

/** Receives EVENT and CALLBACK frames. */
@FunctionalInterface
public interface FrameHandler {

    /**
     * Called on the WebSocket's reader thread: hand the work to another thread and return at once. Every frame must
     * end in exactly one {@link Acknowledger#ack} or {@link Acknowledger#handBack}.
     */
    void onFrame(Frame frame, Acknowledger acknowledger);
}
