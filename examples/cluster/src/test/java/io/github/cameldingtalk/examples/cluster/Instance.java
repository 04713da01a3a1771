package io.github.cameldingtalk.examples.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One instance of the cluster example: its own JVM, started as a user would start it, killed or stopped at will. */
final class Instance implements AutoCloseable {

    final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    Instance(String name, String apiUrl, String clientId, String secret, String jdbcUrl, Path logDir) {
        this.name = name;
        this.log = logDir.resolve(name + ".log");
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Ddingtalk.apiUrl=" + apiUrl, "-Ddingtalk.clientId=" + clientId,
                "-Ddingtalk.clientSecret=" + secret, "-Dcluster.instance=" + name, "-Dcluster.jdbcUrl=" + jdbcUrl,
                "-Dcluster.jdbcUser=" + ThrowAwayPostgres.USER,
                "-Dcluster.claimMaxAgeMillis=3000", "-Dcluster.claimKeepAliveMillis=1000",
                "-Dcluster.jdbcConnectionTimeoutMillis=1000", "-cp", System.getProperty("java.class.path"),
                ClusterApplication.class.getName()));
    }

    Instance start() throws IOException {
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return this;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: Camel Main's graceful shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill();
        }
    }
}
