package io.github.cameldingtalk.stream.client;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a {@link StreamClient} changes its connection set: the scheduler it was given, or its own
 * (a daemon thread, shut down after the client stopped). A change that throws is logged; one that comes after the
 * scheduler is gone is skipped.
 */
final class ClientLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ClientLoop.class);

    private final String clientId;
    private final ScheduledExecutorService scheduler;
    private final boolean own;

    ClientLoop(String clientId, ScheduledExecutorService given) {
        this.clientId = clientId;
        this.own = given == null;
        this.scheduler = own ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dingtalk-stream-" + clientId);
            thread.setDaemon(true);
            return thread;
        }) : given;
    }

    /** Runs a change on the loop's thread. */
    void run(Runnable change) {
        schedule(change, Duration.ZERO);
    }

    /** Runs a change on the loop's thread after {@code delay}. */
    void schedule(Runnable change, Duration delay) {
        Runnable guarded = () -> {
            try {
                change.run();
            } catch (RuntimeException e) {
                LOG.warn("DingTalk Stream client for {} failed to update its connections: {}", clientId, e.toString());
            }
        };
        try {
            if (delay.isZero()) {
                scheduler.execute(guarded);
            } else {
                scheduler.schedule(guarded, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("DingTalk Stream client for {} is shut down; change skipped", clientId);
        }
    }

    /** Shuts its own thread down after {@code delay} (a given scheduler belongs to its owner). */
    void shutdownAfter(Duration delay) {
        if (own) {
            schedule(scheduler::shutdown, delay);
        }
    }
}
