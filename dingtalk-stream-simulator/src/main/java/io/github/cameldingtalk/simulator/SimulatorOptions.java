package io.github.cameldingtalk.simulator;

import java.time.Duration;

/**
 * How the simulated gateway behaves. Defaults follow what DingTalk is documented or observed to do
 * (protocol.md); tests usually shorten the timeouts. A simulator copies them when it starts: they are fixed for
 * its life, and {@link DingTalkSimulator#options()} cannot be changed.
 */
public final class SimulatorOptions {

    private String host = "127.0.0.1";
    private int apiPort;
    private int gatewayPort;
    private boolean tls;
    private Duration ticketTtl = Duration.ofSeconds(90);
    private Duration redeliveryTimeout = Duration.ofSeconds(60);
    private Duration laterRedeliveryDelay = Duration.ofSeconds(60);
    private int maxRedeliveries = 3;
    private Duration pingInterval = Duration.ZERO;
    private Duration disconnectCloseDelay = Duration.ofSeconds(10);
    private Duration sessionWebhookTtl = Duration.ofMinutes(90);
    private Duration accessTokenTtl = Duration.ofSeconds(7200);
    private int maxConnectionsPerApp = 50;
    private int apiQpsLimit = 20;
    private double duplicateProbability;
    private String controlToken;
    private int maxRecords = 10_000;
    private boolean fixed;

    public static SimulatorOptions defaults() {
        return new SimulatorOptions();
    }

    /** Interface to bind both servers to; loopback by default. */
    public SimulatorOptions host(String host) {
        requireNotFixed();
        this.host = host;
        return this;
    }

    /**
     * The token the control API ({@code /_sim/…}) and the console require (header {@code X-Sim-Token}); null (the
     * default) makes a random one per run, printed with the console's URL. Set one for scripts.
     */
    public SimulatorOptions controlToken(String controlToken) {
        requireNotFixed();
        this.controlToken = controlToken;
        return this;
    }

    /**
     * How many of each kind of record (acks, violations, replies, API calls, open requests, finished messages) are
     * kept; beyond it the oldest go, counted in {@link DingTalkSimulator#droppedRecords()}. 10,000 by default.
     */
    public SimulatorOptions maxRecords(int maxRecords) {
        requireNotFixed();
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1");
        }
        this.maxRecords = maxRecords;
        return this;
    }

    /** Port of the open API (HTTP); 0 picks a free one. */
    public SimulatorOptions apiPort(int apiPort) {
        requireNotFixed();
        this.apiPort = apiPort;
        return this;
    }

    /** Port of the WebSocket gateway; 0 picks a free one. */
    public SimulatorOptions gatewayPort(int gatewayPort) {
        requireNotFixed();
        this.gatewayPort = gatewayPort;
        return this;
    }

    /** Serve the gateway as {@code wss://} with a generated self-signed certificate. */
    public SimulatorOptions tls(boolean tls) {
        requireNotFixed();
        this.tls = tls;
        return this;
    }

    /** How long a ticket may wait before its WebSocket is opened (DingTalk: 90 s). */
    public SimulatorOptions ticketTtl(Duration ticketTtl) {
        requireNotFixed();
        this.ticketTtl = ticketTtl;
        return this;
    }

    /** A frame not acked within this time is pushed again (DingTalk: about 60 s). */
    public SimulatorOptions redeliveryTimeout(Duration redeliveryTimeout) {
        requireNotFixed();
        this.redeliveryTimeout = redeliveryTimeout;
        return this;
    }

    /** An event acked {@code LATER} or with a non-200 code is pushed again after this delay. */
    public SimulatorOptions laterRedeliveryDelay(Duration laterRedeliveryDelay) {
        requireNotFixed();
        this.laterRedeliveryDelay = laterRedeliveryDelay;
        return this;
    }

    /** How many times one message is pushed again at most (the real number is not documented). */
    public SimulatorOptions maxRedeliveries(int maxRedeliveries) {
        requireNotFixed();
        this.maxRedeliveries = maxRedeliveries;
        return this;
    }

    /** Interval of SYSTEM {@code ping} frames on every connection; zero turns them off. */
    public SimulatorOptions pingInterval(Duration pingInterval) {
        requireNotFixed();
        this.pingInterval = pingInterval;
        return this;
    }

    /** After a SYSTEM {@code disconnect} the connection is closed after this delay (DingTalk: 10 s). */
    public SimulatorOptions disconnectCloseDelay(Duration disconnectCloseDelay) {
        requireNotFixed();
        this.disconnectCloseDelay = disconnectCloseDelay;
        return this;
    }

    /** Lifetime of a bot message's sessionWebhook (DingTalk: 90 min). */
    public SimulatorOptions sessionWebhookTtl(Duration sessionWebhookTtl) {
        requireNotFixed();
        this.sessionWebhookTtl = sessionWebhookTtl;
        return this;
    }

    /** Lifetime of access tokens from {@code /v1.0/oauth2/accessToken} (DingTalk: 7200 s). */
    public SimulatorOptions accessTokenTtl(Duration accessTokenTtl) {
        requireNotFixed();
        this.accessTokenTtl = accessTokenTtl;
        return this;
    }

    /** Live connections allowed per app; further handshakes are refused. */
    public SimulatorOptions maxConnectionsPerApp(int maxConnectionsPerApp) {
        requireNotFixed();
        this.maxConnectionsPerApp = maxConnectionsPerApp;
        return this;
    }

    /**
     * DingTalk's limit of OpenAPI calls per second, per app and API (standard edition: 20): a call beyond it in any
     * sliding second is answered 403 {@code Forbidden.AccessDenied.QpsLimitForAppkeyAndApi}, as DingTalk does, so
     * that tests meet the limit too. 0 turns it off. Changeable while running with
     * {@code DingTalkSimulator.limitApiCalls}.
     */
    public SimulatorOptions apiQpsLimit(int callsPerSecond) {
        requireNotFixed();
        this.apiQpsLimit = callsPerSecond;
        return this;
    }

    /** Probability (0..1) that a pushed EVENT or CALLBACK is also delivered a second time. */
    public SimulatorOptions duplicateProbability(double duplicateProbability) {
        requireNotFixed();
        this.duplicateProbability = duplicateProbability;
        return this;
    }

    /** A copy that cannot be changed: what a running simulator holds, so its behaviour is fixed at start. */
    SimulatorOptions fixedCopy() {
        SimulatorOptions copy = new SimulatorOptions();
        copy.host = host;
        copy.apiPort = apiPort;
        copy.gatewayPort = gatewayPort;
        copy.tls = tls;
        copy.ticketTtl = ticketTtl;
        copy.redeliveryTimeout = redeliveryTimeout;
        copy.laterRedeliveryDelay = laterRedeliveryDelay;
        copy.maxRedeliveries = maxRedeliveries;
        copy.pingInterval = pingInterval;
        copy.disconnectCloseDelay = disconnectCloseDelay;
        copy.sessionWebhookTtl = sessionWebhookTtl;
        copy.accessTokenTtl = accessTokenTtl;
        copy.maxConnectionsPerApp = maxConnectionsPerApp;
        copy.apiQpsLimit = apiQpsLimit;
        copy.duplicateProbability = duplicateProbability;
        copy.controlToken = controlToken != null && !controlToken.isBlank() ? controlToken
                : java.util.HexFormat.of().formatHex(randomBytes());
        copy.maxRecords = maxRecords;
        copy.fixed = true;
        return copy;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    public String controlToken() {
        return controlToken;
    }

    public int maxRecords() {
        return maxRecords;
    }

    private void requireNotFixed() {
        if (fixed) {
            throw new IllegalStateException("the options of a running simulator are fixed; start a simulator with"
                    + " other options, or use per-message controls (Delivery.stopRedelivery(),"
                    + " BotMessage.sessionWebhookExpiresIn(…), duplicate(messageId))");
        }
    }

    public String host() {
        return host;
    }

    public int apiPort() {
        return apiPort;
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public boolean tls() {
        return tls;
    }

    public Duration ticketTtl() {
        return ticketTtl;
    }

    public Duration redeliveryTimeout() {
        return redeliveryTimeout;
    }

    public Duration laterRedeliveryDelay() {
        return laterRedeliveryDelay;
    }

    public int maxRedeliveries() {
        return maxRedeliveries;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public Duration disconnectCloseDelay() {
        return disconnectCloseDelay;
    }

    public Duration sessionWebhookTtl() {
        return sessionWebhookTtl;
    }

    public Duration accessTokenTtl() {
        return accessTokenTtl;
    }

    public int maxConnectionsPerApp() {
        return maxConnectionsPerApp;
    }

    public int apiQpsLimit() {
        return apiQpsLimit;
    }

    public double duplicateProbability() {
        return duplicateProbability;
    }
}
