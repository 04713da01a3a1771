package io.github.cameldingtalk.benchmarks;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.simulator.LoadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The load each scenario puts on a connected client, and what it measures. Runs in the orchestrator JVM. */
final class Scenarios {

    /** Sizes of one run; {@link #quick()} for a smoke run. */
    record Sizes(int saturationEvents, int window, int fixedRate, int fixedSeconds, int slowEvents, int handoverRate,
            int handoverSeconds, int disconnectEverySeconds, int warmup, int coldBurstEvents, int coldBurstWindow,
            int replyMessages, int replyConversations) {

        /** ai-streams: how many answers at once, one run each. */
        List<Integer> aiAnswers() {
            return replyMessages >= 6_000 ? List.of(10, 30, 100) : List.of(10, 30);
        }

        static Sizes defaults() {
            return new Sizes(200_000, 1_000, 2_000, 15, 6_000, 1_000, 30, 5, 20_000, 5_000, 500, 6_000, 300);
        }

        Sizes withSaturationEvents(int events) {
            return new Sizes(events, window, fixedRate, fixedSeconds, slowEvents, handoverRate, handoverSeconds,
                    disconnectEverySeconds, warmup, coldBurstEvents, coldBurstWindow, replyMessages, replyConversations);
        }

        static Sizes quick() {
            return new Sizes(10_000, 1_000, 1_000, 5, 1_500, 500, 12, 4, 2_000, 5_000, 500, 1_200, 300);
        }
    }

    /** What the reply-throughput scenario saw. */
    record ReplyLoad(int answered, double answeredPerSecond, double p50Ms, double p99Ms, double maxMs,
            int mostRepliesInFlight, boolean inOrder, long unanswered) {
    }

    private final DingTalkSimulator sim;
    private final String clientId;

    Scenarios(DingTalkSimulator sim, String clientId) {
        this.sim = sim;
        this.clientId = clientId;
    }

    /**
     * Pushes {@code count} events on the simulator's throughput path, keeping at most {@code window} unacked, and
     * waits for the last ack; fails when any was not acked SUCCESS.
     */
    LoadResult load(int count, int window) throws InterruptedException {
        LoadResult result;
        try {
            result = sim.pushLoad(clientId, "bench", "{\"i\":1}", count, window, Duration.ofSeconds(120));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; connections: " + sim.connections(), e);
        }
        if (result.succeeded() != count) {
            throw new IllegalStateException("not every event was acked SUCCESS: " + result);
        }
        return result;
    }

    /** {@link #load} and its successful acks per second. */
    double windowed(int count, int window) throws InterruptedException {
        return load(count, window).acksPerSecond();
    }

    /**
     * Warms the faithful path (Jackson per frame and per ack in the generator, as fixed-rate and handover use it)
     * with {@code count} events, at most {@code window} unacked.
     */
    void warmFaithfully(int count, int window) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            sim.pushEvent(clientId, "bench", "{\"i\":" + i + "}").success().whenComplete((ack, e) -> inFlight.release());
        }
        if (!inFlight.tryAcquire(window, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("warm-up acks missing after 120 s");
        }
    }

    /**
     * Bot messages in {@code conversations} conversations (one after another in each), at most {@code window} not yet
     * acked; the simulator holds each reply post as set by the caller. Answered/s runs from the first push to the last
     * reply; latency is delivery → reply as the simulator records them; the order is checked per conversation.
     */
    ReplyLoad replies(int messages, int conversations, int window, String tag) throws InterruptedException {
        Semaphore unacked = new Semaphore(window);
        java.util.Map<String, java.time.Instant> pushedAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<String, List<String>> sentOrder = new java.util.HashMap<>();
        List<Delivery> deliveries = new ArrayList<>(messages);
        int repliesBefore = sim.botReplies().size();
        java.time.Instant start = java.time.Instant.now();
        for (int i = 0; i < messages; i++) {
            String conversation = "cid" + tag + (i % conversations);
            BotMessage message = BotMessage.text(tag + " " + i).conversationId(conversation);
            unacked.acquire();
            Delivery delivery = sim.pushBotMessage(clientId, message);
            pushedAt.put(message.msgId(), delivery.createdAt());
            sentOrder.computeIfAbsent(conversation, c -> new ArrayList<>()).add(message.msgId());
            deliveries.add(delivery);
            delivery.success().whenComplete((ack, e) -> unacked.release());
        }
        long unanswered = awaitSettled(deliveries, 120);
        List<io.github.cameldingtalk.simulator.BotReply> replies = sim.botReplies().subList(repliesBefore,
                sim.botReplies().size()).stream().filter(r -> pushedAt.containsKey(r.inReplyTo())).toList();
        long[] micros = replies.stream().mapToLong(r -> java.time.Duration.between(pushedAt.get(r.inReplyTo()), r.at())
                .toNanos() / 1000).sorted().toArray();
        java.time.Instant last = replies.stream().map(io.github.cameldingtalk.simulator.BotReply::at)
                .max(java.util.Comparator.naturalOrder()).orElse(start);
        java.util.Map<String, List<String>> repliedOrder = new java.util.HashMap<>();
        replies.stream().sorted(java.util.Comparator.comparing(io.github.cameldingtalk.simulator.BotReply::at))
                .forEach(r -> repliedOrder.computeIfAbsent(r.conversationId(), c -> new ArrayList<>()).add(r.inReplyTo()));
        boolean inOrder = sentOrder.equals(repliedOrder);
        double seconds = Math.max(1e-3, java.time.Duration.between(start, last).toNanos() / 1e9);
        return new ReplyLoad(replies.size(), replies.size() / seconds, micros.length == 0 ? Double.NaN : at(micros, 0.5),
                micros.length == 0 ? Double.NaN : at(micros, 0.99),
                micros.length == 0 ? Double.NaN : micros[micros.length - 1] / 1000.0, sim.mostRepliesInFlight(), inOrder,
                unanswered);
    }

    /** Pushes {@code rate} events per second for {@code seconds}, optionally disconnecting every few seconds. */
    List<Delivery> fixedRate(int rate, int seconds, int disconnectEverySeconds) throws InterruptedException {
        List<Delivery> deliveries = new ArrayList<>(rate * seconds);
        long start = System.nanoTime();
        long periodNanos = 1_000_000L;
        int perTick = Math.max(1, rate / 1000);
        long nextDisconnect = disconnectEverySeconds > 0 ? start + disconnectEverySeconds * 1_000_000_000L : Long.MAX_VALUE;
        int i = 0;
        for (long tick = 0; tick < seconds * 1000L; tick++) {
            long due = start + tick * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (int k = 0; k < perTick; k++) {
                deliveries.add(sim.pushEvent(clientId, "bench", "{\"i\":" + i++ + "}"));
            }
            if (System.nanoTime() >= nextDisconnect) {
                for (ConnectionInfo connection : sim.liveConnections(clientId)) {
                    if (connection.state() == ConnectionInfo.State.OPEN) {
                        sim.disconnect(connection.id());
                    }
                }
                nextDisconnect += disconnectEverySeconds * 1_000_000_000L;
            }
        }
        return deliveries;
    }

    /** Waits until every delivery has a successful ack or {@code seconds} pass; returns how many did not. */
    static long awaitSettled(List<Delivery> deliveries, int seconds) throws InterruptedException {
        try {
            CompletableFuture.allOf(deliveries.stream().map(Delivery::success).toArray(CompletableFuture[]::new))
                    .get(seconds, TimeUnit.SECONDS);
            return 0;
        } catch (TimeoutException | ExecutionException e) {
            return deliveries.stream().filter(d -> !d.success().isDone()).count();
        }
    }

    /** p50, p95, p99, max in milliseconds of the first successful ack of each delivery. */
    static double[] percentiles(List<Delivery> deliveries, Function<Delivery, Ack> ackOf) {
        long[] micros = deliveries.stream().map(ackOf).filter(a -> a != null)
                .mapToLong(a -> a.latency().toNanos() / 1000).sorted().toArray();
        if (micros.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {at(micros, 0.50), at(micros, 0.95), at(micros, 0.99), micros[micros.length - 1] / 1000.0};
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    static Ack successOf(Delivery delivery) {
        return delivery.success().getNow(null);
    }

    static long redeliveries(List<Delivery> deliveries) {
        return deliveries.stream().mapToLong(Delivery::redeliveries).sum();
    }
}
