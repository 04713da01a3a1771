package io.github.cameldingtalk.stream.client;

import java.time.Duration;

/** What happens to a {@link StreamClient}'s connections, for health checks, metrics and logs. */
public interface StreamClientListener {

    default void onConnected(String connectionId) {
    }

    default void onDisconnected(String connectionId, String reason) {
    }

    /** An open call or handshake failed; the next attempt comes after {@code retryIn}. */
    default void onConnectFailed(Exception error, Duration retryIn) {
    }

    /** A frame that could not be decoded was skipped. */
    default void onMalformedFrame(String reason) {
    }
}
