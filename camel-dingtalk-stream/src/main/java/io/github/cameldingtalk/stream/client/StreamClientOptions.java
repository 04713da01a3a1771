package io.github.cameldingtalk.stream.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/** Everything a {@link StreamClient} needs; build with the fluent setters. */
public final class StreamClientOptions {

    public static final String DEFAULT_API_URL = "https://api.dingtalk.com";

    private String apiUrl = DEFAULT_API_URL;
    private String clientId;
    private String clientSecret;
    private List<Subscription> subscriptions = List.of();
    private Duration reconnectInitialDelay = Duration.ofSeconds(1);
    private Duration reconnectMaxDelay = Duration.ofSeconds(60);
    private Duration pingInterval = Duration.ofSeconds(5);
    private Duration openTimeout = Duration.ofSeconds(10);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private int connections = 1;
    private Duration connectionTtl = Duration.ZERO;
    private String userAgent = "camel-dingtalk-stream/" + version();
    private OkHttpClient httpClient;
    private ScheduledExecutorService scheduler;
    private StreamClient.StateListener stateListener;

    public StreamClientOptions apiUrl(String apiUrl) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        return this;
    }

    public StreamClientOptions credentials(String clientId, String clientSecret) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        return this;
    }

    public StreamClientOptions subscriptions(List<Subscription> subscriptions) {
        this.subscriptions = List.copyOf(subscriptions);
        return this;
    }

    /** First reconnect delay; doubles per failed attempt up to {@link #reconnectMaxDelay}, with jitter. */
    public StreamClientOptions reconnectInitialDelay(Duration delay) {
        this.reconnectInitialDelay = delay;
        return this;
    }

    public StreamClientOptions reconnectMaxDelay(Duration delay) {
        this.reconnectMaxDelay = delay;
        return this;
    }

    /**
     * WebSocket ping interval; a pong missing by the next ping fails the socket, so a dead (half-open) link is found
     * within twice the interval. Zero disables pings.
     */
    public StreamClientOptions pingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
        return this;
    }

    /** Bound of the open-connection HTTP call and of the WebSocket handshake. */
    public StreamClientOptions openTimeout(Duration openTimeout) {
        this.openTimeout = openTimeout;
        return this;
    }

    /** How long a connection told to go away (or a stopping client) waits for in-flight acks before closing. */
    public StreamClientOptions drainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        return this;
    }

    public StreamClientOptions connections(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        this.connections = connections;
        return this;
    }

    /** Rotate each connection (make-before-break) once it is this old; zero keeps connections as long as they live. */
    public StreamClientOptions connectionTtl(Duration connectionTtl) {
        this.connectionTtl = connectionTtl;
        return this;
    }

    public StreamClientOptions userAgent(String userAgent) {
        this.userAgent = userAgent;
        return this;
    }

    /** The OkHttp client to derive from (proxy, TLS, dispatcher); a new one when not set. */
    public StreamClientOptions httpClient(OkHttpClient httpClient) {
        this.httpClient = httpClient;
        return this;
    }

    /**
     * Where connection changes run. It must run one task at a time (a single-threaded scheduler): the client keeps
     * its connection set on that thread without locks. The client makes its own thread when not set.
     */
    public StreamClientOptions scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /** Told of every change of the client's state, on the client's thread. */
    public StreamClientOptions stateListener(StreamClient.StateListener stateListener) {
        this.stateListener = stateListener;
        return this;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public String clientId() {
        return clientId;
    }

    String clientSecret() {
        return clientSecret;
    }

    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public Duration openTimeout() {
        return openTimeout;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public int connections() {
        return connections;
    }

    public Duration connectionTtl() {
        return connectionTtl;
    }

    public String userAgent() {
        return userAgent;
    }

    OkHttpClient httpClient() {
        return httpClient;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    StreamClient.StateListener stateListener() {
        return stateListener;
    }

    static String version() {
        String version = StreamClientOptions.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String toString() {
        return "StreamClientOptions[apiUrl=" + apiUrl + ", clientId=" + clientId + ", clientSecret=xxxxxx"
                + ", subscriptions=" + subscriptions + "]";
    }
}
