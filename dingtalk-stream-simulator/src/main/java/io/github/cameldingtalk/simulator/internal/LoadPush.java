package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.FrameType;
import io.github.cameldingtalk.simulator.LoadResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's throughput path, for benchmarks only: one EVENT encoded once, copied with only its messageId
 * and eventId changed, written in batches by one thread per connection (flushed when the window is full or
 * the batch buffer is), and acks recognised by a byte search instead of a JSON tree. It keeps no delivery
 * records and does not redeliver; a frame not acked SUCCESS is counted as failed. The faithful path
 * ({@link Deliveries}) stays the one for correctness.
 */
public final class LoadPush {

    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final int DIGITS = 12;
    private static final String PLACEHOLDER = "#".repeat(DIGITS);
    private static final byte[] CODE = "\"code\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUCCESS = "SUCCESS".getBytes(StandardCharsets.US_ASCII);
    private static final int BATCH_BYTES = 64 * 1024;

    private final byte[] template;
    private final int[] indexPositions;
    private final byte[] idPrefix;
    private final int count;
    private final Semaphore window;
    private final CountDownLatch answered;
    private final long[] writtenAt;
    private final AtomicLongArray ackedAt;
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong firstAckMillis = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    private final long base = System.nanoTime();

    private LoadPush(byte[] template, String idPrefix, int count, int window) {
        this.template = template;
        this.idPrefix = idPrefix.getBytes(StandardCharsets.US_ASCII);
        this.indexPositions = positionsOf(template, PLACEHOLDER.getBytes(StandardCharsets.US_ASCII));
        this.count = count;
        this.window = new Semaphore(window);
        this.answered = new CountDownLatch(count);
        this.writtenAt = new long[count];
        this.ackedAt = new AtomicLongArray(count);
    }

    /**
     * Pushes {@code count} copies of one event to the given connections (all of one app), at most {@code window}
     * unacked in all, and waits for every ack or the timeout.
     */
    public static LoadResult run(List<GatewayConnection> connections, String appId, String eventType, String data,
            int count, int window, Duration timeout) throws InterruptedException {
        if (connections.isEmpty()) {
            throw new IllegalStateException("no open connection subscribed to events");
        }
        String idPrefix = "load" + LOADS.incrementAndGet() + "-";
        List<Thread> writers = new ArrayList<>();
        LoadPush load = null;
        for (GatewayConnection connection : connections) {
            byte[] frame = encode(connection, appId, eventType, data, idPrefix);
            if (load == null) {
                load = new LoadPush(frame, idPrefix, count, window);
            }
            LoadPush shared = load;
            connection.tapAcks(shared::onAck);
            Thread writer = new Thread(() -> shared.writeLoop(connection, frame), "dingtalk-sim-load-" + connection.id());
            writer.setDaemon(true);
            writers.add(writer);
        }
        long start = System.nanoTime();
        writers.forEach(Thread::start);
        try {
            load.answered.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return load.result(start, System.nanoTime(), connections.size());
        } finally {
            for (Thread writer : writers) {
                writer.interrupt();
            }
            connections.forEach(c -> c.tapAcks(null));
        }
    }

    /** The frame as {@link Deliveries} would write it, with placeholders where the index goes. */
    private static byte[] encode(GatewayConnection connection, String appId, String eventType, String data,
            String idPrefix) {
        ObjectNode frame = Json.object();
        frame.put("specVersion", "1.0");
        frame.put("type", FrameType.EVENT.name());
        ObjectNode headers = frame.putObject("headers");
        headers.put("appId", appId);
        headers.put("connectionId", connection.id());
        headers.put("contentType", "application/json");
        headers.put("messageId", idPrefix + PLACEHOLDER);
        headers.put("time", Long.toString(System.currentTimeMillis()));
        headers.put("topic", "*");
        headers.put("eventType", eventType);
        headers.put("eventId", "ev-" + idPrefix + PLACEHOLDER);
        headers.put("eventCorpId", Apps.corpId(connection.clientId()));
        headers.put("eventBornTime", Long.toString(System.currentTimeMillis()));
        headers.put("eventUnifiedAppId", appId);
        frame.put("data", data);
        return WsFrames.encode(WsFrames.TEXT, Json.write(frame).getBytes(StandardCharsets.UTF_8));
    }

    private void writeLoop(GatewayConnection connection, byte[] frame) {
        byte[] batch = new byte[Math.max(BATCH_BYTES, frame.length)];
        int filled = 0;
        try {
            while (true) {
                if (!window.tryAcquire()) {
                    // the window is full: what is batched must go out before waiting for acks
                    filled = flush(connection, batch, filled);
                    window.acquire();
                }
                int index = next.getAndIncrement();
                if (index >= count) {
                    window.release();
                    flush(connection, batch, filled);
                    return;
                }
                if (filled + frame.length > batch.length) {
                    filled = flush(connection, batch, filled);
                }
                System.arraycopy(frame, 0, batch, filled, frame.length);
                for (int position : indexPositions) {
                    writeDigits(batch, filled + position, index);
                }
                filled += frame.length;
                writtenAt[index] = sinceBase();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            writeFailure.set(e);
        }
    }

    private static int flush(GatewayConnection connection, byte[] batch, int filled) {
        if (filled > 0 && !connection.writeRaw(batch, filled)) {
            throw new IllegalStateException("connection " + connection.id() + " closed during the load");
        }
        return 0;
    }

    /** On a connection's reader thread: true when the ack belongs to this load. */
    private boolean onAck(byte[] payload) {
        int at = indexOf(payload, idPrefix, 0);
        if (at < 0 || at + idPrefix.length + DIGITS > payload.length) {
            return false;
        }
        int index = readDigits(payload, at + idPrefix.length);
        if (index < 0 || index >= count || !ackedAt.compareAndSet(index, 0, sinceBase())) {
            return true; // a second ack of the same frame: not counted again
        }
        firstAckMillis.compareAndSet(0, System.currentTimeMillis());
        int code = indexOf(payload, CODE, 0);
        boolean success = code >= 0 && startsWith(payload, code + CODE.length, "200")
                && indexOf(payload, SUCCESS, 0) >= 0;
        (success ? succeeded : failed).incrementAndGet();
        if (!success) {
            ackedAt.set(index, -1);
        }
        window.release();
        answered.countDown();
        return true;
    }

    /** Nanoseconds since the load was made, plus one: zero in {@link #ackedAt} means "not acked yet". */
    private long sinceBase() {
        return System.nanoTime() - base + 1;
    }

    private LoadResult result(long start, long end, int connections) {
        if (writeFailure.get() != null) {
            throw new IllegalStateException("the load could not be written: " + writeFailure.get().getMessage(),
                    writeFailure.get());
        }
        int pushed = Math.min(next.get(), count);
        long[] latencies = new long[succeeded.get()];
        int n = 0;
        long last = start - base + 1;
        for (int i = 0; i < pushed && n < latencies.length; i++) {
            long acked = ackedAt.get(i);
            if (acked > 0) {
                latencies[n++] = (acked - writtenAt[i]) / 1000;
                last = Math.max(last, acked);
            }
        }
        Arrays.sort(latencies, 0, n);
        long done = answered.getCount() == 0 ? last + base - 1 : end;
        long first = firstAckMillis.get();
        return new LoadResult(pushed, succeeded.get(), failed.get(), Duration.ofNanos(done - start),
                Arrays.copyOf(latencies, n), first == 0 ? null : Instant.ofEpochMilli(first), connections);
    }

    private static void writeDigits(byte[] target, int at, int value) {
        for (int i = DIGITS - 1; i >= 0; i--) {
            target[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int readDigits(byte[] source, int at) {
        int value = 0;
        for (int i = 0; i < DIGITS; i++) {
            int digit = source[at + i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static boolean startsWith(byte[] bytes, int at, String ascii) {
        if (at + ascii.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int[] positionsOf(byte[] bytes, byte[] needle) {
        List<Integer> positions = new ArrayList<>();
        for (int at = indexOf(bytes, needle, 0); at >= 0; at = indexOf(bytes, needle, at + needle.length)) {
            positions.add(at);
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
