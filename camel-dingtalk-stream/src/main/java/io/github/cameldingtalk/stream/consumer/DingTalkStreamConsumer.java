package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.AckMode;
import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import io.github.cameldingtalk.stream.DingTalkStreamEndpoint;
import io.github.cameldingtalk.stream.DingTalkStreamTopic;
import io.github.cameldingtalk.stream.DingTalkStreamComponent;
import io.github.cameldingtalk.stream.app.ConnectionStatus;
import io.github.cameldingtalk.stream.app.InboundFrame;
import io.github.cameldingtalk.stream.app.Registration;
import io.github.cameldingtalk.stream.app.StreamSubscriber;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelContext;
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
 * Turns each EVENT/CALLBACK frame of its topic into one exchange: {@code onFrame} (reader thread: the admission gives
 * a permit, or the frame is handed back) → {@link FrameRouting} (a Camel pool thread: exchange, duplicate check,
 * route) → {@link FrameCompletion} (reply, done mark, ack, exchange released, permit closed). The app's Stream
 * connection belongs to the component; the consumer only registers with it. {@link Suspendable} and {@link ShutdownAware}: a graceful stop first stops taking
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
    private Exchanges exchanges;
    private FrameRouting routing;
    private AutoCloseable micrometer;

    public DingTalkStreamConsumer(DingTalkStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
        this.topic = endpoint.getTopic();
        this.metrics = new ConsumerMetrics(configuration.getClientId(), topic.topic(), this::connection,
                () -> admission == null ? 0 : admission.pending());
        this.acks = new AckSender(metrics);
        metrics.aiCards(() -> endpoint.getComponent().app(configuration).aiCardFigures());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = getEndpoint().getCamelContext();
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DingTalkStreamTimer");
        admission = Admission.onCamelPool(context.getExecutorServiceManager(), this, topic.topic(),
                configuration.getMaxConcurrency(), configuration.getBacklog(), mergesBursts()
                        ? new Bursts(true, Duration.ofMillis(configuration.getMergeWindow()), timer) : Bursts.OFF);
        // like Camel's idempotent consumer EIP; not stopped here since other routes or instances may share it
        ServiceHelper.startService(configuration.getIdempotentRepository(), configuration.getClaimRepository());
        IdempotentClaims claims = new IdempotentClaims(configuration.getIdempotentRepository(),
                configuration.getClaimRepository(), getExceptionHandler(), metrics::duplicateCheckFailed);
        streaming = context.getExecutorServiceManager().newCachedThreadPool(this, "DingTalkStreamAiCard");
        exchanges = new Exchanges(this, getRouteId());
        DingTalkStreamComponent component = getEndpoint().getComponent();
        Answers answers = new Answers(component.app(configuration).replySender(
                component.replySettings(configuration), component.outboundSettings(configuration), timer),
                () -> component.app(configuration).aiCardStreams(component.aiCardSettings(configuration),
                        component.outboundSettings(configuration)), streaming);
        routing = new FrameRouting(new FrameCompletion.Context(topic.kind(), getRouteId(), acks, metrics, claims,
                answers, getExceptionHandler(), exchanges), getAsyncProcessor(), timer,
                configuration.getAckMode() == AckMode.AFTER_ROUTE ? configuration.getAckTimeout() : 0);
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
            String name = "route " + getRouteId();
            registration = getEndpoint().getComponent().subscribe(configuration,
                    topic.kind() == DingTalkStreamTopic.Kind.EVENTS
                            ? StreamSubscriber.events(name, configuration.eventTypeSet(), this::onFrame)
                            : StreamSubscriber.callbacks(name, topic.topic(), this::onFrame));
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
            exchanges.close();
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
    private void onFrame(InboundFrame frame) {
        long received = System.nanoTime();
        metrics.frameReceived();
        if (!accepting) {
            acks.handBack(frame, "route stopping");
            return;
        }
        FrameToExchange.Keys keys = topic.kind() == DingTalkStreamTopic.Kind.BOT
                && configuration.isOrderPerConversation() ? FrameToExchange.keys(frame, mergesBursts())
                : FrameToExchange.Keys.NONE;
        if (!admission.offer(keys.conversationId(), routing.job(new ArrivedFrame(frame, received, keys.senderId())))) {
            metrics.overloaded();
            acks.handBack(frame, "consumer busy");
        } else if (configuration.getAckMode() == AckMode.IMMEDIATE) {
            acks.send(frame, ExchangeToAck.plainSuccess(topic.kind()), received);
        }
    }

    private boolean mergesBursts() {
        return configuration.isMergeBursts() && topic.kind() == DingTalkStreamTopic.Kind.BOT;
    }

    private ConnectionStatus connection() {
        Registration current = registration;
        return current == null ? null : current.status();
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
