package io.github.cameldingtalk.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.internal.Apps;
import io.github.cameldingtalk.simulator.internal.GatewayConnection;
import io.github.cameldingtalk.simulator.internal.Json;
import io.github.cameldingtalk.simulator.internal.LoadPush;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What a user or DingTalk sends to the bot: bot messages, card callbacks, events, any callback, load, SYSTEM
 * frames, and files a user sends. Reached through {@link DingTalkSimulator#push()}.
 */
public final class SimulatorPush {

    private final SimulatorParts parts;

    SimulatorPush(SimulatorParts parts) {
        this.parts = parts;
    }

    /** Pushes a bot message to one subscribed connection of the app; its sessionWebhook points here. */
    public Delivery pushBotMessage(String clientId, BotMessage message) {
        Instant createdAt = parts.clock().instant().minus(message.age());
        Instant expiresAt = parts.robot().sessionExpiry(message, createdAt);
        String webhook = parts.robot().newSession(message, expiresAt);
        ObjectNode data = message.toData(clientId, webhook, createdAt.toEpochMilli(), expiresAt.toEpochMilli());
        Delivery delivery = parts.deliveries().push(clientId, FrameType.CALLBACK, DingTalkSimulator.BOT_TOPIC, Map.of(), Json.write(data));
        ObjectNode shown = Json.object().put("clientId", clientId).put("messageId", delivery.messageId())
                .put("conversationId", message.conversationId()).put("group", message.isGroup())
                .put("title", message.conversationTitle()).put("senderStaffId", message.senderStaffId())
                .put("senderNick", message.senderNick()).put("msgtype", message.msgtype()).put("text", message.text());
        if (data.has("content")) {
            shown.put("downloadCode", Json.text(data.get("content"), "downloadCode"))
                    .put("fileName", Json.text(data.get("content"), "fileName"));
        }
        parts.feed().publish("message", shown);
        return delivery;
    }

    public Delivery pushCardCallback(String clientId, CardCallback callback) {
        return parts.deliveries().push(clientId, FrameType.CALLBACK, DingTalkSimulator.CARD_TOPIC, Map.of(),
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
        headers.put("eventBornTime", Long.toString(parts.clock().millis()));
        headers.put("eventUnifiedAppId", parts.apps().appId(clientId));
        return parts.deliveries().push(clientId, FrameType.EVENT, "*", headers, toJsonString(data));
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
        List<GatewayConnection> taking = parts.connections().takingNew(clientId, FrameType.EVENT, "*");
        // a connection is listed as soon as its ticket is redeemed, and takes frames once the 101 answer is out
        while (taking.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
            taking = parts.connections().takingNew(clientId, FrameType.EVENT, "*");
        }
        return LoadPush.run(taking, parts.apps().appId(clientId), eventType, data, count, window, timeout);
    }

    /** Pushes any CALLBACK topic (e.g. {@code /v1.0/graph/api/invoke}) with the given data. */
    public Delivery pushCallback(String clientId, String topic, Object data) {
        return parts.deliveries().push(clientId, FrameType.CALLBACK, topic, Map.of(), toJsonString(data));
    }

    /** Pushes the same frame, same messageId, once more. Returns false for an unknown messageId. */
    public boolean duplicate(String messageId) {
        return parts.deliveries().duplicate(messageId);
    }

    /** Sends a SYSTEM {@code ping} with a fresh opaque on the connection. */
    public Delivery ping(String connectionId) {
        return pushPing(parts.connections().get(connectionId));
    }

    Delivery pushPing(GatewayConnection connection) {
        return parts.deliveries().pushSystem(connection, "ping",
                Json.write(Json.object().put("opaque", UUID.randomUUID().toString())));
    }

    /**
     * Sends SYSTEM {@code disconnect}: the connection takes no new messages from now on, still accepts acks, and is
     * closed after {@link SimulatorOptions#disconnectCloseDelay}.
     */
    public Delivery disconnect(String connectionId, String reason) {
        GatewayConnection connection = parts.connections().get(connectionId);
        Delivery frame = parts.deliveries().pushSystem(connection, "disconnect", Json.write(Json.object().put("reason", reason)));
        connection.markDraining();
        parts.scheduler().schedule(() -> connection.close(1000, "disconnect: " + reason),
                parts.options().disconnectCloseDelay().toMillis(), TimeUnit.MILLISECONDS);
        return frame;
    }

    /** {@link #disconnect(String, String)} with the reason DingTalk sends for its periodic rebalancing. */
    public Delivery disconnect(String connectionId) {
        return disconnect(connectionId, "persistent connection is timeout");
    }

    /** Keeps a file "sent" by a user; returns the downloadCode to give a picture or file message. */
    public String storeUserFile(String name, byte[] content) {
        return parts.robot().storeFile(name, content);
    }

    private static String toJsonString(Object data) {
        return data instanceof String s ? s : Json.write(data);
    }
}
