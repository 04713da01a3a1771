package io.github.cameldingtalk.stream.consumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
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

        /** Who sent it, for merging a burst ({@link Bursts}); null when it is never merged. */
        default String sender() {
            return null;
        }

        /** This job and {@code later} ones of the same burst, as one job. */
        default Job mergedWith(List<Job> later) {
            throw new UnsupportedOperationException("this job is never merged");
        }
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

    /** Admitted work: one job standing for {@code count} frames (more than one when a burst was merged). */
    private record Entry(String key, Job job, int count) {
    }

    private final int maxRunning;
    private final int limit;
    private final LoopingWorkers workers;
    private final Bursts bursts;
    private final ArrayDeque<Entry> ready = new ArrayDeque<>();
    /** Keys with work running, ready or held; their later work waits here, in order. */
    private final Map<String, ArrayDeque<Entry>> busyKeys = new HashMap<>();
    private int admitted;
    private int running;

    Admission(int maxRunning, int backlog, Executor executor) {
        this(maxRunning, backlog, executor, Bursts.OFF);
    }

    Admission(int maxRunning, int backlog, Executor executor, Bursts bursts) {
        this.maxRunning = maxRunning;
        this.limit = maxRunning + backlog;
        this.workers = new LoopingWorkers(maxRunning, executor);
        this.bursts = bursts;
    }

    /** An admission running its jobs on a Camel thread pool of {@code maxRunning} threads, named after the topic. */
    static Admission onCamelPool(ExecutorServiceManager manager, Object owner, String topic, int maxRunning,
            int backlog, Bursts bursts) {
        ThreadPoolProfile profile = new ThreadPoolProfile("DingTalkStreamConsumer");
        profile.setPoolSize(maxRunning);
        profile.setMaxPoolSize(maxRunning);
        // the admission bounds what waits; a short queue absorbs a loop started while another was leaving
        profile.setMaxQueueSize(maxRunning);
        // never CallerRuns: a loop would run nested in the thread that finished a job (a worker, an OkHttp thread)
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        return new Admission(maxRunning, backlog, manager.newThreadPool(owner, "DingTalkStream[" + topic + "]", profile),
                bursts);
    }

    /** Stops the pool (after {@link #awaitIdle}); jobs still waiting are refused, i.e. handed back. */
    void shutdown(ExecutorServiceManager manager) {
        workers.shutdown(manager);
    }

    /**
     * @param key work with the same non-null key runs one at a time, in the order offered
     * @return false when {@code maxRunning + backlog} jobs are pending already (nothing was taken)
     */
    boolean offer(String key, Job job) {
        Entry entry = new Entry(key, job, 1);
        boolean hold = key != null && bursts.holds(job);
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
            if (!hold && !takeSlot(entry)) {
                return true;
            }
        }
        if (hold) {
            // the conversation stays busy while its first message waits for more of its sender
            bursts.hold(() -> released(entry));
        } else {
            dispatch(entry);
        }
        return true;
    }

    /** A held job's wait is over: it runs with what its sender sent meanwhile (or waits for a slot). */
    private void released(Entry held) {
        Entry merged;
        synchronized (this) {
            merged = mergeBehind(held);
            if (!takeSlot(merged)) {
                return;
            }
        }
        dispatch(merged);
    }

    /** Under the lock: a slot for the entry (true), or it waits in {@link #ready} (false). */
    private boolean takeSlot(Entry entry) {
        if (running >= maxRunning) {
            ready.add(entry);
            return false;
        }
        running++;
        return true;
    }

    /** Under the lock: the entry, merged with the jobs of the same burst waiting right behind it, when merging. */
    private Entry mergeBehind(Entry head) {
        ArrayDeque<Entry> behind = head.key() == null ? null : busyKeys.get(head.key());
        if (behind == null || !bursts.merges()) {
            return head;
        }
        List<Job> later = new ArrayList<>();
        int count = head.count();
        while (!behind.isEmpty() && bursts.sameBurst(head.job(), behind.peek().job())) {
            Entry next = behind.poll();
            later.add(next.job());
            count += next.count();
        }
        return later.isEmpty() ? head : new Entry(head.key(), head.job().mergedWith(later), count);
    }

    private void dispatch(Entry entry) {
        workers.execute(() -> entry.job().run(new Permit(entry)), () -> refuse(entry));
    }

    private void refuse(Entry entry) {
        entry.job().refuse("consumer stopped");
        finished(entry);
    }

    private void finished(Entry entry) {
        Entry next;
        synchronized (this) {
            admitted -= entry.count();
            if (entry.key() != null) {
                ArrayDeque<Entry> behind = busyKeys.get(entry.key());
                Entry sameKey = behind == null ? null : behind.poll();
                if (sameKey == null) {
                    busyKeys.remove(entry.key());
                } else {
                    ready.add(mergeBehind(sameKey));
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
