package io.github.cameldingtalk.simulator;

import io.github.cameldingtalk.simulator.internal.GatewayConnection;
import java.time.Duration;

/**
 * What goes wrong, on purpose: a connection cut, half-open or sent bad frames; the next open calls,
 * handshakes, replies or OpenAPI calls failed, delayed or dropped after being processed; DingTalk's rate limit;
 * expired sessions and tokens. Reached through {@link DingTalkSimulator#faults()}.
 */
public final class SimulatorFaults {

    private final SimulatorParts parts;

    SimulatorFaults(SimulatorParts parts) {
        this.parts = parts;
    }

    /** Resets the TCP connection without a close frame. */
    public void closeAbruptly(String connectionId) {
        parts.connections().get(connectionId).abort();
    }

    /** Closes the connection with a WebSocket close frame. */
    public void close(String connectionId, int code, String reason) {
        parts.connections().get(connectionId).close(code, reason);
    }

    /** From now on the connection drops everything both ways (frames, acks, WebSocket pings); TCP stays up. */
    public void halfOpen(String connectionId) {
        parts.connections().get(connectionId).markHalfOpen();
    }

    /** The next {@code count} open calls fail with this HTTP status (e.g. 500, 503, 429). */
    public void failNextOpens(int count, int status) {
        parts.faults().failNextOpens(count, status);
    }

    /**
     * The next {@code count} posts to any sessionWebhook fail with this HTTP status (e.g. 500, 503, 429): nothing
     * reaches the chat, so they are not in {@link SimulatorRecords#botReplies()} (they are in {@link SimulatorRecords#apiCalls()}).
     */
    public void failNextReplies(int count, int httpStatus) {
        parts.faults().failNextReplies(count, httpStatus);
    }

    /**
     * The next {@code count} posts to any sessionWebhook are answered HTTP 200 with this errcode, as DingTalk
     * answers throttling (e.g. 90018, 90002) or refusals (e.g. 300001, 40035). Nothing reaches the chat.
     */
    public void failNextRepliesWithErrcode(int count, int errcode, String errmsg) {
        parts.faults().failNextRepliesWithErrcode(count, errcode, errmsg);
    }

    /** Every post to a sessionWebhook is answered after this delay; {@link Duration#ZERO} ends it. */
    public void delayReplies(Duration delay) {
        parts.faults().delayReplies(delay);
    }

    /** Every call to this OpenAPI path ({@code *} for any) is answered after this delay; zero ends it. */
    public void delayApiCalls(String path, Duration delay) {
        parts.faults().delayApiCalls(path, delay);
    }

    /**
     * The next {@code count} calls to this path — {@code /robot/sendBySession} for sessionWebhook replies, an OpenAPI
     * path such as {@code /v1.0/robot/groupMessages/send}, or {@code *} — are processed (the reply or message is in
     * the chat, in {@link SimulatorRecords#botReplies()} or {@link SimulatorRecords#apiCalls()}) and then the connection is closed without an answer,
     * as when a network fails after DingTalk took the request: the caller cannot know it went through.
     */
    public void dropAfterAccepting(String path, int count) {
        parts.faults().dropAfterAccepting(path, count);
    }

    /**
     * DingTalk's limit of OpenAPI calls per second, per app and API, from now on (see
     * {@link SimulatorOptions#apiQpsLimit}); 0 turns it off.
     */
    public void limitApiCalls(int callsPerSecond) {
        parts.qpsLimit().set(callsPerSecond);
    }

    /**
     * The next {@code count} calls to this OpenAPI path ({@code *} for any) fail with this HTTP status and DingTalk
     * code, e.g. {@code failNextApiCalls("*", 1, 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi")}, 429
     * {@code Throttling}, 500 {@code system.busy}, 403 {@code Forbidden.AccessDenied.AccessTokenPermissionDenied}.
     */
    public void failNextApiCalls(String path, int count, int status, String code) {
        parts.faults().failNextApiCalls(path, count, status, code);
    }

    /** Unknown or expired access tokens are answered with this status: 400 (DingTalk's, the default) or 401. */
    public void answerInvalidTokensWith(int status) {
        parts.faults().invalidTokenStatus(status);
    }

    /** 1:1 robot sends report these users as unknown ({@code invalidStaffIdList}), as DingTalk does. */
    public void treatStaffAsInvalid(String... staffIds) {
        parts.robot().treatAsInvalid(staffIds);
    }

    /** 1:1 robot sends report these users as flow-controlled (too many messages; {@code flowControlledStaffIdList}). */
    public void treatStaffAsFlowControlled(String... staffIds) {
        parts.robot().treatAsFlowControlled(staffIds);
    }

    /** The next {@code count} WebSocket handshakes wait {@code delay} before they are answered. */
    public void slowDownHandshakes(int count, Duration delay) {
        parts.gateway().slowDownHandshakes(count, delay);
    }

    /** Sends a frame that breaks the protocol; no ack is expected for it. */
    public void sendMalformed(String connectionId, DingTalkSimulator.Malformed kind) {
        GatewayConnection connection = parts.connections().get(connectionId);
        String messageId = "malformed_" + BotMessage.randomToken(8);
        String headers = "{\"topic\":\"" + DingTalkSimulator.BOT_TOPIC + "\",\"contentType\":\"application/json\",\"time\":\""
                + parts.clock().millis() + "\"";
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
        parts.connections().get(connectionId).sendText(text);
    }

    /** Every sessionWebhook handed out so far answers 300001 from now on. */
    public void expireSessions() {
        parts.robot().expireSessions();
    }

    /** Every access token handed out so far is refused from now on. */
    public void expireAccessTokens() {
        parts.apps().expireAccessTokens();
    }
}
