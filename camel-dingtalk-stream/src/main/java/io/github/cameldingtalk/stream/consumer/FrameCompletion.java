package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.DingTalkStreamException;
import io.github.cameldingtalk.stream.DingTalkStreamTopic;
import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.openapi.AiCardStream;
import io.github.cameldingtalk.stream.reply.SessionWebhookClient;
import io.github.cameldingtalk.stream.reply.SessionWebhookException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;

/**
 * The end of one frame's exchange, after the route: for a bot message the reply is posted first (retried while
 * transient), then the ack tells DingTalk the outcome, then the exchange is released and the frame's slot freed.
 * A reply that cannot be delivered fails the exchange like a route failure: ack 500, keys released, exception
 * handler.
 */
final class FrameCompletion {

    /** What every completion of one consumer shares. */
    record Context(DingTalkStreamTopic.Kind kind, String routeId, AckSender acks, ConsumerMetrics metrics,
            IdempotentClaims claims, SessionWebhookClient replies, Supplier<AiCardStream> aiCards, Executor streaming,
            ExceptionHandler exceptionHandler, Consumer<Exchange> release) {
    }

    private final Context context;
    private final Frame frame;
    private final Acknowledger ack;
    private final long received;
    private final Exchange exchange;
    private final Object input;
    private final IdempotentClaims.Claim claim;
    private final Runnable done;

    FrameCompletion(Context context, Frame frame, Acknowledger ack, long received, Exchange exchange, Object input,
            IdempotentClaims.Claim claim, Runnable done) {
        this.context = context;
        this.frame = frame;
        this.ack = ack;
        this.received = received;
        this.exchange = exchange;
        this.input = input;
        this.claim = claim;
        this.done = done;
    }

    /** The route is done with the exchange (its async callback). */
    void routed() {
        if (exchange.getException() != null) {
            failed(exchange.getException(), "failed in route " + context.routeId());
            return;
        }
        Object output = exchange.getMessage().getBody();
        Iterator<?> chunks = context.kind() == DingTalkStreamTopic.Kind.BOT && output != input ? Chunks.of(output) : null;
        if (chunks != null) {
            streamIntoAiCard(output, chunks);
            return;
        }
        String reply;
        try {
            reply = context.kind() == DingTalkStreamTopic.Kind.BOT ? ExchangeToAck.botReply(exchange, input) : null;
        } catch (RuntimeException e) {
            failed(e, "has a route output that is not a DingTalk reply");
            return;
        }
        if (reply == null) {
            succeeded();
            return;
        }
        DingTalkBotMessage bot = (DingTalkBotMessage) input;
        if (bot.getSessionWebhook() == null || bot.isSessionWebhookExpired()) {
            // DingTalk would answer 300001; say so without the round trip
            replyFailed(new SessionWebhookException(0, SessionWebhookException.SESSION_EXPIRED, "session expired", 0,
                    "the sessionWebhook " + (bot.getSessionWebhook() == null ? "is missing"
                            : "expired at " + bot.getSessionWebhookExpiry()) + " (reply with the robot OpenAPI instead)"));
            return;
        }
        context.replies().post(bot.getSessionWebhook(), reply).whenComplete((attempts, error) -> {
            if (error == null) {
                context.metrics().replySent(attempts);
                succeeded();
            } else {
                replyFailed(error instanceof SessionWebhookException refused ? refused
                        : new DingTalkStreamException(error.getMessage(), error));
            }
        });
    }

    /**
     * The answer grows in an AI card: the card is delivered first, then the message is acked (a generation longer
     * than DingTalk's redelivery window is not redelivered), then the chunks are streamed on a streaming thread;
     * the frame's slot is freed when the card is finished or failed.
     */
    private void streamIntoAiCard(Object output, Iterator<?> chunks) {
        DingTalkBotMessage bot = (DingTalkBotMessage) input;
        AiCardStream cards;
        try {
            cards = context.aiCards().get();
        } catch (RuntimeException e) {
            failed(e, "could not open an AI card");
            return;
        }
        String group = bot.isGroup() ? bot.getConversationId() : null;
        cards.open(group, group == null ? List.of(bot.getSenderStaffId()) : List.of())
                .whenComplete((outTrackId, failure) -> {
                    if (failure != null) {
                        Chunks.close(output);
                        replyFailed(new DingTalkStreamException("the AI card was not delivered: "
                                + cause(failure).getMessage(), cause(failure)));
                        return;
                    }
                    markDoneThenAck(ExchangeToAck.success(context.kind(), exchange, input));
                    context.streaming().execute(() -> pump(cards, outTrackId, output, chunks));
                });
    }

    private void pump(AiCardStream cards, String outTrackId, Object output, Iterator<?> chunks) {
        try {
            cards.stream(outTrackId, chunks);
            context.metrics().replySent(1);
        } catch (RuntimeException e) {
            context.metrics().replyFailed();
            context.exceptionHandler().handleException("DingTalk Stream message " + frame.messageId()
                    + ": the streamed answer failed; AI card " + outTrackId + " is marked failed", exchange, e);
        } finally {
            Chunks.close(output);
            release();
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private void replyFailed(RuntimeException error) {
        context.metrics().replyFailed();
        failed(new DingTalkStreamException("Reply to bot message " + frame.messageId() + " was not delivered: "
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
        try {
            context.claims().confirm(claim);
        } catch (RuntimeException e) {
            context.exceptionHandler().handleException("Idempotent repository could not mark message "
                    + frame.messageId() + " done", exchange, e);
        }
        context.acks().send(ack, decision, received);
    }

    private void failed(Exception failure, String what) {
        try {
            context.claims().release(claim);
            context.acks().send(ack, ExchangeToAck.failure(context.kind(), failure), received);
            context.exceptionHandler().handleException("DingTalk Stream message " + frame.messageId() + " " + what,
                    exchange, failure);
        } finally {
            release();
        }
    }

    private void release() {
        try {
            context.release().accept(exchange);
        } finally {
            done.run();
        }
    }
}
