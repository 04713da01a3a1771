package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.InboundFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends frames (an ack, or a hand-back to DingTalk) and counts how they ended. */
final class AckSender {

    private static final Logger LOG = LoggerFactory.getLogger(AckSender.class);

    private final ConsumerMetrics metrics;

    AckSender(ConsumerMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param received when the frame arrived ({@link System#nanoTime()}), for the ack latency */
    void send(InboundFrame frame, ExchangeToAck.Ack decision, long received) {
        if (frame.ack(decision.code(), decision.message(), decision.data())) {
            metrics.outcome(decision.outcome());
            metrics.ackLatency(received);
        } else {
            LOG.debug("Ack not sent on connection {} (already acked, or connection gone: DingTalk will redeliver)",
                    frame.connectionId());
        }
    }

    void handBack(InboundFrame frame, String why) {
        if (frame.handBack(why)) {
            metrics.outcome(frame.isEvent() ? ConsumerMetrics.Outcome.LATER : ConsumerMetrics.Outcome.HANDED_BACK);
        }
        LOG.debug("Message {} on connection {} handed back to DingTalk: {}", frame.messageId(), frame.connectionId(), why);
    }
}
