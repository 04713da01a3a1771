package io.github.cameldingtalk.simulator.internal;

import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.FrameType;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's live and past connections: admission of a handshake by its ticket (single use, app still
 * registered, at most {@code maxPerApp} live), and the choice of a connection for each message, at random among
 * the app's subscribed connections, as DingTalk spreads messages.
 */
public final class GatewayConnections implements Gateway.Admission, Deliveries.Router {

    private static final System.Logger LOG = System.getLogger(GatewayConnections.class.getName());

    private final Map<String, GatewayConnection> connections = new ConcurrentHashMap<>();
    private final Tickets tickets;
    private final Apps apps;
    private final int maxPerApp;
    private final Feed feed;
    private Deliveries deliveries;

    public GatewayConnections(Tickets tickets, Apps apps, int maxPerApp, Feed feed) {
        this.tickets = tickets;
        this.apps = apps;
        this.maxPerApp = maxPerApp;
        this.feed = feed;
    }

    /** Where the frames and acks of the connections go; set once, before the gateway accepts. */
    public void deliverTo(Deliveries target) {
        this.deliveries = target;
    }

    @Override
    public GatewayConnection admit(String ticket, Socket socket) throws Gateway.Refusal, IOException {
        Tickets.Redemption redemption = tickets.redeem(ticket);
        if (redemption.ticket() == null) {
            throw new Gateway.Refusal(401, "InvalidTicket", redemption.refusal());
        }
        String clientId = redemption.ticket().clientId();
        if (!apps.exists(clientId)) {
            throw new Gateway.Refusal(401, "authFailed", "the app is no longer registered");
        }
        long live = connections.values().stream().filter(c -> !c.isClosed() && c.clientId().equals(clientId)).count();
        if (live >= maxPerApp) {
            throw new Gateway.Refusal(429, "TooManyConnections", "at most " + maxPerApp + " connections per app");
        }
        GatewayConnection connection = new GatewayConnection(socket, clientId, redemption.ticket().subscriptions(),
                new GatewayConnection.Listener() {
                    @Override
                    public void onOpen(GatewayConnection c) {
                        LOG.log(System.Logger.Level.DEBUG, "connection {0} of {1} open", c.id(), c.clientId());
                        feed.publish("connection", Json.object().put("id", c.id()).put("state", "OPEN"));
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
                        feed.publish("connection", Json.object().put("id", c.id()).put("state", "CLOSED"));
                    }
                });
        connections.put(connection.id(), connection);
        return connection;
    }

    @Override
    public GatewayConnection pick(String clientId, FrameType type, String topic) {
        List<GatewayConnection> candidates = takingNew(clientId, type, topic);
        return candidates.isEmpty() ? null : candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    /** The app's connections that may be sent a new message of this type and topic. */
    public List<GatewayConnection> takingNew(String clientId, FrameType type, String topic) {
        List<GatewayConnection> candidates = new ArrayList<>();
        for (GatewayConnection c : connections.values()) {
            if (c.clientId().equals(clientId) && c.takesNewMessages() && c.subscribes(type, topic)) {
                candidates.add(c);
            }
        }
        return candidates;
    }

    @Override
    public String appId(String clientId) {
        return apps.appId(clientId);
    }

    /** The connection, open or not; fails naming the id when there is none. */
    public GatewayConnection get(String connectionId) {
        GatewayConnection connection = connections.get(connectionId);
        if (connection == null) {
            throw new IllegalArgumentException("no connection " + connectionId);
        }
        return connection;
    }

    public ConnectionInfo info(String connectionId) {
        GatewayConnection connection = connections.get(connectionId);
        return connection == null ? null : connection.info();
    }

    /** Every connection so far, oldest first. */
    public List<ConnectionInfo> all() {
        return connections.values().stream().map(GatewayConnection::info)
                .sorted(Comparator.comparing(ConnectionInfo::openedAt)).toList();
    }

    public List<GatewayConnection> open() {
        return connections.values().stream().filter(c -> !c.isClosed()).toList();
    }

    public void closeAll(int code, String reason) {
        connections.values().forEach(c -> c.close(code, reason));
    }
}
