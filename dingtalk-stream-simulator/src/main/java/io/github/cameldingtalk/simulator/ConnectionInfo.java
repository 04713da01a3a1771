package io.github.cameldingtalk.simulator;

import java.time.Instant;
import java.util.List;

/**
 * A Stream connection as the simulator sees it.
 *
 * @param id            the connectionId (also sent in every frame's headers)
 * @param clientId      the app it belongs to
 * @param subscriptions what its ticket subscribed to
 * @param openedAt      when the WebSocket was accepted
 * @param state         where it is in its life
 * @param closeReason   why it ended, null while open
 * @param closedAt      when it ended, null while open
 */
public record ConnectionInfo(String id, String clientId, List<OpenRequest.Subscription> subscriptions,
        Instant openedAt, State state, String closeReason, Instant closedAt) {

    public enum State {
        /** Takes new messages. */
        OPEN,
        /** Got a SYSTEM disconnect: no new messages, acks still accepted, closes after the delay. */
        DRAINING,
        /** Silently drops everything in both directions while the TCP connection stays up. */
        HALF_OPEN,
        CLOSED
    }


    public boolean isLive() {
        return state != State.CLOSED;
    }
}
