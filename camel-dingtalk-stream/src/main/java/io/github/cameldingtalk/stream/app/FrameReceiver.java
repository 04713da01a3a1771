package io.github.cameldingtalk.stream.app;

/** Where the app hands a subscriber's frames. */
@FunctionalInterface
public interface FrameReceiver {

    /**
     * Called on the WebSocket's reader thread: hand the work to another thread and return at once. Every frame ends
     * in exactly one {@link InboundFrame#ack} or {@link InboundFrame#handBack}.
     */
    void onFrame(InboundFrame frame);
}
