package io.github.cameldingtalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A local DingTalk Stream gateway: the open API ({@code POST /v1.0/gateway/connections/open} and the side APIs a
 * bot uses) on one port, the WebSocket gateway on another, plus a control API under {@value #CONTROL_PREFIX}.
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
    public static final String CONTROL_PREFIX = "/_sim";

    private static final System.Logger LOG = System.getLogger(DingTalkSimulator.class.getName());

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

    record App(String clientId, String clientSecret, String appId) {
    }

    record Session(String id, String conversationId, String msgId, Instant expiresAt) {
    }

    record OpenFault(int remaining, int status) {
    }

    /** What the next {@code remaining} sessionWebhook posts answer instead of DingTalk's normal answer. */
    record ReplyFault(int remaining, int status, int errcode, String errmsg) {
    }

    private final SimulatorOptions options;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, GatewayConnection> connections = new ConcurrentHashMap<>();
    private final List<OpenRequest> openRequests = new CopyOnWriteArrayList<>();
    private final List<ApiCall> apiCalls = new CopyOnWriteArrayList<>();
    private final List<BotReply> botReplies = new CopyOnWriteArrayList<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> cards = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private final Tickets tickets;
    private final Deliveries deliveries;
    private final SelfSignedTls tls;
    private final Gateway gateway;
    private final HttpApi httpApi;
    private volatile OpenFault openFault = new OpenFault(0, 0);
    private volatile ReplyFault replyFault = new ReplyFault(0, 200, 0, null);
    private volatile Duration replyDelay = Duration.ZERO;

    private DingTalkSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("dingtalk-sim-scheduler"));
        this.httpExecutor = Executors.newCachedThreadPool(daemonThreads("dingtalk-sim-http"));
        this.tickets = new Tickets(options.ticketTtl(), clock);
        this.deliveries = new Deliveries(options, scheduler, new Deliveries.Router() {
            @Override
            public GatewayConnection pick(String clientId, String type, String topic) {
                return pickConnection(clientId, type, topic);
            }

            @Override
            public String appId(String clientId) {
                App app = apps.get(clientId);
                return app == null ? "" : app.appId();
            }
        }, clock);
        this.tls = options.tls() ? new SelfSignedTls(options.host()) : null;
        this.gateway = new Gateway(options.host(), options.gatewayPort(), tls == null ? null : tls.serverContext(),
                this::admit);
        this.httpApi = new HttpApi(this, new InetSocketAddress(options.host(), options.apiPort()), httpExecutor);
        if (!options.pingInterval().isZero()) {
            long every = options.pingInterval().toMillis();
            scheduler.scheduleAtFixedRate(this::pingAll, every, every, TimeUnit.MILLISECONDS);
        }
        LOG.log(System.Logger.Level.DEBUG, "DingTalk Stream simulator: open API {0}, gateway {1}", apiUrl(),
                gatewayUrl());
    }

    /** Starts both servers. Close the simulator to stop them. */
    public static DingTalkSimulator start(SimulatorOptions options) {
        try {
            return new DingTalkSimulator(options);
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
        App previous = apps.get(clientId);
        apps.put(clientId, new App(clientId, clientSecret,
                previous != null ? previous.appId() : UUID.randomUUID().toString()));
        return this;
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

    public SimulatorOptions options() {
        return options;
    }

    private String hostForUrl() {
        return options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    }

    // ---------------------------------------------------------------- pushing

    /** Pushes a bot message to one subscribed connection of the app; its sessionWebhook points here. */
    public Delivery pushBotMessage(String clientId, BotMessage message) {
        long now = clock.millis();
        Instant expiresAt = Instant.ofEpochMilli(now).plus(options.sessionWebhookTtl());
        Session session = new Session(BotMessage.randomToken(32), message.conversationId(), message.msgId(), expiresAt);
        sessions.put(session.id(), session);
        String webhook = apiUrl() + "/robot/sendBySession?session=" + session.id();
        ObjectNode data = message.toData(clientId, webhook, now, expiresAt.toEpochMilli());
        return deliveries.push(clientId, "CALLBACK", BOT_TOPIC, Map.of(), Json.write(data));
    }

    public Delivery pushCardCallback(String clientId, CardCallback callback) {
        String corpId = "ding" + Integer.toHexString(clientId.hashCode());
        return deliveries.push(clientId, "CALLBACK", CARD_TOPIC, Map.of(), Json.write(callback.toData(corpId)));
    }

    /**
     * Pushes an event with the headers DingTalk adds (eventType, eventId, eventCorpId, eventBornTime,
     * eventUnifiedAppId).
     *
     * @param data the event body: a JSON string, a Jackson node, or anything Jackson can serialise (e.g. a Map)
     */
    public Delivery pushEvent(String clientId, String eventType, Object data) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("eventType", eventType);
        headers.put("eventId", UUID.randomUUID().toString().replace("-", ""));
        headers.put("eventCorpId", "ding" + Integer.toHexString(clientId.hashCode()));
        headers.put("eventBornTime", Long.toString(clock.millis()));
        headers.put("eventUnifiedAppId", deliveriesAppId(clientId));
        return deliveries.push(clientId, "EVENT", "*", headers, toJsonString(data));
    }

    /** Pushes any CALLBACK topic (e.g. {@code /v1.0/graph/api/invoke}) with the given data. */
    public Delivery pushCallback(String clientId, String topic, Object data) {
        return deliveries.push(clientId, "CALLBACK", topic, Map.of(), toJsonString(data));
    }

    /** Pushes the same frame, same messageId, once more. Returns false for an unknown messageId. */
    public boolean duplicate(String messageId) {
        return deliveries.duplicate(messageId);
    }

    /** Sends a SYSTEM {@code ping} with a fresh opaque on the connection. */
    public Delivery ping(String connectionId) {
        return deliveries.pushSystem(live(connectionId), "ping",
                Json.write(Json.object().put("opaque", UUID.randomUUID().toString())));
    }

    private void pingAll() {
        for (GatewayConnection connection : connections.values()) {
            if (!connection.isClosed()) {
                deliveries.pushSystem(connection, "ping",
                        Json.write(Json.object().put("opaque", UUID.randomUUID().toString())));
            }
        }
    }

    /**
     * Sends SYSTEM {@code disconnect}: the connection takes no new messages from now on, still accepts acks, and is
     * closed after {@link SimulatorOptions#disconnectCloseDelay}.
     */
    public Delivery disconnect(String connectionId, String reason) {
        GatewayConnection connection = live(connectionId);
        Delivery frame = deliveries.pushSystem(connection, "disconnect",
                Json.write(Json.object().put("reason", reason)));
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
        live(connectionId).abort();
    }

    /** Closes the connection with a WebSocket close frame. */
    public void close(String connectionId, int code, String reason) {
        live(connectionId).close(code, reason);
    }

    /** From now on the connection drops everything both ways (frames, acks, WebSocket pings); TCP stays up. */
    public void halfOpen(String connectionId) {
        live(connectionId).markHalfOpen();
    }

    /** The next {@code count} open calls fail with this HTTP status (e.g. 500, 503, 429). */
    public void failNextOpens(int count, int status) {
        openFault = new OpenFault(count, status);
    }

    /**
     * The next {@code count} posts to any sessionWebhook fail with this HTTP status (e.g. 500, 503, 429): nothing
     * reaches the chat, so they are not in {@link #botReplies()} (they are in {@link #apiCalls()}).
     */
    public void failNextReplies(int count, int httpStatus) {
        replyFault = new ReplyFault(count, httpStatus, -1, "injected HTTP " + httpStatus);
    }

    /**
     * The next {@code count} posts to any sessionWebhook are answered HTTP 200 with this errcode, as DingTalk
     * answers throttling (e.g. 90018, 90002) or refusals (e.g. 300001, 40035). Nothing reaches the chat.
     */
    public void failNextRepliesWithErrcode(int count, int errcode, String errmsg) {
        replyFault = new ReplyFault(count, 200, errcode, errmsg);
    }

    /** Every post to a sessionWebhook is answered after this delay; {@link Duration#ZERO} ends it. */
    public void delayReplies(Duration delay) {
        replyDelay = delay;
    }

    /** The next {@code count} WebSocket handshakes wait {@code delay} before they are answered. */
    public void slowDownHandshakes(int count, Duration delay) {
        gateway.slowDownHandshakes(count, delay);
    }

    /** Sends a frame that breaks the protocol; no ack is expected for it. */
    public void sendMalformed(String connectionId, Malformed kind) {
        GatewayConnection connection = live(connectionId);
        String messageId = "malformed_" + BotMessage.randomToken(8);
        switch (kind) {
            case NOT_JSON -> connection.sendText("this is not {json");
            case BINARY -> connection.sendBinary(new byte[] {0, 1, 2, 3, (byte) 0xFF});
            case NO_HEADERS -> connection.sendText("{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"data\":\"{}\"}");
            case NO_MESSAGE_ID -> connection.sendText("{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"headers\":"
                    + "{\"topic\":\"" + BOT_TOPIC + "\",\"contentType\":\"application/json\",\"time\":\""
                    + clock.millis() + "\"},\"data\":\"{}\"}");
            case DATA_NOT_STRING -> connection.sendText("{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"headers\":"
                    + "{\"topic\":\"" + BOT_TOPIC + "\",\"messageId\":\"" + messageId
                    + "\",\"contentType\":\"application/json\",\"time\":\"" + clock.millis()
                    + "\"},\"data\":{\"not\":\"a string\"}}");
            case EMPTY -> connection.sendText("");
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    /** Sends any text frame as is. */
    public void sendRaw(String connectionId, String text) {
        live(connectionId).sendText(text);
    }

    /** Every sessionWebhook handed out so far answers 300001 from now on. */
    public void expireSessions() {
        sessions.replaceAll((id, s) -> new Session(id, s.conversationId(), s.msgId(), Instant.EPOCH));
    }

    /** Every access token handed out so far is refused from now on. */
    public void expireAccessTokens() {
        accessTokens.replaceAll((token, expiry) -> Instant.EPOCH);
    }

    // ---------------------------------------------------------------- what happened

    public List<ConnectionInfo> connections() {
        return connections.values().stream().map(ConnectionInfo::of)
                .sorted((a, b) -> a.openedAt().compareTo(b.openedAt())).toList();
    }

    /** The app's connections that are not closed (open, draining or half-open), oldest first. */
    public List<ConnectionInfo> liveConnections(String clientId) {
        return connections().stream().filter(c -> c.isLive() && c.clientId().equals(clientId)).toList();
    }

    public Optional<ConnectionInfo> connection(String connectionId) {
        GatewayConnection c = connections.get(connectionId);
        return c == null ? Optional.empty() : Optional.of(ConnectionInfo.of(c));
    }

    public List<OpenRequest> openRequests() {
        return List.copyOf(openRequests);
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
        return deliveries.unsettled();
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

    /** Everything posted to sessionWebhooks, i.e. what bots said. */
    public List<BotReply> botReplies() {
        return List.copyOf(botReplies);
    }

    /** Every call to the side APIs (not the open call: see {@link #openRequests()}). */
    public List<ApiCall> apiCalls() {
        return List.copyOf(apiCalls);
    }

    public List<ApiCall> apiCalls(String path) {
        return apiCalls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** The current {@code cardParamMap} of a card instance created or updated through the card API. */
    public Optional<JsonNode> cardData(String outTrackId) {
        return Optional.ofNullable(cards.get(outTrackId)).map(ObjectNode::deepCopy);
    }

    /**
     * Forgets recorded requests, acks, violations and replies, and stops redelivering messages pushed so far;
     * connections and apps stay.
     */
    public void reset() {
        openRequests.clear();
        apiCalls.clear();
        botReplies.clear();
        deliveries.clearRecords();
        openFault = new OpenFault(0, 0);
        replyFault = new ReplyFault(0, 200, 0, null);
        replyDelay = Duration.ZERO;
        gateway.slowDownHandshakes(0, Duration.ZERO);
    }

    @Override
    public void close() {
        httpApi.stop();
        gateway.close();
        for (GatewayConnection connection : connections.values()) {
            connection.close(1001, "simulator stopping");
        }
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    // ---------------------------------------------------------------- used by the servers

    /** The open call: validates, records, and hands out a ticket. Returns the HTTP status and JSON answer. */
    HttpApi.Reply openConnection(JsonNode body, String accept, String userAgent) {
        OpenFault fault = openFault;
        String clientId = Json.text(body, "clientId");
        List<OpenRequest.Subscription> subscriptions = new ArrayList<>();
        JsonNode subs = body == null ? null : body.get("subscriptions");
        if (subs != null && subs.isArray()) {
            for (JsonNode s : subs) {
                subscriptions.add(new OpenRequest.Subscription(Json.text(s, "type"), Json.text(s, "topic")));
            }
        }
        HttpApi.Reply reply;
        if (body == null || !body.isObject()) {
            reply = HttpApi.error(400, "InvalidParameter", "the body must be a JSON object");
        } else if (fault.remaining() > 0) {
            openFault = new OpenFault(fault.remaining() - 1, fault.status());
            reply = HttpApi.error(fault.status(), fault.status() == 429 ? "Throttling" : "ServiceUnavailable",
                    "injected failure");
        } else {
            reply = validateAndIssue(body, clientId, subscriptions);
        }
        Map<String, Object> extras = body != null && body.get("extras") != null && body.get("extras").isObject()
                ? Json.MAPPER.convertValue(body.get("extras"), Map.class) : null;
        openRequests.add(new OpenRequest(clientId, List.copyOf(subscriptions), Json.text(body, "ua"),
                Json.text(body, "localIp"), extras, accept, userAgent, reply.status(),
                reply.status() == 200, clock.instant()));
        return reply;
    }

    private HttpApi.Reply validateAndIssue(JsonNode body, String clientId, List<OpenRequest.Subscription> subscriptions) {
        String secret = Json.text(body, "clientSecret");
        if (clientId == null || clientId.isEmpty()) {
            return HttpApi.error(400, "MissingClientId", "clientId is mandatory for this action.");
        }
        if (secret == null || secret.isEmpty()) {
            return HttpApi.error(400, "MissingClientSecret", "clientSecret is mandatory for this action.");
        }
        JsonNode subs = body.get("subscriptions");
        if (subs == null || !subs.isArray() || subs.isEmpty()) {
            return HttpApi.error(400, "MissingSubscriptions", "subscriptions is mandatory for this action.");
        }
        for (OpenRequest.Subscription s : subscriptions) {
            if (s.type() == null || s.topic() == null || !List.of("EVENT", "CALLBACK", "SYSTEM").contains(s.type())) {
                return HttpApi.error(400, "InvalidSubscription",
                        "each subscription needs type EVENT, CALLBACK or SYSTEM and a topic");
            }
            if ("EVENT".equals(s.type()) && !"*".equals(s.topic())) {
                return HttpApi.error(400, "InvalidSubscription", "EVENT subscriptions only support the topic *");
            }
        }
        JsonNode extras = body.get("extras");
        if (extras != null && !extras.isNull() && !extras.isObject()) {
            return HttpApi.error(400, "InvalidParameter", "extras must be an object or null");
        }
        App app = apps.get(clientId);
        if (app == null || !app.clientSecret().equals(secret)) {
            return HttpApi.error(401, "authFailed", "鉴权失败");
        }
        String ticket = tickets.issue(clientId, List.copyOf(subscriptions));
        return new HttpApi.Reply(200, Json.object().put("endpoint", gatewayUrl()).put("ticket", ticket));
    }

    private GatewayConnection admit(String ticket, Socket socket) throws Gateway.Refusal, IOException {
        Tickets.Redemption redemption = tickets.redeem(ticket);
        if (redemption.ticket() == null) {
            throw new Gateway.Refusal(401, "InvalidTicket", redemption.refusal());
        }
        String clientId = redemption.ticket().clientId();
        if (!apps.containsKey(clientId)) {
            throw new Gateway.Refusal(401, "authFailed", "the app is no longer registered");
        }
        long live = connections.values().stream().filter(c -> !c.isClosed() && c.clientId().equals(clientId)).count();
        if (live >= options.maxConnectionsPerApp()) {
            throw new Gateway.Refusal(429, "TooManyConnections",
                    "at most " + options.maxConnectionsPerApp() + " connections per app");
        }
        GatewayConnection connection = new GatewayConnection(socket, clientId, redemption.ticket().subscriptions(),
                new GatewayConnection.Listener() {
                    @Override
                    public void onOpen(GatewayConnection c) {
                        LOG.log(System.Logger.Level.DEBUG, "connection {0} of {1} open", c.id(), c.clientId());
                        deliveries.flushWaiting();
                    }

                    @Override
                    public void onText(GatewayConnection c, String text) {
                        deliveries.onText(c, text);
                    }

                    @Override
                    public void onBinary(GatewayConnection c, int length) {
                        deliveries.onBinary(c, length);
                    }

                    @Override
                    public void onClosed(GatewayConnection c, String why) {
                        LOG.log(System.Logger.Level.DEBUG, "connection {0} closed: {1}", c.id(), why);
                    }
                });
        connections.put(connection.id(), connection);
        return connection;
    }

    private GatewayConnection pickConnection(String clientId, String type, String topic) {
        List<GatewayConnection> candidates = new ArrayList<>();
        for (GatewayConnection c : connections.values()) {
            if (c.clientId().equals(clientId) && c.takesNewMessages() && c.subscribes(type, topic)) {
                candidates.add(c);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    private GatewayConnection live(String connectionId) {
        GatewayConnection connection = connections.get(connectionId);
        if (connection == null) {
            throw new IllegalArgumentException("no connection " + connectionId);
        }
        return connection;
    }

    private String deliveriesAppId(String clientId) {
        App app = apps.get(clientId);
        return app == null ? "" : app.appId();
    }

    HttpApi.Reply accessToken(JsonNode body) {
        App app = apps.get(Json.text(body, "appKey"));
        if (app == null || !app.clientSecret().equals(Json.text(body, "appSecret"))) {
            return HttpApi.error(401, "authFailed", "鉴权失败");
        }
        String token = BotMessage.randomToken(32);
        accessTokens.put(token, clock.instant().plus(options.accessTokenTtl()));
        return new HttpApi.Reply(200, Json.object().put("accessToken", token)
                .put("expireIn", options.accessTokenTtl().toSeconds()));
    }

    boolean isValidAccessToken(String token) {
        Instant expiry = token == null ? null : accessTokens.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    /** A post to a sessionWebhook. DingTalk answers HTTP 200 with an errcode in every case. */
    HttpApi.Reply sessionReply(String sessionId, JsonNode body) {
        Duration delay = replyDelay;
        if (!delay.isZero()) {
            sleep(delay); // the fault itself: a slow DingTalk, on this request's own server thread
        }
        ReplyFault fault = takeReplyFault();
        if (fault != null) {
            return fault.status() != 200 ? HttpApi.error(fault.status(), "ServiceUnavailable", fault.errmsg())
                    : new HttpApi.Reply(200, Json.object().put("errcode", fault.errcode()).put("errmsg", fault.errmsg()));
        }
        Session session = sessionId == null ? null : sessions.get(sessionId);
        int errcode;
        String errmsg;
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            errcode = 300001;
            errmsg = "session 不存在";
        } else if (!isValidRobotMessage(body)) {
            errcode = 40035;
            errmsg = "缺少参数 json";
        } else {
            errcode = 0;
            errmsg = "ok";
        }
        botReplies.add(new BotReply(sessionId, session == null ? null : session.conversationId(),
                session == null ? null : session.msgId(), body, errcode, clock.instant()));
        return new HttpApi.Reply(200, Json.object().put("errcode", errcode).put("errmsg", errmsg));
    }

    private synchronized ReplyFault takeReplyFault() {
        ReplyFault fault = replyFault;
        if (fault.remaining() <= 0) {
            return null;
        }
        replyFault = new ReplyFault(fault.remaining() - 1, fault.status(), fault.errcode(), fault.errmsg());
        return fault;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isValidRobotMessage(JsonNode body) {
        String msgtype = Json.text(body, "msgtype");
        if (msgtype == null || body.get(msgtype) == null || !body.get(msgtype).isObject()) {
            return false;
        }
        JsonNode part = body.get(msgtype);
        return switch (msgtype) {
            case "text" -> Json.text(part, "content") != null;
            case "markdown" -> Json.text(part, "title") != null && Json.text(part, "text") != null;
            case "actionCard" -> Json.text(part, "title") != null && Json.text(part, "text") != null;
            case "link" -> Json.text(part, "messageUrl") != null;
            default -> true;
        };
    }

    void record(ApiCall call) {
        apiCalls.add(call);
    }

    Map<String, ObjectNode> cardStore() {
        return cards;
    }

    App app(String clientId) {
        return apps.get(clientId);
    }

    int waitingCount() {
        return deliveries.waitingCount();
    }

    private static String toJsonString(Object data) {
        if (data instanceof String s) {
            return s;
        }
        return Json.write(data);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
