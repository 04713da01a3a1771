package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.AckMode;
import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import io.github.cameldingtalk.stream.DingTalkStreamEndpoint;
import io.github.cameldingtalk.stream.DingTalkStreamException;
import io.github.cameldingtalk.stream.DingTalkStreamTopic;
import io.github.cameldingtalk.stream.app.DingTalkApp;
import io.github.cameldingtalk.stream.app.Registration;
import io.github.cameldingtalk.stream.app.StreamSubscriber;
import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.StreamClient;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.reply.SessionWebhookClient;
import io.github.cameldingtalk.stream.reply.SessionWebhookException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.Suspendable;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each EVENT/CALLBACK frame of its topic into one exchange: {@code onFrame} (reader thread: admit or hand
 * back) → {@code process} (a Camel pool thread: exchange, duplicate check, route) → {@code complete} (bot reply
 * posted, then the ack, then the slot freed). The app's Stream connection belongs to the component; the consumer
 * only registers with it. {@link Suspendable} and {@link ShutdownAware}: a graceful stop first stops taking
 * frames, then waits until every admitted frame, reply included, is acked.
 */
@ManagedResource(description = "DingTalk Stream consumer")
public class DingTalkStreamConsumer extends DefaultConsumer
        implements Suspendable, ShutdownAware, ManagedConsumerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamConsumer.class);

    private final DingTalkStreamConfiguration configuration;
    private final DingTalkStreamTopic topic;
    private final ConsumerMetrics metrics;
    private volatile boolean accepting;
    private volatile Registration registration;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private Admission admission;
    private IdempotentClaims claims;
    private SessionWebhookClient replies;
    private AutoCloseable micrometer;

    public DingTalkStreamConsumer(DingTalkStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
        this.topic = endpoint.getTopic();
        this.metrics = new ConsumerMetrics(this::client, () -> admission == null ? 0 : admission.pending());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = getEndpoint().getCamelContext();
        ThreadPoolProfile profile = new ThreadPoolProfile("DingTalkStreamConsumer");
        profile.setPoolSize(configuration.getMaxConcurrency());
        profile.setMaxPoolSize(configuration.getMaxConcurrency());
        profile.setMaxQueueSize(-1); // bounded by the admission
        executor = context.getExecutorServiceManager().newThreadPool(this, "DingTalkStream[" + topic.topic() + "]",
                profile);
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DingTalkStreamTimer");
        admission = new Admission(configuration.getMaxConcurrency(), configuration.getBacklog(), executor);
        // like Camel's idempotent consumer EIP; not stopped here since other routes or instances may share it
        ServiceHelper.startService(configuration.getIdempotentRepository());
        claims = new IdempotentClaims(configuration.getIdempotentRepository(), getExceptionHandler());
        replies = getEndpoint().getComponent().sessionWebhookClient(configuration, timer);
        if (HealthCheckHelper.getHealthCheckRepository(context, "consumers", HealthCheckRepository.class) != null) {
            DingTalkStreamConsumerHealthCheck check = new DingTalkStreamConsumerHealthCheck(metrics, getRouteId(),
                    topic.topic());
            check.setEnabled(getEndpoint().getComponent().isHealthCheckConsumerEnabled());
            setHealthCheck(check);
        }
        micrometer = MicrometerMeters.bindIfPresent(context, metrics, Map.of("clientId",
                configuration.getClientId(), "topic", topic.topic(), "routeId", String.valueOf(getRouteId())));
        register();
    }

    private void register() throws Exception {
        accepting = true;
        StreamSubscriber subscriber = new StreamSubscriber("route " + getRouteId(), topic.subscription(),
                configuration.eventTypeSet(), this::onFrame);
        CamelContext context = getEndpoint().getCamelContext();
        boolean contextStarted = context.isStarted();
        DingTalkApp app = getEndpoint().getComponent().app(configuration);
        try {
            registration = app.register(subscriber, getEndpoint().getComponent().connectionSettings(configuration),
                    contextStarted);
            if (!contextStarted) {
                // the routes of a starting context register one after the other: connect once, with all topics
                context.addStartupListener((camelContext, alreadyStarted) -> app.connect());
            }
        } catch (Exception e) {
            accepting = false;
            throw e;
        }
    }

    /** Hands what arrives from now on back to DingTalk and leaves the connection (after the acks in flight). */
    private void leave() {
        accepting = false;
        Registration current = registration;
        registration = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    protected void doSuspend() throws Exception {
        leave();
        super.doSuspend();
    }

    @Override
    protected void doResume() throws Exception {
        super.doResume();
        register();
    }

    @Override
    protected void doStop() throws Exception {
        leave();
        if (admission != null) {
            long timeout = getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                    .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout());
            int left = admission.awaitIdle(timeout);
            if (left > 0) {
                LOG.warn("Route {} stops with {} DingTalk messages unfinished; DingTalk will deliver them again",
                        getRouteId(), left);
            }
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(timer);
        }
        if (micrometer != null) {
            micrometer.close();
            micrometer = null;
        }
        super.doStop();
    }

    // ---------------------------------------------------------------- ShutdownAware: wait for replies and acks too

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    @Override
    public int getPendingExchangesSize() {
        return admission == null ? 0 : admission.pending();
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        accepting = false;
    }

    // ---------------------------------------------------------------- onFrame → process → complete

    /** On the WebSocket reader thread: decide, hand off, return. */
    private void onFrame(Frame frame, Acknowledger ack) {
        long received = System.nanoTime();
        metrics.frameReceived();
        if (!accepting) {
            handBack(frame, ack, "route stopping");
            return;
        }
        String conversation = topic.kind() == DingTalkStreamTopic.Kind.BOT && configuration.isOrderPerConversation()
                ? FrameToExchange.conversationId(frame) : null;
        boolean admitted = admission.offer(conversation, new Admission.Job() {
            @Override
            public void run(Runnable done) {
                process(frame, ack, received, done);
            }

            @Override
            public void refuse(String reason) {
                handBack(frame, ack, reason);
            }
        });
        if (!admitted) {
            metrics.overloaded();
            handBack(frame, ack, "consumer busy");
        } else if (configuration.getAckMode() == AckMode.IMMEDIATE) {
            send(ack, ExchangeToAck.plainSuccess(topic.kind()), received);
        }
    }

    private void handBack(Frame frame, Acknowledger ack, String why) {
        if (ack.handBack(why)) {
            metrics.outcome(frame.isEvent() ? ConsumerMetrics.Outcome.LATER : ConsumerMetrics.Outcome.HANDED_BACK);
        }
        LOG.debug("Message {} on connection {} handed back to DingTalk: {}", frame.messageId(), ack.connectionId(), why);
    }

    /** On a pool thread: the exchange, the duplicate check, the route. */
    private void process(Frame frame, Acknowledger ack, long received, Runnable done) {
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Object input;
        try {
            input = FrameToExchange.populate(frame, topic.kind(), exchange.getIn());
        } catch (IllegalArgumentException e) {
            LOG.warn("Message {} on connection {} has data that is not a valid {} payload: {}", frame.messageId(),
                    ack.connectionId(), topic.kind(), e.getMessage());
            finish(ack, received, topic.kind() == DingTalkStreamTopic.Kind.EVENTS
                    ? ExchangeToAck.later("invalid data") : new ExchangeToAck.Ack(400, "invalid data", null),
                    exchange, done);
            return;
        }
        IdempotentClaims.Claim claim = claims.claim(frame, input, exchange);
        if (claim.isDuplicate()) {
            metrics.duplicateDropped();
            LOG.debug("Duplicate message {} (connection {}) acked without routing", frame.messageId(), ack.connectionId());
            finish(ack, received, ExchangeToAck.plainSuccess(topic.kind()), exchange, done);
            return;
        }
        ScheduledFuture<?> fallback = configuration.getAckTimeout() > 0 && configuration.getAckMode() == AckMode.AFTER_ROUTE
                ? timer.schedule(() -> send(ack, ExchangeToAck.plainSuccess(topic.kind()), received),
                        configuration.getAckTimeout(), TimeUnit.MILLISECONDS)
                : null;
        Completion completion = new Completion(frame, ack, received, exchange, input, claim, done);
        getAsyncProcessor().process(exchange, doneSync -> {
            if (fallback != null) {
                fallback.cancel(false);
            }
            completion.routed();
        });
    }

    /** After the route: for bot messages the reply first, then the ack; the slot is freed last. */
    private final class Completion {
        private final Frame frame;
        private final Acknowledger ack;
        private final long received;
        private final Exchange exchange;
        private final Object input;
        private final IdempotentClaims.Claim claim;
        private final Runnable done;

        Completion(Frame frame, Acknowledger ack, long received, Exchange exchange, Object input,
                IdempotentClaims.Claim claim, Runnable done) {
            this.frame = frame;
            this.ack = ack;
            this.received = received;
            this.exchange = exchange;
            this.input = input;
            this.claim = claim;
            this.done = done;
        }

        void routed() {
            if (exchange.getException() != null) {
                failed(exchange.getException(), "failed in route " + getRouteId());
                return;
            }
            String reply;
            try {
                reply = topic.kind() == DingTalkStreamTopic.Kind.BOT ? ExchangeToAck.botReply(exchange, input) : null;
            } catch (RuntimeException e) {
                failed(e, "has a route output that is not a DingTalk reply");
                return;
            }
            if (reply == null) {
                succeeded();
                return;
            }
            DingTalkBotMessage bot = (DingTalkBotMessage) input;
            if (bot.isSessionWebhookExpired() || bot.getSessionWebhook() == null) {
                // DingTalk would answer 300001; say so without the round trip
                replyFailed(new SessionWebhookException(0, SessionWebhookException.SESSION_EXPIRED,
                        "sessionWebhook expired", 0, "the sessionWebhook " + (bot.getSessionWebhook() == null
                                ? "is missing" : "expired at " + bot.getSessionWebhookExpiry())
                                + " (reply with the robot OpenAPI instead)"));
                return;
            }
            replies.post(bot.getSessionWebhook(), reply).whenComplete((attempts, error) -> {
                if (error == null) {
                    metrics.replySent(attempts);
                    succeeded();
                } else {
                    replyFailed(error instanceof SessionWebhookException refused ? refused
                            : new DingTalkStreamException(error.getMessage(), error));
                }
            });
        }

        private void replyFailed(RuntimeException error) {
            metrics.replyFailed();
            failed(new DingTalkStreamException("Reply to bot message " + frame.messageId() + " was not delivered: "
                    + error.getMessage(), error), "could not be answered");
        }

        private void succeeded() {
            try {
                send(ack, ExchangeToAck.success(topic.kind(), exchange, input), received);
                claims.confirm(claim);
            } catch (RuntimeException e) {
                failed(e, "has a route output that is not a DingTalk answer");
                return;
            }
            finish(null, received, null, exchange, done);
        }

        private void failed(Exception failure, String what) {
            claims.release(claim);
            send(ack, ExchangeToAck.failure(topic.kind(), failure), received);
            getExceptionHandler().handleException("DingTalk Stream message " + frame.messageId() + " " + what,
                    exchange, failure);
            finish(null, received, null, exchange, done);
        }
    }

    /** Sends the ack (when given), releases the exchange and frees the frame's slot. */
    private void finish(Acknowledger ack, long received, ExchangeToAck.Ack decision, Exchange exchange, Runnable done) {
        try {
            if (ack != null) {
                send(ack, decision, received);
            }
            releaseExchange(exchange, false);
        } finally {
            done.run();
        }
    }

    private void send(Acknowledger ack, ExchangeToAck.Ack decision, long received) {
        if (ack.ack(decision.code(), decision.message(), decision.data())) {
            metrics.outcome(decision.outcome());
            metrics.ackLatency(received);
        } else {
            LOG.debug("Ack not sent on connection {} (already acked, or connection gone: DingTalk will redeliver)",
                    ack.connectionId());
        }
    }

    private StreamClient client() {
        Registration current = registration;
        return current == null ? null : current.app().client();
    }

    /** False from the moment a stop or suspend begins: frames are then handed back to DingTalk. */
    public boolean isAccepting() {
        return accepting;
    }

    @Override
    public ConsumerMetrics metrics() {
        return metrics;
    }

    @Override
    public DingTalkStreamEndpoint getEndpoint() {
        return (DingTalkStreamEndpoint) super.getEndpoint();
    }
}
