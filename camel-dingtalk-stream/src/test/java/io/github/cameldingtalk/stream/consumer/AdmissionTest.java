package io.github.cameldingtalk.stream.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The admission on its own, with an executor the test drives by hand (no threads, no timing). */
class AdmissionTest {

    /** Runs nothing until told: what was started is visible, and each job is finished explicitly. */
    private final Queue<Runnable> submitted = new ArrayDeque<>();
    private final Executor manual = submitted::add;
    private final List<String> started = new ArrayList<>();
    private final List<Admission.Permit> running = new ArrayList<>();

    private boolean offer(Admission admission, String key, String name) {
        return admission.offer(key, job(name, null));
    }

    /** A job of a sender: jobs of one sender merge into one named "a+b+c". */
    private Admission.Job job(String name, String sender) {
        return new Admission.Job() {
            @Override
            public void run(Admission.Permit permit) {
                started.add(name);
                running.add(permit);
            }

            @Override
            public void refuse(String reason) {
                started.add("refused " + name);
            }

            @Override
            public String sender() {
                return sender;
            }

            @Override
            public Admission.Job mergedWith(List<Admission.Job> later) {
                StringBuilder merged = new StringBuilder(name);
                later.forEach(job -> merged.append('+').append(job.toString()));
                return job(merged.toString(), sender);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private void runSubmitted() {
        while (!submitted.isEmpty()) {
            submitted.poll().run();
        }
    }

    @Test
    void oneConversationRunsInArrivalOrderWhileOthersRunInParallel() {
        Admission admission = new Admission(4, 10, manual);
        offer(admission, "alice", "a1");
        offer(admission, "alice", "a2");
        offer(admission, "bob", "b1");
        runSubmitted();
        assertEquals(List.of("a1", "b1"), started, "a2 waits behind a1; bob does not");
        assertEquals(3, admission.pending());

        running.remove(0).close(); // a1 acked
        runSubmitted();
        assertEquals(List.of("a1", "b1", "a2"), started);
        running.get(0).close();
        running.get(0).close(); // a permit closes once: a second close frees nothing more
        assertEquals(1, admission.pending());
        running.forEach(Admission.Permit::close);
        runSubmitted();
        assertEquals(0, admission.pending());
    }

    @Test
    void beyondMaxRunningWorkWaitsAndBeyondTheBacklogItIsRefused() {
        Admission admission = new Admission(1, 1, manual);
        assertTrue(offer(admission, null, "x"));
        assertTrue(offer(admission, null, "y"), "waits in the backlog");
        assertFalse(offer(admission, null, "z"), "maxRunning + backlog reached: handed back by the caller");
        runSubmitted();
        assertEquals(List.of("x"), started);
        running.remove(0).close();
        runSubmitted();
        assertEquals(List.of("x", "y"), started);
    }

    @Test
    void aStoppedPoolRefusesTheWorkSoItIsHandedBack() {
        Admission admission = new Admission(1, 0, runnable -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        });
        assertTrue(offer(admission, null, "late"));
        assertEquals(List.of("refused late"), started);
        assertEquals(0, admission.pending());
    }

    @Test
    void aPoolThatRefusesWorkHandsTheFrameBackInsteadOfRunningItInTheCaller() {
        // what a full or stopped Camel pool does with the Abort policy (never CallerRuns)
        Admission admission = new Admission(2, 10, job -> {
            throw new java.util.concurrent.RejectedExecutionException("pool full");
        });
        assertTrue(offer(admission, "alice", "a1"));
        assertEquals(List.of("refused a1"), started, "handed back, not run on the caller's thread");
        assertEquals(0, admission.pending(), "its slot is free again");
        assertTrue(offer(admission, "alice", "a2"), "the conversation is not left busy");
        assertEquals(List.of("refused a1", "refused a2"), started);
    }

    @Test
    void withBurstsMergedTheJobsOfOneSenderQueuedBehindTheRunningOneRunAsOne() {
        Admission admission = new Admission(4, 10, manual, new Bursts(true, java.time.Duration.ZERO, null));
        admission.offer("chat", job("a1", "alice"));
        admission.offer("chat", job("a2", "alice"));
        admission.offer("chat", job("a3", "alice"));
        admission.offer("chat", job("b1", "bob"));
        admission.offer("chat", job("a4", "alice"));
        runSubmitted();
        assertEquals(List.of("a1"), started);
        assertEquals(5, admission.pending());

        running.remove(0).close();
        runSubmitted();
        assertEquals(List.of("a1", "a2+a3"), started, "alice's two queued messages as one; bob's ends the burst");
        assertEquals(4, admission.pending());
        running.remove(0).close();
        assertEquals(2, admission.pending(), "the merged job counted for both of its frames");
        runSubmitted();
        running.remove(0).close();
        runSubmitted();
        assertEquals(List.of("a1", "a2+a3", "b1", "a4"), started);
        running.remove(0).close();
        assertEquals(0, admission.pending());
    }
}
