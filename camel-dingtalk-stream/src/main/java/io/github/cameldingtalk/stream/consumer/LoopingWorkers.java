package io.github.cameldingtalk.stream.consumer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.ExecutorServiceManager;

/**
 * Runs tasks on at most {@code maxThreads} threads of a pool that take tasks in a loop and stay a moment after the
 * queue empties, so that under load a frame reaches a thread that is already awake instead of waking one (a hand-off
 * per frame costs the reader thread a wake-up and the worker a park). A task the pool cannot run (it is stopping) is
 * refused: its {@code refused} runs instead.
 */
final class LoopingWorkers {

    /**
     * How often an idle thread yields before it leaves (tens of microseconds; of 10 to 1,000 measured, 50 gave the
     * most acks/s under saturation on 2 cores).
     */
    private static final int IDLE_SPINS = 50;

    private record Task(Runnable run, Runnable refused) {
    }

    private final int maxThreads;
    private final Executor executor;
    private final Queue<Task> toRun = new ConcurrentLinkedQueue<>();
    private final AtomicInteger loops = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger idleLoops = new AtomicInteger();
    private volatile boolean stopped;

    LoopingWorkers(int maxThreads, Executor executor) {
        this.maxThreads = maxThreads;
        this.executor = executor;
    }

    void execute(Runnable run, Runnable refused) {
        if (stopped) {
            refused.run();
            return;
        }
        toRun.add(new Task(run, refused));
        // an idle thread may be descheduled for a while (it yields): more tasks than idle threads start another, as
        // long as the pool has a thread for it (a loop the pool cannot take costs an exception, and the running
        // loops take the task anyway)
        if (queued.incrementAndGet() > idleLoops.get() && loops.get() < maxThreads) {
            startLoop();
        }
    }

    /** Refuses what waits and stops the pool. */
    void shutdown(ExecutorServiceManager manager) {
        stopped = true;
        refuseQueued();
        if (executor instanceof ExecutorService pool) {
            manager.shutdownNow(pool);
        }
    }

    boolean isStopped() {
        return stopped;
    }

    private void startLoop() {
        loops.incrementAndGet();
        try {
            executor.execute(this::runLoop);
        } catch (RejectedExecutionException e) {
            // the pool is gone (stopping), or full for a moment: then a thread still looping takes the task later;
            // with none left the tasks are refused
            if (loops.decrementAndGet() == 0 || stopped) {
                refuseQueued();
            }
        }
    }

    private void runLoop() {
        idleLoops.incrementAndGet();
        int spins = 0;
        while (true) {
            Task task = stopped ? null : toRun.poll();
            if (task != null) {
                queued.decrementAndGet();
                // more waiting and nobody idle: another thread takes them, not after this one
                if (idleLoops.decrementAndGet() == 0 && !toRun.isEmpty() && loops.get() < maxThreads) {
                    startLoop();
                }
                task.run().run();
                idleLoops.incrementAndGet();
                spins = 0;
            } else if (!stopped && ++spins < IDLE_SPINS) {
                Thread.yield();
            } else {
                idleLoops.decrementAndGet();
                loops.decrementAndGet();
                // a task queued while this loop was leaving may have seen it still counted (and started none): then
                // stay; one queued after the decrement starts its own loop
                if (stopped || toRun.isEmpty()) {
                    if (stopped) {
                        refuseQueued();
                    }
                    return;
                }
                loops.incrementAndGet();
                idleLoops.incrementAndGet();
                spins = 0;
            }
        }
    }

    private void refuseQueued() {
        for (Task task = toRun.poll(); task != null; task = toRun.poll()) {
            queued.decrementAndGet();
            task.refused().run();
        }
    }
}
