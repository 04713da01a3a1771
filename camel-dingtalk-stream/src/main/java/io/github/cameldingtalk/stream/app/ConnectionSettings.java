package io.github.cameldingtalk.stream.app;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The options that shape the app's one Stream connection, so they must be the same for every consumer of the
 * app. The secret is compared, never printed.
 */
public record ConnectionSettings(String clientSecret, int connections, Duration pingInterval,
        Duration reconnectInitialDelay, Duration reconnectMaxDelay, Duration connectionTtl, OkHttpClient okHttpClient) {

    /** The first option that differs, as {@code name=ours vs name=theirs}; null when they agree. */
    String difference(ConnectionSettings other) {
        if (!clientSecret.equals(other.clientSecret)) {
            return "another clientSecret";
        }
        if (connections != other.connections) {
            return "connections=" + other.connections + " vs connections=" + connections;
        }
        if (!pingInterval.equals(other.pingInterval)) {
            return "pingInterval=" + other.pingInterval.toMillis() + "ms vs " + pingInterval.toMillis() + "ms";
        }
        if (!reconnectInitialDelay.equals(other.reconnectInitialDelay)) {
            return "reconnectInitialDelay=" + other.reconnectInitialDelay.toMillis() + "ms vs "
                    + reconnectInitialDelay.toMillis() + "ms";
        }
        if (!reconnectMaxDelay.equals(other.reconnectMaxDelay)) {
            return "reconnectMaxDelay=" + other.reconnectMaxDelay.toMillis() + "ms vs "
                    + reconnectMaxDelay.toMillis() + "ms";
        }
        if (!connectionTtl.equals(other.connectionTtl)) {
            return "connectionTtl=" + other.connectionTtl.toMillis() + "ms vs " + connectionTtl.toMillis() + "ms";
        }
        if (okHttpClient != other.okHttpClient) {
            return "another okHttpClient";
        }
        return null;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[connections=" + connections + ", pingInterval=" + pingInterval + "]";
    }
}
