package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.DingTalkStreamException;
import io.github.cameldingtalk.stream.DingTalkStreamTopic;
import io.github.cameldingtalk.stream.app.AiCardStreams;
import io.github.cameldingtalk.stream.app.Failures;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of one frame's exchange (or a merged burst's), after the route: for a bot message the reply is posted first
 * (retried while DingTalk did not process it), then the done mark, then the ack of every frame, then the exchange is
 * released and the permit closed (its slot and conversation freed). A reply that cannot be delivered fails the
 * exchange like a route failure (ack 500, keys released, exception handler); one whose outcome is unknown is acked
 * 200 (a redelivery would post it twice) and reported. Every step runs through {@link #guarded}, the one place that
 * catches: whatever throws, on whichever thread, the frames end with an ack decision and the slot is freed once.
 */
final class FrameCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(FrameCompletion.class);

    /** What every frame of one consumer shares. */
    record Context(DingTalkStreamTopic.Kind kind, String routeId, AckSender acks, ConsumerMetrics metrics,
            IdempotentClaims claims, Answers answers, ExceptionHandler exceptionHandler, Exchanges exchanges) {
    }

    private final Context context;
    /** The frame, or the frames of a merged burst: each gets the one outcome. */
    private final List<ArrivedFrame> frames;
    private final Exchange exchange;
    private final Object input;
    private final IdempotentClaims.Claim claim;
    private final Admission.Permit permit;
    private final AtomicBoolean acked = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    FrameCompletion(Context context, List<ArrivedFrame> frames, Exchange exchange, Object input,
            IdempotentClaims.Claim claim, Admission.Permit permit) {
        this.context = context;
        this.frames = frames;
        this.exchange = exchange;
        this.input = input;
        this.claim = claim;
        this.permit = permit;
    }

    /** The route is done with the exchange (its async callback). */
    void routed() {
        guarded(this::afterRoute);
    }

    /**
     * Runs a step of the completion. What it throws ends the frame: acked as failed unless an ack went out already,
     * reported, and the exchange and slot released.
     */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (Throwable thrown) {
            try {
                Exception failure = thrown instanceof Exception e ? e : new DingTalkStreamException(thrown.toString(),
                        thrown);
                if (!acked.get()) {
                    failed(failure, "could not be completed");
                } else {
                    report("failed after its ack", failure);
                }
            } catch (Throwable again) {
                LOG.warn("DingTalk Stream message {} of route {} failed while completing: {}", messageId(),
                        context.routeId(), again.toString());
            } finally {
                release();
            }
        }
    }

    private void afterRoute() {
        Exception routeFailure = exchange.getException();
        Exception unknown = Failures.unknownOutcome(routeFailure);
        if (unknown != null) {
            // a send in the route may have reached the chat: a redelivery would run it again, so done and reported
            markDoneThenAck(ExchangeToAck.plainSuccess(context.kind()));
            report("failed in route " + context.routeId() + " with a call whose outcome is unknown; acked so that"
                    + " DingTalk does not deliver it again", unknown);
            release();
            return;
        }
        if (routeFailure != null) {
            failed(routeFailure, "failed in route " + context.routeId());
            return;
        }
        if (context.kind() != DingTalkStreamTopic.Kind.BOT) {
            succeeded();
            return;
        }
        Object output = exchange.getMessage().getBody();
        Iterator<?> chunks = output != input ? Chunks.of(output) : null;
        if (chunks != null) {
            answerWithChunks(output, chunks);
            return;
        }
        String reply;
        try {
            reply = ExchangeToAck.botReply(exchange, input);
        } catch (RuntimeException e) {
            failed(e, "has a route output that is not a DingTalk reply");
            return;
        }
        if (reply == null) {
            succeeded();
        } else {
            postReply(reply);
        }
    }

    private void postReply(String reply) {
        DingTalkBotMessage bot = (DingTalkBotMessage) input;
        context.answers().replies().reply(bot, reply)
                .whenComplete((delivered, error) -> guarded(() -> {
                    Exception unknown = Failures.unknownOutcome(error);
                    if (error == null) {
                        context.metrics().replySent(delivered.attempts(), delivered.viaOpenApi());
                        succeeded();
                    } else if (unknown != null) {
                        context.metrics().replyUnknown();
                        markDoneThenAck(ExchangeToAck.BOT_OK);
                        report("was answered, but whether DingTalk took the reply is unknown", unknown);
                        release();
                    } else {
                        replyFailed(Failures.unwrap(error));
                    }
                }));
    }

    /**
     * The answer comes as chunks. It grows in an AI card: the card is delivered first, then the message is acked (a
     * generation longer than DingTalk's redelivery window is not redelivered), then the chunks are streamed on a
     * streaming thread; the frame's slot is freed when the card is finished or failed. A 1:1 chat with a sender
     * without staffId (an external user) has no robot space for a card: the whole text goes as one markdown reply.
     */
    private void answerWithChunks(Object output, Iterator<?> chunks) {
        DingTalkBotMessage bot = (DingTalkBotMessage) input;
        if (!bot.isGroup() && bot.getSenderStaffId() == null) {
            answerInOneReply(output, chunks);
            return;
        }
        AiCardStreams.Card card = context.answers().aiCards().get().open(bot);
        card.delivered().whenComplete((delivered, failure) -> guarded(() -> {
                    if (failure != null && Failures.unknownOutcome(failure) == null) {
                        // no template, no permission, the month's quota …: the answer still reaches the user
                        LOG.warn("DingTalk Stream message {}: no AI card ({}); the answer goes as one markdown reply",
                                messageId(), Failures.unwrap(failure).getMessage());
                        context.metrics().aiCardFallback();
                        answerInOneReply(output, chunks);
                        return;
                    }
                    // delivered, or maybe (outcome unknown): then streaming into it tells whether it exists
                    markDoneThenAck(ExchangeToAck.success(context.kind(), exchange, input));
                    context.answers().streaming().execute(() -> guarded(() -> pump(card, output, chunks)));
                }));
    }

    /** Reads all the chunks on a streaming thread, then posts the whole text as one markdown reply (then the ack). */
    private void answerInOneReply(Object output, Iterator<?> chunks) {
        context.answers().streaming().execute(() -> guarded(() -> {
            StringBuilder text = new StringBuilder();
            try {
                chunks.forEachRemaining(chunk -> text.append(chunk == null ? "" : chunk));
            } finally {
                Chunks.close(output);
            }
            postReply(Chunks.asMarkdownReply(text.toString()));
        }));
    }

    /** On a streaming thread that only reads the chunks; the card's frames go out on the app's scheduler. */
    private void pump(AiCardStreams.Card card, Object output, Iterator<?> chunks) {
        CompletableFuture<String> streamed;
        try {
            streamed = card.stream(chunks);
        } finally {
            Chunks.close(output);
        }
        streamed.whenComplete((text, failure) -> guarded(() -> {
            String notShown = Failures.textNotShown(failure);
            if (notShown != null) {
                // the card may show less than the answer: the whole text goes as a reply too (the ack is out already,
                // so the reply path only counts, reports and releases)
                context.metrics().aiCardFallback();
                report("the AI card did not take its last frame; the answer goes as a markdown reply",
                        Failures.unwrap(failure));
                postReply(Chunks.asMarkdownReply(notShown));
                return;
            }
            try {
                if (failure == null) {
                    context.metrics().replySent(1, false);
                } else {
                    context.metrics().replyFailed();
                    report("the streamed answer failed; AI card " + card.id() + " is marked failed",
                            Failures.unwrap(failure));
                }
            } finally {
                release();
            }
        }));
    }

    private void replyFailed(Throwable error) {
        context.metrics().replyFailed();
        failed(new DingTalkStreamException("Reply to bot message " + messageId() + " was not delivered: "
                + error.getMessage(), error), "could not be answered");
    }

    private void succeeded() {
        ExchangeToAck.Ack decision;
        try {
            decision = ExchangeToAck.success(context.kind(), exchange, input);
        } catch (RuntimeException e) {
            failed(e, "has a route output that is not a DingTalk answer");
            return;
        }
        try {
            markDoneThenAck(decision);
        } finally {
            release();
        }
    }

    /**
     * Done before the ack: a crash in between gives a redelivery that is seen as done, not a lost message. A
     * repository that cannot record it does not hold the ack back.
     */
    private void markDoneThenAck(ExchangeToAck.Ack decision) {
        if (!acked.compareAndSet(false, true)) {
            return;
        }
        try {
            context.claims().confirm(claim);
        } catch (RuntimeException e) {
            report("could not be marked done in the idempotent repository", e);
        }
        frames.forEach(arrived -> context.acks().send(arrived.frame(), decision, arrived.received()));
    }

    private void failed(Exception failure, String what) {
        try {
            if (acked.compareAndSet(false, true)) {
                try {
                    context.claims().release(claim);
                } finally {
                    ExchangeToAck.Ack decision = ExchangeToAck.failure(context.kind(), failure);
                    frames.forEach(arrived -> context.acks().send(arrived.frame(), decision, arrived.received()));
                }
            }
            report(what, failure);
        } finally {
            release();
        }
    }

    private void report(String what, Throwable failure) {
        context.exceptionHandler().handleException("DingTalk Stream message " + messageId() + " " + what,
                exchange, failure);
    }

    /** Frees the exchange, then closes the permit (the slot and the conversation); once, whatever happened before. */
    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            context.exchanges().release(exchange);
        } catch (RuntimeException e) {
            LOG.warn("Releasing the exchange of DingTalk Stream message {} failed: {}", messageId(), e.toString());
        } finally {
            permit.close();
        }
    }

    /** The frame's messageId; for a merged burst the first and how many. */
    private String messageId() {
        String first = frames.get(0).frame().messageId();
        return frames.size() == 1 ? first : first + " (and " + (frames.size() - 1) + " merged with it)";
    }
}
