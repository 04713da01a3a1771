package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.app.ConnectionSettings;
import io.github.cameldingtalk.stream.app.DingTalkApp;
import io.github.cameldingtalk.stream.app.Registration;
import io.github.cameldingtalk.stream.app.StreamSubscriber;
import io.github.cameldingtalk.stream.openapi.AiCardStream;
import io.github.cameldingtalk.stream.openapi.CardCalls;
import io.github.cameldingtalk.stream.openapi.OpenApiClient;
import io.github.cameldingtalk.stream.openapi.OutboundHttp;
import io.github.cameldingtalk.stream.openapi.RetryPolicy;
import io.github.cameldingtalk.stream.reply.BotReplies;
import io.github.cameldingtalk.stream.reply.SessionWebhookClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives DingTalk (钉钉) bot messages, card callbacks and events over Stream mode. Owns one {@link DingTalkApp}
 * per (apiUrl, clientId), i.e. the app's Stream connection shared by its routes, and stops them with itself.
 */
@Component("dingtalk-stream")
public class DingTalkStreamComponent extends HealthCheckComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamComponent.class);

    @Metadata(description = "Component-level configuration: the defaults of every endpoint (credentials, apiUrl and the other options).")
    private DingTalkStreamConfiguration configuration = new DingTalkStreamConfiguration();

    private final Map<String, DingTalkApp> apps = new ConcurrentHashMap<>();
    private final Map<String, ScheduledExecutorService> schedulers = new ConcurrentHashMap<>();
    private volatile OkHttpClient defaultHttp;
    private volatile OutboundHttp ownOutbound;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DingTalkStreamConfiguration endpointConfiguration = configuration.copy();
        DingTalkStreamTopic topic = DingTalkStreamTopic.resolve(remaining);
        endpointConfiguration.setTopic(topic.topic());
        DingTalkStreamEndpoint endpoint = new DingTalkStreamEndpoint(uri, this, endpointConfiguration, topic);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    @Override
    protected void doStop() throws Exception {
        apps.values().forEach(DingTalkApp::stop);
        apps.clear();
        schedulers.values().forEach(s -> getCamelContext().getExecutorServiceManager().shutdownNow(s));
        schedulers.clear();
        OkHttpClient http = defaultHttp;
        defaultHttp = null;
        ownOutbound = null;
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        super.doStop();
    }

    /**
     * Adds a subscriber to the connection of its app. While the context starts, its routes subscribe one after
     * the other: the app then connects once the context has started, with all their topics.
     */
    public Registration subscribe(DingTalkStreamConfiguration endpointConfiguration, StreamSubscriber subscriber)
            throws Exception {
        DingTalkApp app = app(endpointConfiguration);
        boolean started = getCamelContext().isStarted();
        Registration registration = app.register(subscriber, connectionSettings(endpointConfiguration), started);
        if (!started) {
            getCamelContext().addStartupListener((context, alreadyStarted) -> app.connect());
        }
        return registration;
    }

    /** The app of these credentials: one per (apiUrl, clientId), shared by every route using them. */
    public DingTalkApp app(DingTalkStreamConfiguration endpointConfiguration) {
        String key = endpointConfiguration.getApiUrl() + "|" + endpointConfiguration.getClientId();
        return apps.computeIfAbsent(key, k -> new DingTalkApp(endpointConfiguration.getApiUrl(),
                endpointConfiguration.getClientId(), schedulers.computeIfAbsent(k, x -> getCamelContext()
                        .getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                                "DingTalkStream[" + endpointConfiguration.getClientId() + "]"))));
    }

    /** The endpoint's options that shape the app's connection. */
    public ConnectionSettings connectionSettings(DingTalkStreamConfiguration c) {
        return new ConnectionSettings(c.getClientSecret(), c.getConnections(), Duration.ofMillis(c.getPingInterval()),
                Duration.ofMillis(c.getReconnectInitialDelay()), Duration.ofMillis(c.getReconnectMaxDelay()),
                Duration.ofMillis(c.getConnectionTtl()), http(c));
    }

    /**
     * Answers the bot messages of a consumer: its sessionWebhook posts on a dispatcher of {@code maxConcurrency} calls
     * (the component's own client), retrying on {@code scheduler}; an expired webhook falls back to the app's
     * OpenAPI unless {@code replyFallback} is off.
     */
    public BotReplies botReplies(DingTalkStreamConfiguration c, ScheduledExecutorService scheduler) {
        OutboundHttp outbound = outbound(c);
        if (outbound.queuesReplies(c.getMaxConcurrency())) {
            LOG.warn("The OkHttpClient given to dingtalk-stream for clientId {} runs {} calls per host at most, fewer"
                    + " than maxConcurrency {}: replies will wait for each other (raise its Dispatcher's"
                    + " maxRequestsPerHost and maxRequests)", c.getClientId(),
                    c.getOkHttpClient().dispatcher().getMaxRequestsPerHost(), c.getMaxConcurrency());
        }
        SessionWebhookClient webhook = new SessionWebhookClient(outbound.replies(c.getMaxConcurrency()), scheduler,
                new RetryPolicy(c.getReplyMaxAttempts(), Duration.ofMillis(c.getReplyTimeout()),
                        Duration.ofMillis(c.getReplyRetryDelay())));
        return new BotReplies(webhook, c.isReplyFallback() ? () -> openApi(c) : null, c.robotCodeOrClientId());
    }

    /** The OpenAPI client of the endpoint's app (one access token and rate limit per app). */
    public OpenApiClient openApi(DingTalkStreamConfiguration c) {
        return app(c).openApi(c.getClientSecret(), outbound(c), c.getApiRateLimit(),
                new RetryPolicy(c.getApiMaxAttempts(), Duration.ofMillis(c.getApiTimeout()), Duration.ofMillis(500)));
    }

    /** The outbound clients over the endpoint's OkHttpClient: sized by the component when it is its own. */
    private OutboundHttp outbound(DingTalkStreamConfiguration c) {
        OkHttpClient base = http(c);
        if (c.getOkHttpClient() != null) {
            return OutboundHttp.of(base, false);
        }
        OutboundHttp own = ownOutbound;
        if (own == null) {
            synchronized (this) {
                if (ownOutbound == null) {
                    ownOutbound = OutboundHttp.of(base, true);
                }
                own = ownOutbound;
            }
        }
        return own;
    }

    /** Streams bot answers into AI cards of the endpoint's template, through the app's OpenAPI client. */
    public AiCardStream aiCards(DingTalkStreamConfiguration c) {
        OpenApiClient api = openApi(c);
        return new AiCardStream(new CardCalls(api, c.robotCodeOrClientId()), app(c).aiCards(), c.getAiCardTemplateId(),
                c.getAiCardContentKey(), Duration.ofMillis(c.getAiCardUpdateInterval()));
    }

    /** The endpoint's OkHttpClient, or one the component owns (pools, dispatcher) and closes when it stops. */
    public OkHttpClient http(DingTalkStreamConfiguration c) {
        if (c.getOkHttpClient() != null) {
            return c.getOkHttpClient();
        }
        OkHttpClient http = defaultHttp;
        if (http == null) {
            synchronized (this) {
                if (defaultHttp == null) {
                    defaultHttp = OutboundHttp.newOwnClient();
                }
                http = defaultHttp;
            }
        }
        return http;
    }

    public DingTalkStreamConfiguration getConfiguration() {
        return configuration;
    }

    /** Component-level configuration: the defaults of every endpoint (credentials, apiUrl and the other options). */
    public void setConfiguration(DingTalkStreamConfiguration configuration) {
        this.configuration = configuration;
    }
}
