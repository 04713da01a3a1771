package io.github.cameldingtalk.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;

/**
 * One benchmarked client in its own JVM: {@code ClientMain <client> <apiUrl> <clientId> <secret> <fast|slow|bot|ai>}.
 * It connects, then answers {@code stats} on stdin with {@code STATS <heapMbAfterGc> <liveThreads>} and stops on
 * {@code quit}.
 */
public final class ClientMain {

    /** The route's work per event in the slow-route scenario. */
    static final long SLOW_MILLIS = 20;

    private ClientMain() {
    }

    public static void main(String[] args) throws Exception {
        String client = args[0];
        String apiUrl = args[1];
        String clientId = args[2];
        String secret = args[3];
        String mode = args[4];
        AutoCloseable running = switch (client) {
            case "raw-okhttp" -> RawOkHttpClient.start(apiUrl, clientId, secret);
            case "null" -> NullClient.start(apiUrl, clientId, secret);
            case "official-sdk" -> OfficialSdkClient.start(apiUrl, clientId, secret, mode);
            case "component" -> ComponentClient.start(apiUrl, clientId, secret, mode);
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
        System.out.println("STARTED");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if ("stats".equals(line)) {
                System.gc();
                System.gc();
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.println("STATS " + heap.getUsed() / (1024.0 * 1024.0) + " "
                        + ManagementFactory.getThreadMXBean().getThreadCount() + " " + allocatedBytes());
            } else if ("quit".equals(line)) {
                break;
            }
        }
        running.close();
        System.exit(0);
    }

    /** Bytes allocated so far by the live threads (HotSpot's per-thread allocation counters). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, allocated);
        }
        return total;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void work(boolean slow) {
        if (slow) {
            try {
                Thread.sleep(SLOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
