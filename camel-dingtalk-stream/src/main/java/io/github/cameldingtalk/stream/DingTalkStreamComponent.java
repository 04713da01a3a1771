package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.app.AiCardSettings;
import io.github.cameldingtalk.stream.app.ConnectionSettings;
import io.github.cameldingtalk.stream.app.DingTalkApp;
import io.github.cameldingtalk.stream.app.DingTalkApps;
import io.github.cameldingtalk.stream.app.OutboundSettings;
import io.github.cameldingtalk.stream.app.ProxySettings;
import io.github.cameldingtalk.stream.app.Registration;
import io.github.cameldingtalk.stream.app.ReplySettings;
import io.github.cameldingtalk.stream.app.StreamSubscriber;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
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

    private final Map<String, ScheduledExecutorService> schedulers = new ConcurrentHashMap<>();
    @Metadata(label = "proxy", description = "Proxy host for the component's own HTTP client: the Stream connection,"
                                              + " OpenAPI calls and replies go through it. Not set: the JVM's proxy"
                                              + " properties apply (http.proxyHost, https.proxyHost, socksProxyHost,"
                                              + " and their nonProxyHosts). Not used with an okHttpClient of your own.")
    private String proxyHost;
    @Metadata(label = "proxy", description = "Proxy port (with proxyHost).")
    private Integer proxyPort;
    @Metadata(label = "proxy", defaultValue = "HTTP", enums = "HTTP,SOCKS",
              description = "Proxy type: HTTP (CONNECT tunnels for TLS) or SOCKS (SOCKS5; without authentication).")
    private String proxyType = "HTTP";
    @Metadata(label = "proxy", secret = true, description = "Username for an HTTP proxy that asks for Basic"
                                                             + " authentication (407).")
    private String proxyUsername;
    @Metadata(label = "proxy", secret = true, description = "Password for an HTTP proxy that asks for Basic"
                                                             + " authentication (407).")
    private String proxyPassword;

    private final DingTalkApps apps = new DingTalkApps(clientId -> schedulers.computeIfAbsent(clientId,
            id -> getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                    "DingTalkStream[" + id + "]")), this::proxySettings);

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
        apps.stop();
        schedulers.values().forEach(s -> getCamelContext().getExecutorServiceManager().shutdownNow(s));
        schedulers.clear();
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
    public DingTalkApp app(DingTalkStreamConfiguration c) {
        return apps.app(c.getApiUrl(), c.getClientId());
    }

    /** The endpoint's options that shape the app's connection. */
    public ConnectionSettings connectionSettings(DingTalkStreamConfiguration c) {
        return new ConnectionSettings(c.getClientSecret(), c.getConnections(), Duration.ofMillis(c.getPingInterval()),
                Duration.ofMillis(c.getReconnectInitialDelay()), Duration.ofMillis(c.getReconnectMaxDelay()),
                Duration.ofMillis(c.getConnectionTtl()), c.getOkHttpClient());
    }

    /** The endpoint's options that shape the app's OpenAPI client. */
    public OutboundSettings outboundSettings(DingTalkStreamConfiguration c) {
        return new OutboundSettings(c.getClientSecret(), c.getOkHttpClient(), c.getApiRateLimit(),
                c.getApiMaxAttempts(), Duration.ofMillis(c.getApiTimeout()));
    }

    /** How a consumer of the endpoint answers bot messages. */
    public ReplySettings replySettings(DingTalkStreamConfiguration c) {
        return new ReplySettings(c.getMaxConcurrency(), c.getReplyMaxAttempts(), Duration.ofMillis(c.getReplyTimeout()),
                Duration.ofMillis(c.getReplyRetryDelay()), c.isReplyFallback(), c.robotCodeOrClientId());
    }

    /** Which AI cards a consumer of the endpoint streams its answers into. */
    public AiCardSettings aiCardSettings(DingTalkStreamConfiguration c) {
        return new AiCardSettings(c.getAiCardTemplateId(), c.getAiCardContentKey(),
                Duration.ofMillis(c.getAiCardUpdateInterval()), c.robotCodeOrClientId());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        proxySettings(); // a wrong proxy option fails the start, naming it
    }

    /** The proxy options as the app layer takes them. */
    ProxySettings proxySettings() {
        return proxyHost == null || proxyHost.isBlank() ? ProxySettings.NONE
                : new ProxySettings(proxyType, proxyHost, proxyPort == null ? 0 : proxyPort, proxyUsername,
                        proxyPassword);
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyType() {
        return proxyType;
    }

    public void setProxyType(String proxyType) {
        this.proxyType = proxyType;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public DingTalkStreamConfiguration getConfiguration() {
        return configuration;
    }

    /** Component-level configuration: the defaults of every endpoint (credentials, apiUrl and the other options). */
    public void setConfiguration(DingTalkStreamConfiguration configuration) {
        this.configuration = configuration;
    }
}
