package io.github.cameldingtalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.simulator.internal.Apps;
import io.github.cameldingtalk.simulator.internal.CardApi;
import io.github.cameldingtalk.simulator.internal.ControlApi;
import io.github.cameldingtalk.simulator.internal.Deliveries;
import io.github.cameldingtalk.simulator.internal.Faults;
import io.github.cameldingtalk.simulator.internal.QpsLimit;
import io.github.cameldingtalk.simulator.internal.Feed;
import io.github.cameldingtalk.simulator.internal.Gateway;
import io.github.cameldingtalk.simulator.internal.GatewayConnections;
import io.github.cameldingtalk.simulator.internal.HttpApi;
import io.github.cameldingtalk.simulator.internal.Json;
import io.github.cameldingtalk.simulator.internal.MediaApi;
import io.github.cameldingtalk.simulator.internal.OpenConnections;
import io.github.cameldingtalk.simulator.internal.RobotApi;
import io.github.cameldingtalk.simulator.internal.SideApi;
import io.github.cameldingtalk.simulator.internal.Tickets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A local DingTalk Stream gateway: the open API ({@code POST /v1.0/gateway/connections/open} and the side APIs a
 * bot uses) on one port, the WebSocket gateway on another, plus a control API under {@value #CONTROL_PREFIX}. This
 * class is the public face; the parts behind it (apps, open calls, robot and card APIs, gateway connections,
 * faults) live in the {@code internal} package.
 *
 * <pre>{@code
 * try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults())) {
 *     sim.registerApp("dingapp", "secret");
 *     // point the client at sim.apiUrl() ...
 *     Delivery d = sim.pushBotMessage("dingapp", BotMessage.text("hello"));
 *     Ack ack = d.awaitAck(Duration.ofSeconds(5));
 *     sim.assertNoViolations();
 * }
 * }</pre>
 */
public final class DingTalkSimulator implements AutoCloseable {

    public static final String BOT_TOPIC = "/v1.0/im/bot/messages/get";
    public static final String CARD_TOPIC = "/v1.0/card/instances/callback";
    /** Path prefix of the control API; DingTalk has nothing under it. */
    public static final String CONTROL_PREFIX = HttpApi.CONTROL_PREFIX;

    private static final System.Logger LOG = System.getLogger(DingTalkSimulator.class.getName());

    static {
        // The JDK server writes an answer's headers and body in two segments; without TCP_NODELAY the body waits for
        // the client's delayed ACK (~40 ms on Linux), a delay DingTalk does not have. Read once, when the JDK's
        // server configuration loads: set it before the first server starts, unless the user chose otherwise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** A frame the simulator can send on purpose to test a client's robustness. */
    public enum Malformed {
        /** A text frame that is not JSON. */
        NOT_JSON,
        /** A binary frame. */
        BINARY,
        /** JSON without {@code headers}. */
        NO_HEADERS,
        /** A CALLBACK frame whose headers lack {@code messageId}. */
        NO_MESSAGE_ID,
        /** A CALLBACK frame whose {@code data} is an object, not a string. */
        DATA_NOT_STRING,
        /** An empty text frame. */
        EMPTY
    }

    private final SimulatorOptions options;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private final Apps apps;
    private final Faults injected = new Faults();
    private final Feed feed = new Feed();
    private final OpenConnections openConnections;
    private final RobotApi robot;
    private final CardApi cards = new CardApi(feed);
    private final MediaApi media;
    private final GatewayConnections connections;
    private final Deliveries deliveries;
    private final SelfSignedTls tls;
    private final Gateway gateway;
    private final SideApi sideApi;
    private final HttpApi httpApi;
    private final QpsLimit qpsLimit;
    private final SimulatorPush push;
    private final SimulatorFaults faults;
    private final SimulatorRecords records;

    private DingTalkSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("dingtalk-sim-scheduler"));
        this.httpExecutor = Executors.newCachedThreadPool(daemonThreads("dingtalk-sim-http"));
        Tickets tickets = new Tickets(options.ticketTtl(), clock);
        this.apps = new Apps(options.accessTokenTtl(), clock);
        this.qpsLimit = new QpsLimit(options.apiQpsLimit());
        this.connections = new GatewayConnections(tickets, apps, options.maxConnectionsPerApp(), feed);
        this.deliveries = new Deliveries(options, scheduler, connections, clock, feed);
        connections.deliverTo(deliveries);
        deliveries.onAck((message, ack) -> {
            if (CARD_TOPIC.equals(message.topic()) && ack.code() == 200) {
                cards.applyCallbackResponse(Json.text(Json.parseOrNull(message.data()), "outTrackId"), ack.response());
            }
        });
        this.openConnections = new OpenConnections(apps, tickets, injected, this::gatewayUrl, clock,
                options.maxRecords());
        this.robot = new RobotApi(options.sessionWebhookTtl(), injected, feed, this::apiUrl, clock,
                options.maxRecords());
        this.media = new MediaApi(apps, clock);
        this.tls = options.tls() ? new SelfSignedTls(options.host()) : null;
        this.gateway = new Gateway(options.host(), options.gatewayPort(), tls == null ? null : tls.serverContext(),
                connections);
        this.sideApi = new SideApi(apps, robot, cards, media, injected, qpsLimit, options.maxRecords());
        this.httpApi = new HttpApi(openConnections, sideApi, robot, media, injected, feed, new ControlApi(this),
                new InetSocketAddress(options.host(), options.apiPort()), httpExecutor, options.controlToken());
        SimulatorParts parts = new SimulatorParts(options, clock, scheduler, apps, injected, qpsLimit, feed,
                openConnections, robot, cards, media, connections, deliveries, gateway, sideApi);
        this.push = new SimulatorPush(parts);
        this.faults = new SimulatorFaults(parts);
        this.records = new SimulatorRecords(parts);
        if (!options.pingInterval().isZero()) {
            long every = options.pingInterval().toMillis();
            scheduler.scheduleAtFixedRate(this::pingAll, every, every, TimeUnit.MILLISECONDS);
        }
        LOG.log(System.Logger.Level.DEBUG, "DingTalk Stream simulator: open API {0}, gateway {1}", apiUrl(),
                gatewayUrl());
    }

    /** Starts both servers with a fixed copy of the options. Close the simulator to stop them. */
    public static DingTalkSimulator start(SimulatorOptions options) {
        try {
            return new DingTalkSimulator(options.fixedCopy());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the DingTalk Stream simulator: " + e.getMessage(), e);
        }
    }

    public static DingTalkSimulator start() {
        return start(SimulatorOptions.defaults());
    }

    // ---------------------------------------------------------------- what users do: push, faults, records

    /** Sending to the bot: messages, card callbacks, events, callbacks, load, SYSTEM frames, user files. */
    public SimulatorPush push() {
        return push;
    }

    /** Breaking things on purpose: connections, open calls, handshakes, replies, OpenAPI calls, sessions, tokens. */
    public SimulatorFaults faults() {
        return faults;
    }

    /** Reading what happened: connections, messages and acks, violations, what the bot said. */
    public SimulatorRecords records() {
        return records;
    }

    // ---------------------------------------------------------------- apps and addresses

    /** Registers an app (or replaces its secret): the open call accepts exactly these credentials. */
    public DingTalkSimulator registerApp(String clientId, String clientSecret) {
        apps.register(clientId, clientSecret);
        return this;
    }

    /** The registered apps' clientIds. */
    public List<String> apps() {
        return apps.clientIds();
    }

    public void removeApp(String clientId) {
        apps.remove(clientId);
    }

    /** Base URL of the open API, what a client uses instead of {@code https://api.dingtalk.com}. */
    public String apiUrl() {
        return "http://" + hostForUrl() + ":" + httpApi.port();
    }

    /** The endpoint the open call hands out, with an explicit port and {@code /connect} like DingTalk's. */
    public String gatewayUrl() {
        return (tls == null ? "ws" : "wss") + "://" + hostForUrl() + ":" + gateway.port() + "/connect";
    }

    /** The generated certificate when the gateway runs {@code wss://}, else null. */
    public SelfSignedTls tls() {
        return tls;
    }

    /** The options the simulator started with; fixed (changing them throws). */
    public SimulatorOptions options() {
        return options;
    }

    private String hostForUrl() {
        return options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    }

    // ---------------------------------------------------------------- shortcuts
    // The methods below are the same as push().…, faults().… and records().… of the same name (documented there);
    // they stay for tests written against the flat API.

    public Delivery pushBotMessage(String clientId, BotMessage message) {
        return push.pushBotMessage(clientId, message);
    }

    public Delivery pushCardCallback(String clientId, CardCallback callback) {
        return push.pushCardCallback(clientId, callback);
    }

    public Delivery pushEvent(String clientId, String eventType, Object data) {
        return push.pushEvent(clientId, eventType, data);
    }

    public LoadResult pushLoad(String clientId, String eventType, String data, int count, int window,
            Duration timeout) throws InterruptedException {
        return push.pushLoad(clientId, eventType, data, count, window, timeout);
    }

    public Delivery pushCallback(String clientId, String topic, Object data) {
        return push.pushCallback(clientId, topic, data);
    }

    public boolean duplicate(String messageId) {
        return push.duplicate(messageId);
    }

    public Delivery ping(String connectionId) {
        return push.ping(connectionId);
    }

    private void pingAll() {
        connections.open().forEach(push::pushPing);
    }

    public Delivery disconnect(String connectionId, String reason) {
        return push.disconnect(connectionId, reason);
    }

    public Delivery disconnect(String connectionId) {
        return push.disconnect(connectionId);
    }

    public void closeAbruptly(String connectionId) {
        faults.closeAbruptly(connectionId);
    }

    public void close(String connectionId, int code, String reason) {
        faults.close(connectionId, code, reason);
    }

    public void halfOpen(String connectionId) {
        faults.halfOpen(connectionId);
    }

    public void failNextOpens(int count, int status) {
        faults.failNextOpens(count, status);
    }

    public void failNextReplies(int count, int httpStatus) {
        faults.failNextReplies(count, httpStatus);
    }

    public void failNextRepliesWithErrcode(int count, int errcode, String errmsg) {
        faults.failNextRepliesWithErrcode(count, errcode, errmsg);
    }

    public void delayReplies(Duration delay) {
        faults.delayReplies(delay);
    }

    public void delayApiCalls(String path, Duration delay) {
        faults.delayApiCalls(path, delay);
    }

    public void dropAfterAccepting(String path, int count) {
        faults.dropAfterAccepting(path, count);
    }

    public void limitApiCalls(int callsPerSecond) {
        faults.limitApiCalls(callsPerSecond);
    }

    public void failNextApiCalls(String path, int count, int status, String code) {
        faults.failNextApiCalls(path, count, status, code);
    }

    public void answerInvalidTokensWith(int status) {
        faults.answerInvalidTokensWith(status);
    }

    public void treatStaffAsInvalid(String... staffIds) {
        faults.treatStaffAsInvalid(staffIds);
    }

    public void treatStaffAsFlowControlled(String... staffIds) {
        faults.treatStaffAsFlowControlled(staffIds);
    }

    public void slowDownHandshakes(int count, Duration delay) {
        faults.slowDownHandshakes(count, delay);
    }

    public void sendMalformed(String connectionId, Malformed kind) {
        faults.sendMalformed(connectionId, kind);
    }

    public void sendRaw(String connectionId, String text) {
        faults.sendRaw(connectionId, text);
    }

    public void expireSessions() {
        faults.expireSessions();
    }

    public void expireAccessTokens() {
        faults.expireAccessTokens();
    }

    public List<ConnectionInfo> connections() {
        return records.connections();
    }

    public List<ConnectionInfo> liveConnections(String clientId) {
        return records.liveConnections(clientId);
    }

    public Optional<ConnectionInfo> connection(String connectionId) {
        return records.connection(connectionId);
    }

    public List<OpenRequest> openRequests() {
        return records.openRequests();
    }

    public List<Ack> acks() {
        return records.acks();
    }

    public Optional<Delivery> delivery(String messageId) {
        return records.delivery(messageId);
    }

    public List<Delivery> deliveries() {
        return records.deliveries();
    }

    public List<Delivery> unsettled() {
        return records.unsettled();
    }

    public List<Violation> violations() {
        return records.violations();
    }

    public void assertNoViolations() {
        records.assertNoViolations();
    }

    public int apiCallsHeld() {
        return records.apiCallsHeld();
    }

    public int mostRepliesInFlight() {
        return records.mostRepliesInFlight();
    }

    public List<BotReply> botReplies() {
        return records.botReplies();
    }

    public List<ApiCall> apiCalls() {
        return records.apiCalls();
    }

    public List<ApiCall> apiCalls(String path) {
        return records.apiCalls(path);
    }

    /** The bytes served for a message file's downloadCode (what a client downloads through the robot API). */
    public static byte[] fileContent(String downloadCode) {
        return RobotApi.fileContent(downloadCode);
    }

    public Optional<UploadedMedia> uploadedMedia(String mediaId) {
        return records.uploadedMedia(mediaId);
    }

    public String storeUserFile(String name, byte[] content) {
        return push.storeUserFile(name, content);
    }

    /**
     * The URL of the browser console (the open API's port): chat with your bot without DingTalk. It carries the
     * {@link #controlToken()} in its fragment (never sent to a server), which the console uses for the control API.
     */
    public String consoleUrl() {
        return apiUrl() + "/#token=" + options.controlToken();
    }

    /**
     * This run's token for the control API ({@code /_sim/…}): send it as the {@code X-Sim-Token} header. Random per
     * run unless {@link SimulatorOptions#controlToken(String)} set one.
     */
    public String controlToken() {
        return options.controlToken();
    }

    public boolean isRecalled(String processQueryKey) {
        return records.isRecalled(processQueryKey);
    }

    public List<CardStreamFrame> cardStream(String outTrackId) {
        return records.cardStream(outTrackId);
    }

    public Optional<String> cardState(String outTrackId) {
        return records.cardState(outTrackId);
    }

    public Optional<JsonNode> cardDelivery(String outTrackId) {
        return records.cardDelivery(outTrackId);
    }

    public Optional<JsonNode> cardData(String outTrackId) {
        return records.cardData(outTrackId);
    }

    public long droppedRecords() {
        return records.droppedRecords();
    }

    /**
     * Forgets recorded requests, acks, violations and replies, ends injected faults, and stops redelivering
     * messages pushed so far; connections and apps stay.
     */
    public void reset() {
        openConnections.clear();
        sideApi.clear();
        robot.clear();
        deliveries.clearRecords();
        injected.clear();
        qpsLimit.set(options.apiQpsLimit());
        gateway.slowDownHandshakes(0, Duration.ZERO);
    }

    @Override
    public void close() {
        feed.close();
        httpApi.stop();
        gateway.close();
        connections.closeAll(1001, "simulator stopping");
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
