package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.simulator.FrameType;
import io.github.cameldingtalk.simulator.SimulatorOptions;
import io.github.cameldingtalk.simulator.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes frames, matches acks to them, records protocol violations and redelivers what was not acked (or was
 * acked LATER), as DingTalk does.
 */
public final class Deliveries {

    /** Picks the connection for a message: one of the app's subscribed connections, at random. */
    public interface Router {
        GatewayConnection pick(String clientId, FrameType type, String topic);

        String appId(String clientId);
    }

    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

    private final SimulatorOptions options;
    private final ScheduledExecutorService scheduler;
    private final Router router;
    private final Clock clock;
    private final Feed feed;
    private volatile java.util.function.BiConsumer<PushedMessage, Ack> onAck = (message, ack) -> { };
    private final KnownMessages known;
    private final Queue<PushedMessage> waiting = new ConcurrentLinkedQueue<>();
    private final Records<Ack> acks;
    private final Records<Violation> violations;
    private final AtomicLong sequence = new AtomicLong();

    public Deliveries(SimulatorOptions options, ScheduledExecutorService scheduler, Router router, Clock clock,
            Feed feed) {
        this.feed = feed;
        this.options = options;
        this.scheduler = scheduler;
        this.router = router;
        this.clock = clock;
        this.known = new KnownMessages(options.maxRecords());
        this.acks = new Records<>(options.maxRecords());
        this.violations = new Records<>(options.maxRecords());
    }

    /** Told of every ack matched to a pushed message (e.g. to apply a card callback's answer to the card). */
    public void onAck(java.util.function.BiConsumer<PushedMessage, Ack> listener) {
        this.onAck = listener;
    }

    /** Pushes an application message to one subscribed connection of the app (or keeps it until there is one). */
    public PushedMessage push(String clientId, FrameType type, String topic, Map<String, String> extraHeaders, String data) {
        PushedMessage delivery = new PushedMessage(clientId, newMessageId(false), type, topic, extraHeaders, data);
        known.add(delivery);
        send(delivery, false);
        if (options.duplicateProbability() > 0 && ThreadLocalRandom.current().nextDouble() < options.duplicateProbability()) {
            send(delivery, true);
        }
        return delivery;
    }

    /** Pushes the same frame, same messageId, once more (a duplicate delivery as DingTalk may make). */
    public boolean duplicate(String messageId) {
        PushedMessage delivery = known.get(messageId);
        if (delivery == null || delivery.isSystem()) {
            return false;
        }
        send(delivery, true);
        return true;
    }

    /** Sends a SYSTEM frame on one given connection. */
    public PushedMessage pushSystem(GatewayConnection connection, String topic, String data) {
        PushedMessage delivery = new PushedMessage(connection.clientId(), newMessageId(true), FrameType.SYSTEM, topic, Map.of(), data);
        known.add(delivery);
        sendOn(connection, delivery, false);
        return delivery;
    }

    /** Acks, violations and settled messages forgotten because there were more than maxRecords. */
    public long droppedRecords() {
        return acks.dropped() + violations.dropped() + known.forgotten();
    }

    private void send(PushedMessage delivery, boolean duplicate) {
        // a connection may die between the pick and the write (a failed write closes it): the message then goes to
        // another open connection of the app, and waits only when there is none
        GatewayConnection connection;
        while ((connection = router.pick(delivery.clientId(), delivery.frameType(), delivery.topic())) != null) {
            if (sendOn(connection, delivery, duplicate)) {
                return;
            }
        }
        delivery.markWaiting();
        waiting.add(delivery);
        // a connection that opened since the pick has flushed the waiting queue already: flush again
        if (router.pick(delivery.clientId(), delivery.frameType(), delivery.topic()) != null) {
            flushWaiting();
        }
    }

    private boolean sendOn(GatewayConnection connection, PushedMessage delivery, boolean duplicate) {
        Instant now = clock.instant();
        // recorded before the write: a fast client may ack before the write call returns
        Delivery.Attempt attempt = new Delivery.Attempt(connection.id(), now, duplicate);
        delivery.recordAttempt(attempt);
        if (!connection.sendText(frame(connection, delivery, now))) {
            delivery.forgetAttempt(attempt);
            return false;
        }
        if (!delivery.isSystem()) {
            schedule(() -> redeliverIfUnacked(delivery, attempt), options.redeliveryTimeout());
        }
        return true;
    }

    private String frame(GatewayConnection connection, PushedMessage delivery, Instant now) {
        ObjectNode frame = Json.object();
        frame.put("specVersion", "1.0");
        frame.put("type", delivery.frameType().name());
        ObjectNode headers = frame.putObject("headers");
        headers.put("appId", router.appId(delivery.clientId()));
        headers.put("connectionId", connection.id());
        headers.put("contentType", "application/json");
        headers.put("messageId", delivery.messageId());
        headers.put("time", Long.toString(now.toEpochMilli()));
        headers.put("topic", delivery.topic());
        delivery.extraHeaders().forEach(headers::put);
        frame.put("data", delivery.data());
        return Json.write(frame);
    }

    private void redeliverIfUnacked(PushedMessage delivery, Delivery.Attempt attempt) {
        if (delivery.isAttemptUnacked(attempt) && !delivery.isSettled()) {
            redeliver(delivery, "no ack within " + options.redeliveryTimeout());
        }
    }

    private void redeliver(PushedMessage delivery, String why) {
        if (delivery.isStopped()) {
            return;
        }
        if (delivery.redeliveries() >= options.maxRedeliveries()) {
            LOG.log(System.Logger.Level.INFO, "giving up on {0} after {1} redeliveries", delivery,
                    delivery.redeliveries());
            return;
        }
        delivery.countRedelivery();
        LOG.log(System.Logger.Level.DEBUG, "redelivering {0}: {1}", delivery, why);
        send(delivery, false);
    }

    /** A connection became available: send what was waiting for one. */
    public void flushWaiting() {
        int n = waiting.size();
        for (int i = 0; i < n; i++) {
            PushedMessage delivery = waiting.poll();
            if (delivery == null) {
                return;
            }
            if (!delivery.isStopped()) {
                send(delivery, false);
            }
        }
    }

    public void onText(GatewayConnection connection, String text) {
        Instant now = clock.instant();
        AckFrame read = AckFrame.read(text, (kind, id, detail) -> violation(kind, connection, id, detail));
        if (read == null) {
            return;
        }
        String messageId = read.messageId();
        int code = read.code();
        String data = read.data();
        PushedMessage delivery = known.get(messageId);
        if (delivery == null) {
            violation(Violation.Kind.UNKNOWN_MESSAGE_ID, connection, messageId, "no frame with this messageId was pushed");
            return;
        }
        switch (delivery.match(connection.id())) {
            case WRONG_CONNECTION -> {
                violation(Violation.Kind.WRONG_CONNECTION, connection, messageId,
                        "the frame went out on " + delivery.attempts().stream()
                                .map(Delivery.Attempt::connectionId).distinct().toList());
                return;
            }
            case ALREADY_ACKED -> {
                violation(Violation.Kind.ALREADY_ACKED, connection, messageId,
                        "acked more often than it was pushed (" + delivery.attempts().size() + ")");
                return;
            }
            default -> {
                // a matching push
            }
        }
        if (delivery.isSystem() && "ping".equals(delivery.topic())) {
            String sent = Json.text(Json.parseOrNull(delivery.data()), "opaque");
            String echoed = Json.text(Json.parseOrNull(data), "opaque");
            if (!sent.equals(echoed)) {
                violation(Violation.Kind.PING_WITHOUT_OPAQUE, connection, messageId,
                        "ping ack data must echo the opaque, got " + (data == null ? "no data" : "'" + data + "'"));
            }
        }
        Duration latency = delivery.recordAck(connection.id(), now);
        Ack ack = new Ack(messageId, connection.id(), code, read.message(), data, latency, now);
        acks.add(ack);
        onAck.accept(delivery, ack);
        feed.publish("ack", Json.object().put("messageId", messageId).put("messageType", delivery.type())
                .put("topic", delivery.topic()).put("connectionId", connection.id()).put("code", code)
                .put("status", ack.status()).put("latencyMicros", latency.toNanos() / 1000));
        boolean later = delivery.frameType() == FrameType.EVENT && (code != 200 || "LATER".equals(ack.status()));
        delivery.complete(ack, code == 200 && !later);
        known.forgetSettledBeyondMax();
        if (later) {
            schedule(() -> {
                if (!delivery.isSettled()) {
                    redeliver(delivery, "acked LATER");
                }
            }, options.laterRedeliveryDelay());
        }
    }

    public void onBinary(GatewayConnection connection, int length) {
        violation(Violation.Kind.BINARY_FRAME, connection, null, "binary frame of " + length + " bytes");
    }

    private void violation(Violation.Kind kind, GatewayConnection connection, String messageId, String detail) {
        Violation violation = new Violation(kind, connection.id(), messageId, detail, clock.instant());
        LOG.log(System.Logger.Level.WARNING, "protocol violation: {0}", violation);
        violations.add(violation);
        feed.publish("violation", Json.object().put("kind", kind.name()).put("connectionId", connection.id())
                .put("messageId", messageId).put("detail", detail));
    }

    private void schedule(Runnable task, Duration delay) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "scheduled delivery task failed", e);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private String newMessageId(boolean system) {
        long n = sequence.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now = clock.millis();
        return system
                ? String.format("c0a8%08x%x%06x", random.nextInt(), now, n & 0xFFFFFF)
                : String.format("%08x_%d_%x_%x", random.nextInt(), random.nextInt(100, 1000), now, n);
    }

    public PushedMessage get(String messageId) {
        return known.get(messageId);
    }

    public Collection<PushedMessage> all() {
        return known.all();
    }

    public List<Ack> acks() {
        return acks.list();
    }

    public List<Violation> violations() {
        return violations.list();
    }

    public int waitingCount() {
        return waiting.size();
    }

    /**
     * Forgets recorded acks and violations, and stops pushing what was pushed before (so one test's leftovers do
     * not reach the next); the deliveries stay known, so their late acks are still matched.
     */
    public void clearRecords() {
        acks.clear();
        violations.clear();
        waiting.clear();
        for (PushedMessage delivery : known.all()) {
            delivery.stopRedelivery();
        }
    }

    public List<PushedMessage> unsettled() {
        return known.unsettled();
    }
}
