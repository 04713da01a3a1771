package io.github.cameldingtalk.benchmarks;

/**
 * One row of results.json; null where a figure does not apply. {@code allocatedBytesPerFrame} (saturation only) is
 * what the client JVM allocated per event, from HotSpot's per-thread allocation counters; {@code firstAckMs}
 * (cold-burst only) is the time from launching the client JVM to the first acked event.
 */
record Result(String client, String scenario, String transport, Double acksPerSecond, Double p50Ms, Double p95Ms,
        Double p99Ms, Double maxMs, Long lost, Long redelivered, Double heapMb, Integer threads, Long connectMs,
        Double allocatedBytesPerFrame, Long firstAckMs, Integer repliesInFlight, Double cpuMsPer1000) {

    Result(String client, String scenario, String transport, Double acksPerSecond, Double p50Ms, Double p95Ms,
            Double p99Ms, Double maxMs, Long lost, Long redelivered, Double heapMb, Integer threads, Long connectMs,
            Double allocatedBytesPerFrame, Long firstAckMs) {
        this(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lost, redelivered, heapMb, threads,
                connectMs, allocatedBytesPerFrame, firstAckMs, null, null);
    }

    static Result of(String client, String scenario, String transport) {
        return new Result(client, scenario, transport, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** reply-throughput: the most replies the simulator answered at once, and client CPU per 1,000 answered. */
    Result replies(int inFlight, double cpuPerThousand) {
        return new Result(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lost, redelivered,
                heapMb, threads, connectMs, allocatedBytesPerFrame, firstAckMs, inFlight, cpuPerThousand);
    }

    Result allocation(double bytesPerFrame) {
        return new Result(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lost, redelivered,
                heapMb, threads, connectMs, bytesPerFrame, firstAckMs);
    }

    Result throughput(double acksPerSecond) {
        return new Result(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lost, redelivered,
                heapMb, threads, connectMs, allocatedBytesPerFrame, firstAckMs);
    }

    Result latency(double p50, double p95, double p99, double max) {
        return new Result(client, scenario, transport, acksPerSecond, p50, p95, p99, max, lost, redelivered, heapMb,
                threads, connectMs, allocatedBytesPerFrame, firstAckMs);
    }

    Result delivery(long lostCount, long redeliveredCount) {
        return new Result(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lostCount,
                redeliveredCount, heapMb, threads, connectMs, allocatedBytesPerFrame, firstAckMs);
    }

    Result footprint(double heap, int threadCount) {
        return new Result(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lost, redelivered,
                heap, threadCount, connectMs, allocatedBytesPerFrame, firstAckMs);
    }

    Result connect(long millis) {
        return new Result(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lost, redelivered,
                heapMb, threads, millis, allocatedBytesPerFrame, firstAckMs);
    }

    Result firstAck(long millis) {
        return new Result(client, scenario, transport, acksPerSecond, p50Ms, p95Ms, p99Ms, maxMs, lost, redelivered,
                heapMb, threads, connectMs, allocatedBytesPerFrame, millis);
    }

    String label() {
        return client + ("ws".equals(transport) ? " (ws)" : "");
    }
}
