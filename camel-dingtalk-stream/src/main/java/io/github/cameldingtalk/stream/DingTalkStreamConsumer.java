package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.StreamClient;
import io.github.cameldingtalk.stream.client.StreamClientListener;
import io.github.cameldingtalk.stream.client.StreamClientOptions;
import io.github.cameldingtalk.stream.reply.SessionWebhookClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Stream connection of the endpoint and turns each EVENT/CALLBACK frame into one exchange, processed on
 * a Camel thread pool (never on the WebSocket reader thread), with at most {@code maxConcurrency} in flight. The
 * ack goes out when the route completes.
 */
public class DingTalkStreamConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamConsumer.class);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final DingTalkStreamEndpoint endpoint;
    private final DingTalkStreamConfiguration configuration;
    private final DingTalkStreamTopic topic;
    private final Set<String> eventTypes;
    private final AtomicLong overloadRejections = new AtomicLong();
    private volatile StreamClient client;
    private volatile ExecutorService executor;
    private volatile Semaphore permits;
    private volatile SessionWebhookClient replies;
    private static volatile OkHttpClient sharedHttp;

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
        permits = new Semaphore(max);
        ThreadPoolProfile profile = new ThreadPoolProfile("DingTalkStreamConsumer");
        profile.setPoolSize(max);
        profile.setMaxPoolSize(max);
        profile.setMaxQueueSize(max);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newThreadPool(this, "DingTalkStream[" + topic.topic() + "]", profile);

        if (HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "consumers",
                HealthCheckRepository.class) != null) {
            DingTalkStreamConsumerHealthCheck check = new DingTalkStreamConsumerHealthCheck(this, getRouteId());
            check.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
            setHealthCheck(check);
        }
        OkHttpClient http = configuration.getOkHttpClient() != null ? configuration.getOkHttpClient() : defaultHttp();
        replies = new SessionWebhookClient(http, REPLY_TIMEOUT);
        StreamClientOptions options = new StreamClientOptions()
                .apiUrl(configuration.getApiUrl())
                .credentials(configuration.getClientId(), configuration.getClientSecret())
                .subscriptions(List.of(topic.subscription()))
                .reconnectInitialDelay(Duration.ofMillis(configuration.getReconnectInitialDelay()))
                .reconnectMaxDelay(Duration.ofMillis(configuration.getReconnectMaxDelay()))
                .pingInterval(Duration.ofMillis(configuration.getPingInterval()))
                .httpClient(http);
        client = new StreamClient(options, this::onFrame, new StreamClientListener() {
            @Override
            public void onConnectFailed(Exception error, Duration retryIn) {
                // logged by the client once per change; the health check shows it
            }
        });
        client.start();
    }

    @Override
    protected void doStop() throws Exception {
        StreamClient current = client;
        if (current != null) {
            current.stop(Duration.ofSeconds(10));
            client = null;
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        super.doStop();
    }

    /** On the WebSocket reader thread: decide, hand off, return. */
    private void onFrame(Frame frame, Acknowledger ack) {
        if (topic.kind() == DingTalkStreamTopic.Kind.EVENTS) {
            if (!frame.isEvent()) {
                ack.skip();
                return;
            }
            if (!eventTypes.isEmpty() && !eventTypes.contains(frame.header("eventType"))) {
                ack.ack(200, "OK", ExchangeToAck.EVENT_SUCCESS.data());
                return;
            }
        }
        if (!isRunAllowed() || !permits.tryAcquire()) {
            overloaded(frame, ack);
            return;
        }
        try {
            executor.execute(() -> process(frame, ack));
        } catch (RejectedExecutionException | NullPointerException e) {
            permits.release();
            overloaded(frame, ack);
        }
    }

    private void overloaded(Frame frame, Acknowledger ack) {
        overloadRejections.incrementAndGet();
        if (frame.isEvent()) {
            ack.ack(200, "OK", ExchangeToAck.later("consumer busy").data());
        } else {
            ack.skip();
        }
        LOG.debug("Consumer busy or stopping: message {} handed back to DingTalk", frame.messageId());
    }

    private void process(Frame frame, Acknowledger ack) {
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Object input;
        try {
            input = FrameToExchange.populate(frame, topic.kind(), exchange.getIn());
        } catch (IllegalArgumentException e) {
            LOG.warn("Message {} has data that is not a valid {} payload: {}", frame.messageId(), topic.kind(),
                    e.getMessage());
            send(ack, topic.kind() == DingTalkStreamTopic.Kind.EVENTS
                    ? ExchangeToAck.later("invalid data") : new ExchangeToAck.Ack(400, "invalid data", null));
            releaseExchange(exchange, false);
            permits.release();
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> complete(frame, ack, exchange, input));
    }

    private void complete(Frame frame, Acknowledger ack, Exchange exchange, Object input) {
        try {
            Exception failure = exchange.getException();
            if (failure != null) {
                send(ack, ExchangeToAck.failure(topic.kind(), failure));
                getExceptionHandler().handleException("DingTalk Stream message " + frame.messageId()
                        + " failed in the route; DingTalk was told to deliver it again", exchange, failure);
                return;
            }
            String reply = topic.kind() == DingTalkStreamTopic.Kind.BOT ? ExchangeToAck.botReply(exchange, input) : null;
            send(ack, ExchangeToAck.success(topic.kind(), exchange, input));
            if (reply != null) {
                postReply(frame, exchange, reply);
            }
        } catch (RuntimeException e) {
            send(ack, ExchangeToAck.failure(topic.kind(), e));
            getExceptionHandler().handleException("Cannot turn the route's output into a DingTalk answer", exchange, e);
        } finally {
            permits.release();
            releaseExchange(exchange, false);
        }
    }

    private void postReply(Frame frame, Exchange exchange, String reply) {
        String webhook = exchange.getIn().getHeader(DingTalkStreamConstants.SESSION_WEBHOOK, String.class);
        if (webhook == null) {
            getExceptionHandler().handleException(new DingTalkStreamException(
                    "Bot message " + frame.messageId() + " has no sessionWebhook: the reply was not sent"));
            return;
        }
        String messageId = frame.messageId();
        replies.post(webhook, reply).whenComplete((ok, error) -> {
            if (error != null) {
                getExceptionHandler().handleException(new DingTalkStreamException(
                        "Reply to bot message " + messageId + " was not delivered: " + error.getMessage(), error));
            }
        });
    }

    private static void send(Acknowledger ack, ExchangeToAck.Ack decision) {
        if (!ack.ack(decision.code(), decision.message(), decision.data())) {
            LOG.debug("Ack not sent (connection gone); DingTalk will deliver the message again");
        }
    }

    private static OkHttpClient defaultHttp() {
        OkHttpClient http = sharedHttp;
        if (http == null) {
            synchronized (DingTalkStreamConsumer.class) {
                if (sharedHttp == null) {
                    sharedHttp = new OkHttpClient();
                }
                http = sharedHttp;
            }
        }
        return http;
    }

    StreamClient getClient() {
        return client;
    }

    public DingTalkStreamTopic getTopic() {
        return topic;
    }

    public long getOverloadRejections() {
        return overloadRejections.get();
    }

    /** Exchanges in flight now. */
    public int getInflightExchanges() {
        Semaphore current = permits;
        return current == null ? 0 : configuration.getMaxConcurrency() - current.availablePermits();
    }
}
