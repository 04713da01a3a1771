package io.github.cameldingtalk.stream.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link StreamClient} went through, as its readers see it: its state (told to the state listener when it
 * changes), why it is not connected, and the new connections it opened by reason. Written on the client's thread.
 */
final class ClientHealth {

    private final StreamClient.StateListener listener;
    private final Map<StreamClient.ReconnectReason, AtomicLong> reconnects = new ConcurrentHashMap<>();
    private volatile StreamClient.State state = StreamClient.State.STOPPED;
    private volatile Exception lastFailure;
    private boolean everConnected;

    ClientHealth(StreamClient.StateListener listener) {
        this.listener = listener;
    }

    void connected() {
        lastFailure = null;
        everConnected = true;
    }

    void failed(Exception failure) {
        lastFailure = failure;
    }

    void count(StreamClient.ReconnectReason reason) {
        reconnects.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Works out the state from whether the client runs and how many connections take work; tells a change. */
    void publish(boolean running, int connected) {
        StreamClient.State next = !running ? StreamClient.State.STOPPED
                : connected > 0 ? StreamClient.State.CONNECTED
                : everConnected || lastFailure != null ? StreamClient.State.RECONNECTING
                : StreamClient.State.CONNECTING;
        if (next != state) {
            state = next;
            if (listener != null) {
                listener.stateChanged(next, next == StreamClient.State.CONNECTED ? null : lastFailure);
            }
        }
    }

    StreamClient.State state() {
        return state;
    }

    Exception lastFailure() {
        return lastFailure;
    }

    Map<StreamClient.ReconnectReason, Long> reconnectsByReason() {
        Map<StreamClient.ReconnectReason, Long> counts = new EnumMap<>(StreamClient.ReconnectReason.class);
        reconnects.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }
}
