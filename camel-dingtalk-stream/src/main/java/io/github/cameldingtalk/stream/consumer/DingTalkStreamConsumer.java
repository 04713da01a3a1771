package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.AckMode;
import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import io.github.cameldingtalk.stream.DingTalkStreamEndpoint;
import io.github.cameldingtalk.stream.DingTalkStreamTopic;
import io.github.cameldingtalk.stream.app.Registration;
import io.github.cameldingtalk.stream.app.StreamSubscriber;
import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.StreamClient;
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
    private final AckSender acks;
    private volatile boolean accepting;
    private volatile Registration registration;
    private ScheduledExecutorService timer;
    private ExecutorService streaming;
    private Admission admission;
    private IdempotentClaims claims;
    private FrameCompletion.Context completions;
    private AutoCloseable micrometer;

    public DingTalkStreamConsumer(DingTalkStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
        this.topic = endpoint.getTopic();
        this.metrics = new ConsumerMetrics(configuration.getClientId(), topic.topic(), this::client,
                () -> admission == null ? 0 : admission.pending());
        this.acks = new AckSender(metrics);
        metrics.aiCards(() -> endpoint.getComponent().app(configuration).aiCardFigures());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = getEndpoint().getCamelContext();
        admission = Admission.onCamelPool(context.getExecutorServiceManager(), this, topic.topic(),
                configuration.getMaxConcurrency(), configuration.getBacklog());
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DingTalkStreamTimer");
        // like Camel's idempotent consumer EIP; not stopped here since other routes or instances may share it
        ServiceHelper.startService(configuration.getIdempotentRepository(), configuration.getClaimRepository());
        claims = new IdempotentClaims(configuration.getIdempotentRepository(), configuration.getClaimRepository(),
                getExceptionHandler(), metrics::duplicateCheckFailed);
        streaming = context.getExecutorServiceManager().newCachedThreadPool(this, "DingTalkStreamAiCard");
        completions = new FrameCompletion.Context(topic.kind(), getRouteId(), acks, metrics, claims,
                getEndpoint().getComponent().botReplies(configuration, timer),
                () -> getEndpoint().getComponent().aiCards(configuration), streaming, getExceptionHandler(),
                exchange -> releaseExchange(exchange, false));
        if (HealthCheckHelper.getHealthCheckRepository(context, "consumers", HealthCheckRepository.class) != null) {
            setHealthCheck(new DingTalkStreamConsumerHealthCheck(metrics, getRouteId(),
                    getEndpoint().getComponent().isHealthCheckConsumerEnabled()));
        }
        micrometer = MicrometerMeters.bindIfPresent(context, metrics, Map.of("clientId", metrics.clientId(), "topic",
                metrics.topic(), "routeId", String.valueOf(getRouteId())));
        register();
    }

    private void register() throws Exception {
        accepting = true;
        try {
            registration = getEndpoint().getComponent().subscribe(configuration, new StreamSubscriber(
                    "route " + getRouteId(), topic.subscription(), configuration.eventTypeSet(), this::onFrame));
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
        CamelContext context = getEndpoint().getCamelContext();
        if (admission != null) {
            // every frame taken is answered and acked first; a graceful shutdown has waited for them already
            int left = admission.awaitIdle(context.getShutdownStrategy().getTimeUnit()
                    .toMillis(context.getShutdownStrategy().getTimeout()));
            if (left > 0) {
                LOG.warn("Route {} stops with {} DingTalk messages unfinished; DingTalk will deliver them again",
                        getRouteId(), left);
            }
            admission.shutdown(context.getExecutorServiceManager());
            context.getExecutorServiceManager().shutdownNow(timer);
            context.getExecutorServiceManager().shutdownNow(streaming);
        }
        if (micrometer != null) {
            micrometer.close();
            micrometer = null;
        }
        super.doStop();
    }

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

    /** On the WebSocket reader thread: decide, hand off, return. */
    private void onFrame(Frame frame, Acknowledger ack) {
        long received = System.nanoTime();
        metrics.frameReceived();
        if (!accepting) {
            acks.handBack(frame, ack, "route stopping");
            return;
        }
        String conversation = topic.kind() == DingTalkStreamTopic.Kind.BOT && configuration.isOrderPerConversation()
                ? FrameToExchange.conversationId(frame) : null;
        if (!admission.offer(conversation, done -> process(frame, ack, received, done),
                reason -> acks.handBack(frame, ack, reason))) {
            metrics.overloaded();
            acks.handBack(frame, ack, "consumer busy");
        } else if (configuration.getAckMode() == AckMode.IMMEDIATE) {
            acks.send(ack, ExchangeToAck.plainSuccess(topic.kind()), received);
        }
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
            finishUnrouted(() -> acks.send(ack, ExchangeToAck.invalidData(topic.kind()), received), exchange, done);
            return;
        }
        IdempotentClaims.Claim claim = claims.claim(frame, input, exchange);
        if (claim.isInProgress()) {
            LOG.debug("Message {} (connection {}) is being processed elsewhere: handed back", frame.messageId(),
                    ack.connectionId());
            finishUnrouted(() -> acks.handBack(frame, ack, "being processed elsewhere"), exchange, done);
            return;
        }
        if (claim.isDuplicate()) {
            metrics.duplicateDropped();
            LOG.debug("Duplicate message {} (connection {}) acked without routing", frame.messageId(), ack.connectionId());
            finishUnrouted(() -> acks.send(ack, ExchangeToAck.plainSuccess(topic.kind()), received), exchange, done);
            return;
        }
        ScheduledFuture<?> fallback = configuration.getAckTimeout() > 0 && configuration.getAckMode() == AckMode.AFTER_ROUTE
                ? timer.schedule(() -> acks.send(ack, ExchangeToAck.plainSuccess(topic.kind()), received),
                        configuration.getAckTimeout(), TimeUnit.MILLISECONDS)
                : null;
        FrameCompletion completion = new FrameCompletion(completions, frame, ack, received, exchange, input, claim,
                done);
        getAsyncProcessor().process(exchange, doneSync -> {
            if (fallback != null) {
                fallback.cancel(false);
            }
            completion.routed();
        });
    }

    /**
     * Ends a frame that is not routed (invalid data, duplicate, in progress elsewhere): its ack or hand-back, then the
     * exchange and the slot go.
     */
    private void finishUnrouted(Runnable answer, Exchange exchange, Runnable done) {
        try {
            answer.run();
            releaseExchange(exchange, false);
        } finally {
            done.run();
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
