package io.github.cameldingtalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.internal.Apps;
import io.github.cameldingtalk.simulator.internal.CardApi;
import io.github.cameldingtalk.simulator.internal.ControlApi;
import io.github.cameldingtalk.simulator.internal.Deliveries;
import io.github.cameldingtalk.simulator.internal.Faults;
import io.github.cameldingtalk.simulator.internal.QpsLimit;
import io.github.cameldingtalk.simulator.internal.Feed;
import io.github.cameldingtalk.simulator.internal.Gateway;
import io.github.cameldingtalk.simulator.internal.GatewayConnection;
import io.github.cameldingtalk.simulator.internal.GatewayConnections;
import io.github.cameldingtalk.simulator.internal.HttpApi;
import io.github.cameldingtalk.simulator.internal.Json;
import io.github.cameldingtalk.simulator.internal.LoadPush;
import io.github.cameldingtalk.simulator.internal.MediaApi;
import io.github.cameldingtalk.simulator.internal.OpenConnections;
import io.github.cameldingtalk.simulator.internal.RobotApi;
import io.github.cameldingtalk.simulator.internal.Tickets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
    private final Faults faults = new Faults();
    private final Feed feed = new Feed();
    private final OpenConnections openConnections;
    private final RobotApi robot;
    private final CardApi cards = new CardApi(feed);
    private final MediaApi media;
    private final GatewayConnections connections;
    private final Deliveries deliveries;
    private final SelfSignedTls tls;
    private final Gateway gateway;
    private final HttpApi httpApi;
    private final QpsLimit qpsLimit;

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
        this.openConnections = new OpenConnections(apps, tickets, faults, this::gatewayUrl, clock,
                options.maxRecords());
        this.robot = new RobotApi(options.sessionWebhookTtl(), faults, feed, this::apiUrl, clock,
                options.maxRecords());
        this.media = new MediaApi(apps, clock);
        this.tls = options.tls() ? new SelfSignedTls(options.host()) : null;
        this.gateway = new Gateway(options.host(), options.gatewayPort(), tls == null ? null : tls.serverContext(),
                connections);
        this.httpApi = new HttpApi(apps, openConnections, robot, cards, media, faults, feed, new ControlApi(this),
                qpsLimit, new InetSocketAddress(options.host(), options.apiPort()), httpExecutor, options.controlToken(),
                options.maxRecords());
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

    // ---------------------------------------------------------------- pushing

    /** Pushes a bot message to one subscribed connection of the app; its sessionWebhook points here. */
    public Delivery pushBotMessage(String clientId, BotMessage message) {
        Instant createdAt = clock.instant().minus(message.age());
        Instant expiresAt = robot.sessionExpiry(message, createdAt);
        String webhook = robot.newSession(message, expiresAt);
        ObjectNode data = message.toData(clientId, webhook, createdAt.toEpochMilli(), expiresAt.toEpochMilli());
        Delivery delivery = deliveries.push(clientId, FrameType.CALLBACK, BOT_TOPIC, Map.of(), Json.write(data));
        ObjectNode shown = Json.object().put("clientId", clientId).put("messageId", delivery.messageId())
                .put("conversationId", message.conversationId()).put("group", message.isGroup())
                .put("title", message.conversationTitle()).put("senderStaffId", message.senderStaffId())
                .put("senderNick", message.senderNick()).put("msgtype", message.msgtype()).put("text", message.text());
        if (data.has("content")) {
            shown.put("downloadCode", Json.text(data.get("content"), "downloadCode"))
                    .put("fileName", Json.text(data.get("content"), "fileName"));
        }
        feed.publish("message", shown);
        return delivery;
    }

    public Delivery pushCardCallback(String clientId, CardCallback callback) {
        return deliveries.push(clientId, FrameType.CALLBACK, CARD_TOPIC, Map.of(),
                Json.write(callback.toData(Apps.corpId(clientId))));
    }

    /**
     * Pushes an event with the headers DingTalk adds (eventType, eventId, eventCorpId, eventBornTime,
     * eventUnifiedAppId).
     *
     * @param eventType null for an event without the header
     * @param data the event body: a JSON string, a Jackson node, or anything Jackson can serialise (e.g. a Map)
     */
    public Delivery pushEvent(String clientId, String eventType, Object data) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (eventType != null) {
            headers.put("eventType", eventType);
        }
        headers.put("eventId", UUID.randomUUID().toString().replace("-", ""));
        headers.put("eventCorpId", Apps.corpId(clientId));
        headers.put("eventBornTime", Long.toString(clock.millis()));
        headers.put("eventUnifiedAppId", apps.appId(clientId));
        return deliveries.push(clientId, FrameType.EVENT, "*", headers, toJsonString(data));
    }

    /**
     * Throughput mode, for benchmarks: pushes {@code count} copies of one EVENT over every open connection of the
     * app that takes events (a writer thread each), keeping at most {@code window} unacked, and waits for the acks
     * or the timeout. Frames are encoded once (only messageId and eventId change) and acks are read by a byte
     * search; nothing is recorded as a {@link Delivery}, nothing is redelivered, and a frame not acked SUCCESS is
     * counted as failed. Waits up to the timeout for a connection. Use the other push methods to test correctness.
     */
    public LoadResult pushLoad(String clientId, String eventType, String data, int count, int window,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<GatewayConnection> taking = connections.takingNew(clientId, FrameType.EVENT, "*");
        // a connection is listed as soon as its ticket is redeemed, and takes frames once the 101 answer is out
        while (taking.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
            taking = connections.takingNew(clientId, FrameType.EVENT, "*");
        }
        return LoadPush.run(taking, apps.appId(clientId), eventType, data, count, window, timeout);
    }

    /** Pushes any CALLBACK topic (e.g. {@code /v1.0/graph/api/invoke}) with the given data. */
    public Delivery pushCallback(String clientId, String topic, Object data) {
        return deliveries.push(clientId, FrameType.CALLBACK, topic, Map.of(), toJsonString(data));
    }

    /** Pushes the same frame, same messageId, once more. Returns false for an unknown messageId. */
    public boolean duplicate(String messageId) {
        return deliveries.duplicate(messageId);
    }

    /** Sends a SYSTEM {@code ping} with a fresh opaque on the connection. */
    public Delivery ping(String connectionId) {
        return pushPing(connections.get(connectionId));
    }

    private Delivery pushPing(GatewayConnection connection) {
        return deliveries.pushSystem(connection, "ping",
                Json.write(Json.object().put("opaque", UUID.randomUUID().toString())));
    }

    private void pingAll() {
        connections.open().forEach(this::pushPing);
    }

    /**
     * Sends SYSTEM {@code disconnect}: the connection takes no new messages from now on, still accepts acks, and is
     * closed after {@link SimulatorOptions#disconnectCloseDelay}.
     */
    public Delivery disconnect(String connectionId, String reason) {
        GatewayConnection connection = connections.get(connectionId);
        Delivery frame = deliveries.pushSystem(connection, "disconnect", Json.write(Json.object().put("reason", reason)));
        connection.markDraining();
        scheduler.schedule(() -> connection.close(1000, "disconnect: " + reason),
                options.disconnectCloseDelay().toMillis(), TimeUnit.MILLISECONDS);
        return frame;
    }

    /** {@link #disconnect(String, String)} with the reason DingTalk sends for its periodic rebalancing. */
    public Delivery disconnect(String connectionId) {
        return disconnect(connectionId, "persistent connection is timeout");
    }

    // ---------------------------------------------------------------- faults

    /** Resets the TCP connection without a close frame. */
    public void closeAbruptly(String connectionId) {
        connections.get(connectionId).abort();
    }

    /** Closes the connection with a WebSocket close frame. */
    public void close(String connectionId, int code, String reason) {
        connections.get(connectionId).close(code, reason);
    }

    /** From now on the connection drops everything both ways (frames, acks, WebSocket pings); TCP stays up. */
    public void halfOpen(String connectionId) {
        connections.get(connectionId).markHalfOpen();
    }

    /** The next {@code count} open calls fail with this HTTP status (e.g. 500, 503, 429). */
    public void failNextOpens(int count, int status) {
        faults.failNextOpens(count, status);
    }

    /**
     * The next {@code count} posts to any sessionWebhook fail with this HTTP status (e.g. 500, 503, 429): nothing
     * reaches the chat, so they are not in {@link #botReplies()} (they are in {@link #apiCalls()}).
     */
    public void failNextReplies(int count, int httpStatus) {
        faults.failNextReplies(count, httpStatus);
    }

    /**
     * The next {@code count} posts to any sessionWebhook are answered HTTP 200 with this errcode, as DingTalk
     * answers throttling (e.g. 90018, 90002) or refusals (e.g. 300001, 40035). Nothing reaches the chat.
     */
    public void failNextRepliesWithErrcode(int count, int errcode, String errmsg) {
        faults.failNextRepliesWithErrcode(count, errcode, errmsg);
    }

    /** Every post to a sessionWebhook is answered after this delay; {@link Duration#ZERO} ends it. */
    public void delayReplies(Duration delay) {
        faults.delayReplies(delay);
    }

    /** Every call to this OpenAPI path ({@code *} for any) is answered after this delay; zero ends it. */
    public void delayApiCalls(String path, Duration delay) {
        faults.delayApiCalls(path, delay);
    }

    /**
     * The next {@code count} calls to this path — {@code /robot/sendBySession} for sessionWebhook replies, an OpenAPI
     * path such as {@code /v1.0/robot/groupMessages/send}, or {@code *} — are processed (the reply or message is in
     * the chat, in {@link #botReplies()} or {@link #apiCalls()}) and then the connection is closed without an answer,
     * as when a network fails after DingTalk took the request: the caller cannot know it went through.
     */
    public void dropAfterAccepting(String path, int count) {
        faults.dropAfterAccepting(path, count);
    }

    /**
     * DingTalk's limit of OpenAPI calls per second, per app and API, from now on (see
     * {@link SimulatorOptions#apiQpsLimit}); 0 turns it off.
     */
    public void limitApiCalls(int callsPerSecond) {
        qpsLimit.set(callsPerSecond);
    }

    /**
     * The next {@code count} calls to this OpenAPI path ({@code *} for any) fail with this HTTP status and DingTalk
     * code, e.g. {@code failNextApiCalls("*", 1, 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi")}, 429
     * {@code Throttling}, 500 {@code system.busy}, 403 {@code Forbidden.AccessDenied.AccessTokenPermissionDenied}.
     */
    public void failNextApiCalls(String path, int count, int status, String code) {
        faults.failNextApiCalls(path, count, status, code);
    }

    /** Unknown or expired access tokens are answered with this status: 400 (DingTalk's, the default) or 401. */
    public void answerInvalidTokensWith(int status) {
        faults.invalidTokenStatus(status);
    }

    /** 1:1 robot sends report these users as unknown ({@code invalidStaffIdList}), as DingTalk does. */
    public void treatStaffAsInvalid(String... staffIds) {
        robot.treatAsInvalid(staffIds);
    }

    /** 1:1 robot sends report these users as flow-controlled (too many messages; {@code flowControlledStaffIdList}). */
    public void treatStaffAsFlowControlled(String... staffIds) {
        robot.treatAsFlowControlled(staffIds);
    }

    /** The next {@code count} WebSocket handshakes wait {@code delay} before they are answered. */
    public void slowDownHandshakes(int count, Duration delay) {
        gateway.slowDownHandshakes(count, delay);
    }

    /** Sends a frame that breaks the protocol; no ack is expected for it. */
    public void sendMalformed(String connectionId, Malformed kind) {
        GatewayConnection connection = connections.get(connectionId);
        String messageId = "malformed_" + BotMessage.randomToken(8);
        String headers = "{\"topic\":\"" + BOT_TOPIC + "\",\"contentType\":\"application/json\",\"time\":\""
                + clock.millis() + "\"";
        switch (kind) {
            case NOT_JSON -> connection.sendText("this is not {json");
            case BINARY -> connection.sendBinary(new byte[] {0, 1, 2, 3, (byte) 0xFF});
            case NO_HEADERS -> connection.sendText("{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"data\":\"{}\"}");
            case NO_MESSAGE_ID -> connection.sendText("{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"headers\":"
                    + headers + "},\"data\":\"{}\"}");
            case DATA_NOT_STRING -> connection.sendText("{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"headers\":"
                    + headers + ",\"messageId\":\"" + messageId + "\"},\"data\":{\"not\":\"a string\"}}");
            case EMPTY -> connection.sendText("");
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    /** Sends any text frame as is. */
    public void sendRaw(String connectionId, String text) {
        connections.get(connectionId).sendText(text);
    }

    /** Every sessionWebhook handed out so far answers 300001 from now on. */
    public void expireSessions() {
        robot.expireSessions();
    }

    /** Every access token handed out so far is refused from now on. */
    public void expireAccessTokens() {
        apps.expireAccessTokens();
    }

    // ---------------------------------------------------------------- what happened

    public List<ConnectionInfo> connections() {
        return connections.all();
    }

    /** The app's connections that are not closed (open, draining or half-open), oldest first. */
    public List<ConnectionInfo> liveConnections(String clientId) {
        return connections().stream().filter(c -> c.isLive() && c.clientId().equals(clientId)).toList();
    }

    public Optional<ConnectionInfo> connection(String connectionId) {
        return Optional.ofNullable(connections.info(connectionId));
    }

    public List<OpenRequest> openRequests() {
        return openConnections.requests();
    }

    public List<Ack> acks() {
        return deliveries.acks();
    }

    public Optional<Delivery> delivery(String messageId) {
        return Optional.ofNullable(deliveries.get(messageId));
    }

    /** Every message pushed so far (including SYSTEM frames). */
    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries.all());
    }

    /** Application messages not yet successfully acked. */
    public List<Delivery> unsettled() {
        return new ArrayList<>(deliveries.unsettled());
    }

    public List<Violation> violations() {
        return deliveries.violations();
    }

    /** Throws an {@link AssertionError} listing the protocol violations, if any. */
    public void assertNoViolations() {
        List<Violation> found = violations();
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " protocol violation(s):\n  "
                    + found.stream().map(Violation::toString).collect(Collectors.joining("\n  ")));
        }
    }

    /** OpenAPI calls being held by {@link #delayApiCalls} right now: how many a client has in flight. */
    public int apiCallsHeld() {
        return httpApi.apiCallsInFlight();
    }

    /** The most sessionWebhook posts answered at the same time so far (since the last {@link #reset()}). */
    public int mostRepliesInFlight() {
        return robot.mostRepliesInFlight();
    }

    /** Everything posted to sessionWebhooks that DingTalk answered itself (not injected faults): what bots said. */
    public List<BotReply> botReplies() {
        return robot.replies();
    }

    /** Every call to the side APIs (not the open call: see {@link #openRequests()}). */
    public List<ApiCall> apiCalls() {
        return httpApi.calls();
    }

    public List<ApiCall> apiCalls(String path) {
        return apiCalls().stream().filter(c -> c.path().equals(path)).toList();
    }

    /** The bytes served for a message file's downloadCode (what a client downloads through the robot API). */
    public static byte[] fileContent(String downloadCode) {
        return RobotApi.fileContent(downloadCode);
    }

    /** A file uploaded through {@code /media/upload} (the legacy oapi host, served on the same port). */
    public Optional<UploadedMedia> uploadedMedia(String mediaId) {
        return media.get(mediaId);
    }

    /** Keeps a file "sent" by a user; returns the downloadCode to give a picture or file message. */
    public String storeUserFile(String name, byte[] content) {
        return robot.storeFile(name, content);
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

    /** Whether the robot message sent with this processQueryKey was recalled. */
    public boolean isRecalled(String processQueryKey) {
        return robot.isRecalled(processQueryKey);
    }

    /** Every {@code PUT /v1.0/card/streaming} frame applied to the card, in order (repeated guids once). */
    public List<CardStreamFrame> cardStream(String outTrackId) {
        return cards.streamHistory(outTrackId);
    }

    /** The AI card's state: {@code PROCESSING} once delivered, {@code INPUTING}, {@code FINISHED} or {@code FAILED}. */
    public Optional<String> cardState(String outTrackId) {
        return Optional.ofNullable(cards.streamState(outTrackId)).map(Enum::name);
    }

    /** Where the card was delivered: its deliver or createAndDeliver request. */
    public Optional<JsonNode> cardDelivery(String outTrackId) {
        return cards.delivery(outTrackId);
    }

    /** The current {@code cardParamMap} of a card instance created or updated through the card API. */
    public Optional<JsonNode> cardData(String outTrackId) {
        return cards.cardData(outTrackId);
    }

    /**
     * Records dropped so far because there were more of a kind than {@link SimulatorOptions#maxRecords(int)}: the
     * oldest acks, violations, replies, API calls, open requests and finished messages go first.
     */
    public long droppedRecords() {
        return deliveries.droppedRecords() + robot.droppedRecords() + httpApi.droppedRecords()
                + openConnections.droppedRecords();
    }

    /**
     * Forgets recorded requests, acks, violations and replies, ends injected faults, and stops redelivering
     * messages pushed so far; connections and apps stay.
     */
    public void reset() {
        openConnections.clear();
        httpApi.clear();
        robot.clear();
        deliveries.clearRecords();
        faults.clear();
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

    private static String toJsonString(Object data) {
        return data instanceof String s ? s : Json.write(data);
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
