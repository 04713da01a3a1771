package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.InboundFrame;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.ArrayList;
import java.util.List;
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
 * hand-back, the exchange released, the permit closed. The frames of a burst the admission merged are routed as one
 * exchange whose body is one {@link DingTalkBotMessage} standing for all of them.
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
    Admission.Job job(ArrivedFrame arrived) {
        return new FrameJob(List.of(arrived));
    }

    /** One frame, or the frames of a burst merged by the admission, routed as one exchange. */
    private final class FrameJob implements Admission.Job {

        private final List<ArrivedFrame> frames;

        FrameJob(List<ArrivedFrame> frames) {
            this.frames = frames;
        }

        @Override
        public void run(Admission.Permit permit) {
            route(frames, permit);
        }

        @Override
        public void refuse(String reason) {
            frames.forEach(arrived -> context.acks().handBack(arrived.frame(), reason));
        }

        @Override
        public String sender() {
            return frames.get(0).sender();
        }

        @Override
        public Admission.Job mergedWith(List<Admission.Job> later) {
            List<ArrivedFrame> all = new ArrayList<>(frames);
            later.forEach(job -> all.addAll(((FrameJob) job).frames));
            return new FrameJob(List.copyOf(all));
        }
    }

    private void route(List<ArrivedFrame> frames, Admission.Permit permit) {
        Exchange exchange = null;
        try {
            exchange = context.exchanges().create();
            List<Admitted> admitted = new ArrayList<>(frames.size());
            for (ArrivedFrame arrived : frames) {
                Admitted one = admit(arrived, exchange);
                if (one != null) {
                    admitted.add(one);
                }
            }
            if (admitted.isEmpty()) {
                end(exchange, permit);
                return;
            }
            Admitted last = admitted.get(admitted.size() - 1);
            List<ArrivedFrame> routed = admitted.size() == frames.size() ? frames
                    : admitted.stream().map(Admitted::arrived).toList();
            Object input = admitted.size() == 1 ? last.input() : merged(admitted);
            IdempotentClaims.Claim claim = admitted.size() == 1 ? last.claim() : new IdempotentClaims.Claim(
                    admitted.stream().flatMap(one -> one.claim().keys().stream()).toList(),
                    IdempotentClaims.Claim.State.CLAIMED);
            FrameToExchange.populate(last.arrived().frame(), input, exchange.getIn());
            FrameCompletion completion = new FrameCompletion(context, routed, exchange, input, claim, permit);
            ScheduledFuture<?> early = ackTimeoutMillis > 0 ? timer.schedule(() -> routed.forEach(arrived ->
                    context.acks().send(arrived.frame(), ExchangeToAck.plainSuccess(context.kind()),
                            arrived.received())), ackTimeoutMillis, TimeUnit.MILLISECONDS) : null;
            route.process(exchange, doneSync -> {
                if (early != null) {
                    early.cancel(false);
                }
                completion.routed();
            });
        } catch (RuntimeException | Error e) {
            // before the route took the exchange (a factory or repository throwing): DingTalk delivers it again
            LOG.warn("Message {} could not be routed: {}", frames.get(0).frame().messageId(), e.toString());
            frames.forEach(arrived -> context.acks().handBack(arrived.frame(), "could not be routed"));
            end(exchange, permit);
        }
    }

    /** A frame to route: its body and its claim. */
    private record Admitted(ArrivedFrame arrived, Object input, IdempotentClaims.Claim claim) {
    }

    /**
     * Reads the frame and claims it: what to route; null when it was ended here — data that is not a valid payload (acked), a message in progress elsewhere
     * (handed back), a duplicate (acked without routing).
     */
    private Admitted admit(ArrivedFrame arrived, Exchange exchange) {
        InboundFrame frame = arrived.frame();
        Object input;
        try {
            input = FrameToExchange.body(frame, context.kind());
        } catch (IllegalArgumentException e) {
            LOG.warn("Message {} on connection {} has data that is not a valid {} payload: {}", frame.messageId(),
                    frame.connectionId(), context.kind(), e.getMessage());
            context.acks().send(frame, ExchangeToAck.invalidData(context.kind()), arrived.received());
            return null;
        }
        IdempotentClaims.Claim claim = context.claims().claim(frame, input, exchange);
        if (claim.isInProgress()) {
            LOG.debug("Message {} (connection {}) is being processed elsewhere: handed back", frame.messageId(),
                    frame.connectionId());
            context.acks().handBack(frame, "being processed elsewhere");
            return null;
        }
        if (claim.isDuplicate()) {
            context.metrics().duplicateDropped();
            LOG.debug("Duplicate message {} (connection {}) acked without routing", frame.messageId(),
                    frame.connectionId());
            context.acks().send(frame, ExchangeToAck.plainSuccess(context.kind()), arrived.received());
            return null;
        }
        return new Admitted(arrived, input, claim);
    }

    /** The bot messages of a burst as one; counted. */
    private Object merged(List<Admitted> admitted) {
        context.metrics().messagesMerged(admitted.size() - 1);
        return DingTalkBotMessage.merged(admitted.stream().map(one -> (DingTalkBotMessage) one.input()).toList());
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
