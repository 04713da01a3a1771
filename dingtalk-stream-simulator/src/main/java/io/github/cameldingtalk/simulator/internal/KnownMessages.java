package io.github.cameldingtalk.simulator.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages pushed so far, by messageId, so that acks (and late or duplicate ones) are matched to them. Bounded:
 * beyond {@code max} the oldest settled ones are forgotten, and counted; one still waiting for its ack is kept.
 */
final class KnownMessages {

    private final int max;
    private final Map<String, PushedMessage> byMessageId = new ConcurrentHashMap<>();
    /** In the order they were pushed, for forgetting the oldest first. */
    private final Queue<PushedMessage> pushOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong forgotten = new AtomicLong();

    KnownMessages(int max) {
        this.max = max;
    }

    void add(PushedMessage message) {
        byMessageId.put(message.messageId(), message);
        pushOrder.add(message);
        forgetSettledBeyondMax();
    }

    /** Run when a message is pushed or settled: a message acked late is forgotten then. */
    synchronized void forgetSettledBeyondMax() {
        for (int checked = 0; byMessageId.size() > max && checked < 16; checked++) {
            PushedMessage oldest = pushOrder.poll();
            if (oldest == null) {
                break;
            }
            if (oldest.isSystem() || oldest.isSettled()) {
                byMessageId.remove(oldest.messageId());
                forgotten.incrementAndGet();
            } else {
                pushOrder.add(oldest);
            }
        }
    }

    PushedMessage get(String messageId) {
        return byMessageId.get(messageId);
    }

    Collection<PushedMessage> all() {
        return byMessageId.values();
    }

    /** Application messages not yet successfully acked. */
    List<PushedMessage> unsettled() {
        List<PushedMessage> result = new ArrayList<>();
        for (PushedMessage message : byMessageId.values()) {
            if (!message.isSystem() && !message.isSettled()) {
                result.add(message);
            }
        }
        return result;
    }

    long forgotten() {
        return forgotten.get();
    }
}
