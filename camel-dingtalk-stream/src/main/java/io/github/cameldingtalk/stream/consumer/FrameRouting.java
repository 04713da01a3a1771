package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.InboundFrame;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route step of a consumer's frames, on a pool thread once the admission gave the frame a permit: the exchange,
 * the duplicate check, then the route; its end goes to the frame's {@link FrameCompletion}. A frame that is not
 * routed (data that is not a valid payload, a duplicate, a message in progress elsewhere) ends here: its ack or
 * hand-back, the exchange released, the permit closed.
 */
final class FrameRouting {

    private static final Logger LOG = LoggerFactory.getLogger(FrameRouting.class);

    private final FrameCompletion.Context context;
    private final AsyncProcessor route;
    private final ScheduledExecutorService timer;
    private final long ackTimeoutMillis;

    /** @param ackTimeoutMillis a success ack after this long while the route goes on; 0 for none */
    FrameRouting(FrameCompletion.Context context, AsyncProcessor route, ScheduledExecutorService timer,
            long ackTimeoutMillis) {
        this.context = context;
        this.route = route;
        this.timer = timer;
        this.ackTimeoutMillis = ackTimeoutMillis;
    }

    /** The work the admission runs for one frame. */
    Admission.Job job(InboundFrame frame, long received) {
        return new Admission.Job() {
            @Override
            public void run(Admission.Permit permit) {
                route(frame, received, permit);
            }

            @Override
            public void refuse(String reason) {
                context.acks().handBack(frame, reason);
            }
        };
    }

    private void route(InboundFrame frame, long received, Admission.Permit permit) {
        Exchange exchange = null;
        try {
            exchange = context.exchanges().create();
            Object input;
            try {
                input = FrameToExchange.populate(frame, context.kind(), exchange.getIn());
            } catch (IllegalArgumentException e) {
                LOG.warn("Message {} on connection {} has data that is not a valid {} payload: {}", frame.messageId(),
                        frame.connectionId(), context.kind(), e.getMessage());
                context.acks().send(frame, ExchangeToAck.invalidData(context.kind()), received);
                end(exchange, permit);
                return;
            }
            IdempotentClaims.Claim claim = context.claims().claim(frame, input, exchange);
            if (claim.isInProgress()) {
                LOG.debug("Message {} (connection {}) is being processed elsewhere: handed back", frame.messageId(),
                        frame.connectionId());
                context.acks().handBack(frame, "being processed elsewhere");
                end(exchange, permit);
                return;
            }
            if (claim.isDuplicate()) {
                context.metrics().duplicateDropped();
                LOG.debug("Duplicate message {} (connection {}) acked without routing", frame.messageId(),
                        frame.connectionId());
                context.acks().send(frame, ExchangeToAck.plainSuccess(context.kind()), received);
                end(exchange, permit);
                return;
            }
            FrameCompletion completion = new FrameCompletion(context, frame, received, exchange, input, claim, permit);
            ScheduledFuture<?> early = ackTimeoutMillis > 0 ? timer.schedule(() -> context.acks().send(frame,
                    ExchangeToAck.plainSuccess(context.kind()), received), ackTimeoutMillis, TimeUnit.MILLISECONDS)
                    : null;
            route.process(exchange, doneSync -> {
                if (early != null) {
                    early.cancel(false);
                }
                completion.routed();
            });
        } catch (RuntimeException | Error e) {
            // before the route took the exchange (a factory or repository throwing): DingTalk delivers it again
            LOG.warn("Message {} could not be routed: {}", frame.messageId(), e.toString());
            context.acks().handBack(frame, "could not be routed");
            end(exchange, permit);
        }
    }

    private void end(Exchange exchange, Admission.Permit permit) {
        try {
            if (exchange != null) {
                context.exchanges().release(exchange);
            }
        } finally {
            permit.close();
        }
    }
}
