package io.github.cameldingtalk.simulator;

import java.time.Duration;

/**
 * How the simulated gateway behaves. Defaults follow what DingTalk is documented or observed to do
 * (protocol.md); tests usually shorten the timeouts.
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
    private double duplicateProbability;

    public static SimulatorOptions defaults() {
        return new SimulatorOptions();
    }

    /** Interface to bind both servers to; loopback by default. */
    public SimulatorOptions host(String host) {
        this.host = host;
        return this;
    }

    /** Port of the open API (HTTP); 0 picks a free one. */
    public SimulatorOptions apiPort(int apiPort) {
        this.apiPort = apiPort;
        return this;
    }

    /** Port of the WebSocket gateway; 0 picks a free one. */
    public SimulatorOptions gatewayPort(int gatewayPort) {
        this.gatewayPort = gatewayPort;
        return this;
    }

    /** Serve the gateway as {@code wss://} with a generated self-signed certificate. */
    public SimulatorOptions tls(boolean tls) {
        this.tls = tls;
        return this;
    }

    /** How long a ticket may wait before its WebSocket is opened (DingTalk: 90 s). */
    public SimulatorOptions ticketTtl(Duration ticketTtl) {
        this.ticketTtl = ticketTtl;
        return this;
    }

    /** A frame not acked within this time is pushed again (DingTalk: about 60 s). */
    public SimulatorOptions redeliveryTimeout(Duration redeliveryTimeout) {
        this.redeliveryTimeout = redeliveryTimeout;
        return this;
    }

    /** An event acked {@code LATER} or with a non-200 code is pushed again after this delay. */
    public SimulatorOptions laterRedeliveryDelay(Duration laterRedeliveryDelay) {
        this.laterRedeliveryDelay = laterRedeliveryDelay;
        return this;
    }

    /** How many times one message is pushed again at most (the real number is not documented). */
    public SimulatorOptions maxRedeliveries(int maxRedeliveries) {
        this.maxRedeliveries = maxRedeliveries;
        return this;
    }

    /** Interval of SYSTEM {@code ping} frames on every connection; zero turns them off. */
    public SimulatorOptions pingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
        return this;
    }

    /** After a SYSTEM {@code disconnect} the connection is closed after this delay (DingTalk: 10 s). */
    public SimulatorOptions disconnectCloseDelay(Duration disconnectCloseDelay) {
        this.disconnectCloseDelay = disconnectCloseDelay;
        return this;
    }

    /** Lifetime of a bot message's sessionWebhook (DingTalk: 90 min). */
    public SimulatorOptions sessionWebhookTtl(Duration sessionWebhookTtl) {
        this.sessionWebhookTtl = sessionWebhookTtl;
        return this;
    }

    /** Lifetime of access tokens from {@code /v1.0/oauth2/accessToken} (DingTalk: 7200 s). */
    public SimulatorOptions accessTokenTtl(Duration accessTokenTtl) {
        this.accessTokenTtl = accessTokenTtl;
        return this;
    }

    /** Live connections allowed per app; further handshakes are refused. */
    public SimulatorOptions maxConnectionsPerApp(int maxConnectionsPerApp) {
        this.maxConnectionsPerApp = maxConnectionsPerApp;
        return this;
    }

    /** Probability (0..1) that a pushed EVENT or CALLBACK is also delivered a second time. */
    public SimulatorOptions duplicateProbability(double duplicateProbability) {
        this.duplicateProbability = duplicateProbability;
        return this;
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

    public double duplicateProbability() {
        return duplicateProbability;
    }
}
