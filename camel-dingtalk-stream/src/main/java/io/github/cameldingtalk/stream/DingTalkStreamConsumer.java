package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.StreamClient;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.reply.SessionWebhookClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each EVENT/CALLBACK frame of its topic into one exchange, processed on a Camel thread pool (never on the
 * WebSocket reader thread) with at most {@code maxConcurrency} in flight, and acks it as {@code ackMode} says.
 * The Stream connections belong to the component's connection manager of the app, shared with the app's other
 * consumers. It is {@link Suspendable}, so that a graceful shutdown first stops it taking frames and then waits for
 * the exchanges in flight.
 */
@ManagedResource(description = "DingTalk Stream consumer")
public class DingTalkStreamConsumer extends DefaultConsumer implements Suspendable {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamConsumer.class);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECTION_DRAIN = Duration.ofSeconds(10);

    private final DingTalkStreamEndpoint endpoint;
    private final DingTalkStreamConfiguration configuration;
    private final DingTalkStreamTopic topic;
    private final Set<String> eventTypes;
    private final ConsumerMetrics metrics = new ConsumerMetrics();
    private final Object inflightMonitor = new Object();
    private volatile boolean accepting;
    private volatile DingTalkStreamConnectionManager manager;
    private volatile ExecutorService executor;
    private volatile ScheduledExecutorService ackTimer;
    private volatile Semaphore permits;
    private volatile SessionWebhookClient replies;
    private volatile OkHttpClient http;
    private volatile AutoCloseable micrometer;

    public DingTalkStreamConsumer(DingTalkStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
        this.topic = endpoint.getTopic();
        this.eventTypes = configuration.eventTypeSet();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        int max = configuration.getMaxConcurrency();
        // admitted frames: the ones running plus those waiting in the bounded backlog
        permits = new Semaphore(admissionLimit());
        ThreadPoolProfile profile = new ThreadPoolProfile("DingTalkStreamConsumer");
        profile.setPoolSize(max);
        profile.setMaxPoolSize(max);
        profile.setMaxQueueSize(Math.max(1, admissionLimit()));
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newThreadPool(this, "DingTalkStream[" + topic.topic() + "]", profile);
        if (configuration.getAckTimeout() > 0 && configuration.getAckMode() == AckMode.AFTER_ROUTE) {
            ackTimer = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "DingTalkStreamAckTimeout");
        }
        if (HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "consumers",
                HealthCheckRepository.class) != null) {
            DingTalkStreamConsumerHealthCheck check = new DingTalkStreamConsumerHealthCheck(this, getRouteId());
            check.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
            setHealthCheck(check);
        }
        // like Camel's idempotent consumer EIP; not stopped here since other routes or instances may share it
        org.apache.camel.support.service.ServiceHelper.startService(configuration.getIdempotentRepository());
        http = configuration.getOkHttpClient() != null ? configuration.getOkHttpClient() : DefaultHttp.INSTANCE;
        replies = new SessionWebhookClient(http, REPLY_TIMEOUT);
        micrometer = MicrometerMeters.bindIfPresent(this);
        manager = endpoint.getComponent().connectionManager(configuration);
        accepting = true;
        try {
            manager.register(this, http);
        } catch (RuntimeException e) {
            accepting = false;
            doStop();
            throw e;
        }
    }

    @Override
    protected void doStop() throws Exception {
        accepting = false;
        awaitInflight();
        leaveConnections();
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        if (ackTimer != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(ackTimer);
            ackTimer = null;
        }
        if (micrometer != null) {
            micrometer.close();
            micrometer = null;
        }
        super.doStop();
    }

    /**
     * Stops taking frames at once (those arriving are handed back to DingTalk) and drops this topic from the
     * subscriptions. Exchanges in flight go on; each connection stays open until their acks are out. Camel's
     * graceful shutdown suspends first, then waits for the exchanges in flight, then stops.
     */
    @Override
    protected void doSuspend() throws Exception {
        accepting = false;
        leaveConnections();
        super.doSuspend();
    }

    @Override
    protected void doResume() throws Exception {
        super.doResume();
        accepting = true;
        manager.register(this, http);
    }

    private void leaveConnections() {
        DingTalkStreamConnectionManager current = manager;
        if (current != null) {
            current.unregister(this, CONNECTION_DRAIN);
        }
    }

    /** Waits, within Camel's shutdown timeout, for the exchanges in flight, so that their acks go out. */
    private void awaitInflight() throws InterruptedException {
        long timeoutMillis = getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout());
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (inflightMonitor) {
            while (getInflightExchanges() > 0 && System.currentTimeMillis() < deadline) {
                inflightMonitor.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
        if (getInflightExchanges() > 0) {
            LOG.warn("Route {} stops with {} DingTalk messages still in flight; DingTalk will deliver them again",
                    getRouteId(), getInflightExchanges());
        }
    }

    /** Called by the connection manager on the WebSocket reader thread: decide, hand off, return. */
    void onFrame(Frame frame, Acknowledger ack) {
        long received = System.nanoTime();
        metrics.frames.increment();
        if (!accepting) {
            handBack(frame, ack, "route stopping");
            return;
        }
        if (!permits.tryAcquire()) {
            metrics.overloadRejections.increment();
            handBack(frame, ack, "consumer busy");
            return;
        }
        if (configuration.getAckMode() == AckMode.IMMEDIATE) {
            send(ack, ExchangeToAck.plainSuccess(topic.kind()), received);
        }
        ExecutorService pool = executor;
        try {
            if (pool == null) {
                throw new RejectedExecutionException("consumer stopped");
            }
            pool.execute(() -> process(frame, ack, received));
        } catch (RejectedExecutionException e) {
            release();
            metrics.overloadRejections.increment();
            handBack(frame, ack, "consumer busy");
        }
    }

    /** Events are acked LATER, callbacks left unacked: either way DingTalk delivers them again. */
    private void handBack(Frame frame, Acknowledger ack, String why) {
        if (frame.isEvent()) {
            send(ack, ExchangeToAck.later(why), System.nanoTime());
        } else {
            ack.skip();
            metrics.outcome(ConsumerMetrics.Outcome.HANDED_BACK);
        }
        LOG.debug("Message {} on connection {} handed back to DingTalk: {}", frame.messageId(), ack.connectionId(), why);
    }

    private void process(Frame frame, Acknowledger ack, long received) {
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Object input;
        try {
            input = FrameToExchange.populate(frame, topic.kind(), exchange.getIn());
        } catch (IllegalArgumentException e) {
            LOG.warn("Message {} on connection {} has data that is not a valid {} payload: {}", frame.messageId(),
                    ack.connectionId(), topic.kind(), e.getMessage());
            finishUnrouted(ack, exchange, received, topic.kind() == DingTalkStreamTopic.Kind.EVENTS
                    ? ExchangeToAck.later("invalid data") : new ExchangeToAck.Ack(400, "invalid data", null));
            return;
        }
        List<String> keys = claimKeys(frame, input, exchange);
        if (keys == null) {
            metrics.duplicates.increment();
            LOG.debug("Duplicate message {} (connection {}) acked without routing", frame.messageId(), ack.connectionId());
            finishUnrouted(ack, exchange, received, ExchangeToAck.plainSuccess(topic.kind()));
            return;
        }
        ScheduledFuture<?> fallback = ackTimer == null ? null : ackTimer.schedule(
                () -> send(ack, ExchangeToAck.plainSuccess(topic.kind()), received),
                configuration.getAckTimeout(), TimeUnit.MILLISECONDS);
        getAsyncProcessor().process(exchange, doneSync -> {
            if (fallback != null) {
                fallback.cancel(false);
            }
            complete(frame, ack, exchange, input, keys, received);
        });
    }

    private void finishUnrouted(Acknowledger ack, Exchange exchange, long received, ExchangeToAck.Ack decision) {
        send(ack, decision, received);
        releaseExchange(exchange, false);
        release();
    }

    private void complete(Frame frame, Acknowledger ack, Exchange exchange, Object input, List<String> keys,
            long received) {
        try {
            Exception failure = exchange.getException();
            if (failure != null) {
                forget(keys);
                send(ack, ExchangeToAck.failure(topic.kind(), failure), received);
                getExceptionHandler().handleException("DingTalk Stream message " + frame.messageId()
                        + " failed in route " + getRouteId(), exchange, failure);
                return;
            }
            String reply = topic.kind() == DingTalkStreamTopic.Kind.BOT ? ExchangeToAck.botReply(exchange, input) : null;
            send(ack, ExchangeToAck.success(topic.kind(), exchange, input), received);
            confirm(keys);
            if (reply != null) {
                postReply(frame, input, reply);
            }
        } catch (RuntimeException e) {
            forget(keys);
            send(ack, ExchangeToAck.failure(topic.kind(), e), received);
            getExceptionHandler().handleException("Cannot turn the route's output into a DingTalk answer", exchange, e);
        } finally {
            releaseExchange(exchange, false);
            release();
        }
    }

    /**
     * Adds the message's keys to the idempotent repository.
     *
     * @return the keys now held by this exchange; null when the message is a duplicate
     */
    private List<String> claimKeys(Frame frame, Object input, Exchange exchange) {
        IdempotentRepository repository = configuration.getIdempotentRepository();
        if (repository == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(2);
        keys.add("dingtalk-stream:messageId:" + frame.messageId());
        if (input instanceof DingTalkBotMessage bot && bot.getMsgId() != null) {
            keys.add("dingtalk-stream:msgId:" + bot.getMsgId());
        } else if (frame.isEvent() && frame.header("eventId") != null) {
            keys.add("dingtalk-stream:eventId:" + frame.header("eventId"));
        }
        List<String> claimed = new ArrayList<>(2);
        for (String key : keys) {
            Boolean added = add(repository, exchange, key, frame);
            if (added == null) {
                return claimed;
            }
            if (!added) {
                claimed.forEach(k -> repository.remove(exchange, k));
                return null;
            }
            claimed.add(key);
        }
        return claimed;
    }

    /**
     * @return whether the key was new; null when the repository cannot tell (the message is then routed unchecked)
     */
    private Boolean add(IdempotentRepository repository, Exchange exchange, String key, Frame frame) {
        try {
            return repository.add(exchange, key);
        } catch (RuntimeException e) {
            // e.g. a JDBC primary-key violation: another instance inserted the same key at the same moment
            try {
                if (repository.contains(exchange, key)) {
                    return false;
                }
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            getExceptionHandler().handleException("Idempotent repository failed; message " + frame.messageId()
                    + " is routed without duplicate check", exchange, e);
            return null;
        }
    }

    private void confirm(List<String> keys) {
        IdempotentRepository repository = configuration.getIdempotentRepository();
        for (String key : keys) {
            repository.confirm(key);
        }
    }

    private void forget(List<String> keys) {
        IdempotentRepository repository = configuration.getIdempotentRepository();
        try {
            for (String key : keys) {
                repository.remove(key);
            }
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Idempotent repository could not release " + keys, e);
        }
    }

    /** Posts the reply to the sessionWebhook of the incoming message (not a header the route may have changed). */
    private void postReply(Frame frame, Object input, String reply) {
        DingTalkBotMessage bot = (DingTalkBotMessage) input;
        String messageId = frame.messageId();
        if (bot.getSessionWebhook() == null) {
            getExceptionHandler().handleException(new DingTalkStreamException(
                    "Bot message " + messageId + " has no sessionWebhook: the reply was not sent"));
            return;
        }
        if (bot.isSessionWebhookExpired()) {
            // DingTalk would answer 300001; say so without the round trip
            getExceptionHandler().handleException(new DingTalkStreamException("Reply to bot message " + messageId
                    + " was not sent: its sessionWebhook expired at " + bot.getSessionWebhookExpiry()
                    + " (reply with the robot OpenAPI instead)"));
            return;
        }
        replies.post(bot.getSessionWebhook(), reply).whenComplete((ok, error) -> {
            if (error != null) {
                getExceptionHandler().handleException(new DingTalkStreamException(
                        "Reply to bot message " + messageId + " was not delivered: " + error.getMessage(), error));
            }
        });
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

    private void release() {
        permits.release();
        synchronized (inflightMonitor) {
            inflightMonitor.notifyAll();
        }
    }

    /** One OkHttpClient (pools, dispatcher) for every consumer without its own, made on first use. */
    private static final class DefaultHttp {
        static final OkHttpClient INSTANCE = new OkHttpClient();
    }

    StreamClient getClient() {
        DingTalkStreamConnectionManager current = manager;
        return current == null ? null : current.client();
    }

    /** False from the moment a stop or suspend begins: frames are then handed back to DingTalk. */
    boolean isAccepting() {
        return accepting;
    }

    ConsumerMetrics metrics() {
        return metrics;
    }

    public DingTalkStreamTopic getTopic() {
        return topic;
    }

    Set<String> getEventTypes() {
        return eventTypes;
    }

    DingTalkStreamConfiguration getConfiguration() {
        return configuration;
    }

    // ---------------------------------------------------------------- JMX (camel-management) and health details

    @ManagedAttribute(description = "The topic consumed")
    public String getTopicName() {
        return topic.topic();
    }

    @ManagedAttribute(description = "The app's clientId")
    public String getClientId() {
        return configuration.getClientId();
    }

    @ManagedAttribute(description = "Open Stream connections of the app taking frames")
    public int getConnectionCount() {
        StreamClient client = getClient();
        return client == null ? 0 : client.connectedCount();
    }

    private int admissionLimit() {
        return configuration.getMaxConcurrency() + Math.max(0, configuration.getBacklog());
    }

    @ManagedAttribute(description = "Frames admitted and not yet acked: exchanges running plus those waiting in the backlog")
    public int getInflightExchanges() {
        Semaphore current = permits;
        return current == null ? 0 : admissionLimit() - current.availablePermits();
    }

    @ManagedAttribute(description = "Frames of this topic received")
    public long getFramesReceived() {
        return metrics.frames.sum();
    }

    @ManagedAttribute(description = "Frames acked as successful")
    public long getAcksSuccess() {
        return metrics.outcomes(ConsumerMetrics.Outcome.SUCCESS);
    }

    @ManagedAttribute(description = "Events acked LATER (route failure, route asked, busy or stopping)")
    public long getAcksLater() {
        return metrics.outcomes(ConsumerMetrics.Outcome.LATER);
    }

    @ManagedAttribute(description = "Callbacks acked with an error code (route failure)")
    public long getAcksFailed() {
        return metrics.outcomes(ConsumerMetrics.Outcome.FAILED);
    }

    @ManagedAttribute(description = "Callbacks left unacked on purpose (busy or stopping) so DingTalk redelivers")
    public long getFramesHandedBack() {
        return metrics.outcomes(ConsumerMetrics.Outcome.HANDED_BACK);
    }

    @ManagedAttribute(description = "Duplicates acked without routing (idempotentRepository)")
    public long getDuplicatesDropped() {
        return metrics.duplicates.sum();
    }

    @ManagedAttribute(description = "Frames handed back because maxConcurrency exchanges ran and the backlog was full")
    public long getOverloadRejections() {
        return metrics.overloadRejections.sum();
    }

    @ManagedAttribute(description = "Mean time from frame arrival to ack, in milliseconds")
    public double getAckLatencyMeanMillis() {
        return metrics.ackLatencyMeanMillis();
    }

    @ManagedAttribute(description = "Longest time from frame arrival to ack, in milliseconds")
    public double getAckLatencyMaxMillis() {
        return metrics.ackLatencyMaxMillis();
    }

    @ManagedAttribute(description = "Malformed frames skipped on the app's connections")
    public long getMalformedFrames() {
        StreamClient client = getClient();
        return client == null ? 0 : client.malformedFrames();
    }

    @ManagedAttribute(description = "New connections opened by the app's client, by reason")
    public Map<String, Long> getReconnects() {
        StreamClient client = getClient();
        Map<String, Long> result = new java.util.TreeMap<>();
        if (client != null) {
            client.reconnectsByReason().forEach((reason, count) -> result.put(reason.name(), count));
        }
        return result;
    }

    @ManagedAttribute(description = "Last connection error, empty when none")
    public String getLastError() {
        StreamClient client = getClient();
        return client == null || client.lastError() == null ? "" : client.lastError();
    }
}
