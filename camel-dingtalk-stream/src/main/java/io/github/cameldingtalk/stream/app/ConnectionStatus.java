package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.client.OpenConnectionException;
import io.github.cameldingtalk.stream.client.StreamClient;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app's Stream connection at one moment, for health checks and metrics.
 *
 * @param state              STOPPED, CONNECTING, CONNECTED or RECONNECTING
 * @param connections        connections open and taking frames
 * @param reconnectsByReason new connections opened so far, by reason (see {@link #RECONNECT_REASONS})
 * @param malformedFrames    frames skipped because they could not be read
 * @param lastFrameAt        when the last frame arrived, null before the first
 * @param lastFailure        why it is not connected (the open call's answer or the loss), null once connected
 * @param refusedStatus      the HTTP status of an open call DingTalk refused, 0 otherwise
 * @param refusedCode        DingTalk's code of that refusal (e.g. {@code authFailed}), or null
 */
public record ConnectionStatus(String clientId, String state, int connections, Map<String, Long> reconnectsByReason,
        long malformedFrames, Instant lastFrameAt, Exception lastFailure, int refusedStatus, String refusedCode) {

    /** Every reason a new connection is opened for (DISCONNECT, CONNECTION_LOST, CONNECT_FAILED …). */
    public static final List<String> RECONNECT_REASONS = Arrays.stream(StreamClient.ReconnectReason.values())
            .map(Enum::name).toList();

    static ConnectionStatus of(StreamClient client) {
        Map<String, Long> reasons = new TreeMap<>();
        client.reconnectsByReason().forEach((reason, count) -> reasons.put(reason.name(), count));
        Exception failure = client.lastFailure();
        OpenConnectionException refused = failure instanceof OpenConnectionException e && e.status() > 0 ? e : null;
        return new ConnectionStatus(client.options().clientId(), client.state().name(), client.connectedCount(),
                Map.copyOf(reasons), client.malformedFrames(), client.lastFrameAt(), failure,
                refused == null ? 0 : refused.status(), refused == null ? null : refused.code());
    }

    public long reconnects() {
        return reconnectsByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
