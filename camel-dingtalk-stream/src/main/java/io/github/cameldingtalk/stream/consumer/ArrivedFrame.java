package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.InboundFrame;

/**
 * A frame and when it arrived ({@link System#nanoTime()}, for its ack latency).
 *
 * @param sender for a bot message whose burst may be merged, who sent it; else null
 */
record ArrivedFrame(InboundFrame frame, long received, String sender) {
}
