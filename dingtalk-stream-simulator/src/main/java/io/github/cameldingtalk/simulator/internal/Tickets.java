package io.github.cameldingtalk.simulator.internal;

import io.github.cameldingtalk.simulator.OpenRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Tickets from the open call: single use, and valid for a limited time (DingTalk: 90 s). */
public final class Tickets {

    record Ticket(String value, String clientId, List<OpenRequest.Subscription> subscriptions, Instant expiresAt) {
    }

    /** Either the redeemed ticket or why it was refused. */
    record Redemption(Ticket ticket, String refusal) {
    }

    private final Map<String, Ticket> unused = new ConcurrentHashMap<>();
    private final Map<String, Boolean> used = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    public Tickets(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    String issue(String clientId, List<OpenRequest.Subscription> subscriptions) {
        String value = UUID.randomUUID().toString();
        unused.put(value, new Ticket(value, clientId, subscriptions, clock.instant().plus(ttl)));
        return value;
    }

    Redemption redeem(String value) {
        if (value == null || value.isEmpty()) {
            return new Redemption(null, "ticket is missing");
        }
        Ticket ticket = unused.remove(value);
        if (ticket == null) {
            return new Redemption(null, used.containsKey(value) ? "ticket was already used" : "ticket is unknown");
        }
        used.put(value, Boolean.TRUE);
        if (clock.instant().isAfter(ticket.expiresAt())) {
            return new Redemption(null, "ticket has expired");
        }
        return new Redemption(ticket, null);
    }
}
