package io.github.cameldingtalk.stream.consumer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * Decides on the reader thread whether a frame can be taken, and runs what it took: at most {@code maxRunning} at
 * once, up to {@code backlog} more waiting, and work with the same key (a conversation) one after another in
 * arrival order while different keys run in parallel. A job holds a {@link Permit} from the moment it runs until
 * it closes it (after its ack, i.e. after its reply); it counts as pending from its admission until then, which is
 * what a graceful stop waits for.
 */
final class Admission {

    /** Admitted work. */
    interface Job {

        /** On a pool thread; the job closes the permit once, when the frame's ack is out. */
        void run(Permit permit);

        /** Instead of {@link #run}: the pool is gone (stopping), the frame goes back to DingTalk. */
        void refuse(String reason);
    }

    /** A job's slot, and its place in its key's line; closing it lets the next one run. Idempotent. */
    final class Permit implements AutoCloseable {

        private final Entry entry;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                finished(entry);
            }
        }
    }

    private record Entry(String key, Job job) {
    }

    /**
     * How often an idle thread yields before it leaves (tens of microseconds; of 10 to 1,000 measured, 50 gave the
     * most acks/s under saturation on 2 cores).
     */
    private static final int IDLE_SPINS = 50;

    private final int maxRunning;
    private final int limit;
    private final Executor executor;
    private final ArrayDeque<Entry> ready = new ArrayDeque<>();
    /** Jobs allowed to run (counted in {@link #running}) that no thread has taken yet. */
    private final Queue<Entry> toRun = new ConcurrentLinkedQueue<>();
    private final AtomicInteger loops = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger idleLoops = new AtomicInteger();
    private volatile boolean stopped;
    /** Keys with work running or ready; their later work waits here, in order. */
    private final Map<String, ArrayDeque<Entry>> busyKeys = new HashMap<>();
    private int admitted;
    private int running;

    Admission(int maxRunning, int backlog, Executor executor) {
        this.maxRunning = maxRunning;
        this.limit = maxRunning + backlog;
        this.executor = executor;
    }

    /** An admission running its jobs on a Camel thread pool of {@code maxRunning} threads, named after the topic. */
    static Admission onCamelPool(ExecutorServiceManager manager, Object owner, String topic, int maxRunning,
            int backlog) {
        ThreadPoolProfile profile = new ThreadPoolProfile("DingTalkStreamConsumer");
        profile.setPoolSize(maxRunning);
        profile.setMaxPoolSize(maxRunning);
        // the admission bounds what waits; a short queue absorbs a loop started while another was leaving
        profile.setMaxQueueSize(maxRunning);
        // never CallerRuns: a loop would run nested in the thread that finished a job (a worker, an OkHttp thread)
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        return new Admission(maxRunning, backlog, manager.newThreadPool(owner, "DingTalkStream[" + topic + "]", profile));
    }

    /** Stops the pool (after {@link #awaitIdle}); jobs still waiting are refused, i.e. handed back. */
    void shutdown(ExecutorServiceManager manager) {
        stopped = true;
        refuseQueued();
        if (executor instanceof ExecutorService pool) {
            manager.shutdownNow(pool);
        }
    }

    /**
     * @param key work with the same non-null key runs one at a time, in the order offered
     * @return false when {@code maxRunning + backlog} jobs are pending already (nothing was taken)
     */
    boolean offer(String key, Job job) {
        Entry entry = new Entry(key, job);
        synchronized (this) {
            if (admitted >= limit) {
                return false;
            }
            admitted++;
            if (key != null) {
                ArrayDeque<Entry> behind = busyKeys.get(key);
                if (behind != null) {
                    behind.add(entry);
                    return true;
                }
                busyKeys.put(key, new ArrayDeque<>());
            }
            if (running >= maxRunning) {
                ready.add(entry);
                return true;
            }
            running++;
        }
        dispatch(entry);
        return true;
    }

    /**
     * Queues a job that may run now and makes sure a thread will take it. Threads run jobs in a loop and stay a
     * moment after the queue empties, so that under load a frame reaches a thread that is already awake instead of
     * waking one (a hand-off per frame costs the reader thread a wake-up and the worker a park).
     */
    private void dispatch(Entry entry) {
        if (stopped) {
            refuse(entry);
            return;
        }
        toRun.add(entry);
        // an idle thread may be descheduled for a while (it yields): more jobs than idle threads start another, as
        // long as the pool has a thread for it (a loop the pool cannot take costs an exception, and the running
        // loops take the job anyway)
        if (queued.incrementAndGet() > idleLoops.get() && loops.get() < maxRunning) {
            startLoop();
        }
    }

    private void startLoop() {
        loops.incrementAndGet();
        try {
            executor.execute(this::runLoop);
        } catch (RejectedExecutionException e) {
            // the pool is gone (stopping), or full for a moment: then a thread still looping takes the job later;
            // with none left the jobs go back to DingTalk
            if (loops.decrementAndGet() == 0 || stopped) {
                refuseQueued();
            }
        }
    }

    private void runLoop() {
        idleLoops.incrementAndGet();
        int spins = 0;
        while (true) {
            Entry entry = stopped ? null : toRun.poll();
            if (entry != null) {
                queued.decrementAndGet();
                // more waiting and nobody idle: another thread takes them, not after this one
                if (idleLoops.decrementAndGet() == 0 && !toRun.isEmpty() && loops.get() < maxRunning) {
                    startLoop();
                }
                entry.job().run(new Permit(entry));
                idleLoops.incrementAndGet();
                spins = 0;
            } else if (!stopped && ++spins < IDLE_SPINS) {
                Thread.yield();
            } else {
                idleLoops.decrementAndGet();
                loops.decrementAndGet();
                // a job queued while this loop was leaving may have seen it still counted (and started none): then
                // stay; one queued after the decrement starts its own loop
                if (stopped || toRun.isEmpty()) {
                    refuseQueuedIfStopped();
                    return;
                }
                loops.incrementAndGet();
                idleLoops.incrementAndGet();
                spins = 0;
            }
        }
    }

    private void refuseQueuedIfStopped() {
        if (stopped) {
            refuseQueued();
        }
    }

    private void refuseQueued() {
        for (Entry entry = toRun.poll(); entry != null; entry = toRun.poll()) {
            queued.decrementAndGet();
            refuse(entry);
        }
    }

    private void refuse(Entry entry) {
        entry.job().refuse("consumer stopped");
        finished(entry);
    }

    private void finished(Entry entry) {
        Entry next;
        synchronized (this) {
            admitted--;
            if (entry.key() != null) {
                ArrayDeque<Entry> behind = busyKeys.get(entry.key());
                Entry sameKey = behind == null ? null : behind.poll();
                if (sameKey == null) {
                    busyKeys.remove(entry.key());
                } else {
                    ready.add(sameKey);
                }
            }
            next = ready.poll();
            if (next == null) {
                running--;
            }
            notifyAll();
        }
        if (next != null) {
            dispatch(next);
        }
    }

    /** Jobs admitted and not done: running, waiting for a slot, or waiting behind their key. */
    synchronized int pending() {
        return admitted;
    }

    /** Waits until no job is pending, or the timeout passed; returns how many still are. */
    synchronized int awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (admitted > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return admitted;
    }
}
