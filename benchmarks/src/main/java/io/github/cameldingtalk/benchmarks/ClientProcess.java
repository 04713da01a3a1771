package io.github.cameldingtalk.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client JVM started by the orchestrator, with the same heap flags for every client. */
final class ClientProcess implements AutoCloseable {

    static final List<String> JVM_FLAGS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC");

    /** Added to every client's command line ({@code --client-flags}), e.g. a profiler or a CDS archive. */
    static volatile List<String> extraFlags = List.of();

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    /** @param mode {@code fast}, {@code slow} (a 20 ms route) or {@code bot} (a bot answering every message) */
    ClientProcess(String client, List<String> flags, String apiUrl, String clientId, String secret, String mode,
            Path trustStore) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(flags);
        command.addAll(extraFlags);
        if (trustStore != null) {
            command.add("-Djavax.net.ssl.trustStore=" + trustStore);
            command.add("-Djavax.net.ssl.trustStorePassword=changeit");
            command.add("-Djavax.net.ssl.trustStoreType=PKCS12");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClientMain.class.getName());
        command.add(client);
        command.add(apiUrl);
        command.add(clientId);
        command.add(secret);
        command.add(mode);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("EOF " + e);
            }
        }, "client-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Heap used after GC (MB), live threads and bytes allocated so far, measured inside the client JVM. */
    double[] stats() throws Exception {
        commands.write("stats\n");
        commands.flush();
        while (true) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the client did not answer stats");
            }
            if (line.startsWith("STATS ")) {
                String[] parts = line.split(" ");
                return new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
                    Double.parseDouble(parts[3])};
            }
        }
    }

    /** CPU time the client JVM used so far (every thread, user and system), in milliseconds. */
    long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    @Override
    public void close() throws Exception {
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
