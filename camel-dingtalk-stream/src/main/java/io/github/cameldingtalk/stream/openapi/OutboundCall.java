package io.github.cameldingtalk.stream.openapi;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The attempts of one outbound call (OpenAPI or sessionWebhook), the one retry engine of the component. What a retry
 * may do decides:
 * <ul>
 * <li>not processed for sure — no connection (the request never reached the wire, see {@link RequestWritten}), or an
 * answer that says so (HTTP 429, 403 QpsLimit, throttling errcodes, HTTP 5xx: DingTalk failed or was busy):
 * retried with backoff and jitter within the {@link RetryPolicy};</li>
 * <li>outcome unknown — the connection failed or the time ran out after the request was written, a 2xx answer could
 * not be read: a call that is not idempotent fails with a
 * {@link DingTalkOutcomeUnknownException} and is never repeated; an idempotent one is retried;</li>
 * <li>refused — any other answer: fails at once.</li>
 * </ul>
 * Subclasses say how an attempt's request is made and what an answer means. Nothing blocks: waits run on the
 * scheduler.
 */
public abstract class OutboundCall<T> {

    /** What one answer means. */
    protected record Verdict<T>(T value, RuntimeException failure, boolean retry, long retryAfterMillis,
            boolean againAtOnce) {

        public static <T> Verdict<T> success(T value) {
            return new Verdict<>(value, null, false, 0, false);
        }

        /** A final refusal. */
        public static <T> Verdict<T> refused(RuntimeException failure) {
            return new Verdict<>(null, failure, false, 0, false);
        }

        /** DingTalk did not process it (throttled, busy): another attempt after the backoff, if one is left. */
        public static <T> Verdict<T> notProcessed(RuntimeException failure, long retryAfterMillis) {
            return new Verdict<>(null, failure, true, retryAfterMillis, false);
        }

        /** The same attempt once more at once (e.g. with a fresh access token). */
        public static <T> Verdict<T> againAtOnce(RuntimeException failure) {
            return new Verdict<>(null, failure, false, 0, true);
        }
    }

    private final String what;
    private final Request fixedRequest;
    private final boolean idempotent;
    private final OkHttpClient http;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final OutboundMetrics metrics;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final long started = System.nanoTime();
    private final long deadline;

    protected OutboundCall(String what, boolean idempotent, OkHttpClient http, RetryPolicy policy,
            ScheduledExecutorService scheduler, OutboundMetrics metrics) {
        this(what, null, idempotent, http, policy, scheduler, metrics);
    }

    /** A call that makes the same request at every attempt. */
    protected OutboundCall(String what, Request request, boolean idempotent, OkHttpClient http, RetryPolicy policy,
            ScheduledExecutorService scheduler, OutboundMetrics metrics) {
        this.what = what;
        this.fixedRequest = request;
        this.idempotent = idempotent;
        this.http = http;
        this.policy = policy;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.deadline = started + policy.timeout().toNanos();
    }

    /**
     * The request of an attempt, once it may go (e.g. access token in hand, rate-limit slot taken); by default the
     * fixed request.
     */
    protected CompletableFuture<Request> prepare(long deadlineNanos) {
        return CompletableFuture.completedFuture(fixedRequest);
    }

    /**
     * What an answer means.
     *
     * @param body the answer's bytes; null when a non-2xx answer's body could not be read
     */
    protected abstract Verdict<T> judge(Response response, byte[] body, int attempt);

    /** A JSON answer's text (DingTalk answers UTF-8). */
    protected static String text(byte[] body) {
        return body == null ? null : new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The failure of an attempt that got no answer (or no readable one). */
    protected RuntimeException notSent(String why, int attempt) {
        return new DingTalkApiException(what + " failed: " + why, 0, null, null, attempt);
    }

    /** The failure reported when no attempt is left after {@code last}. */
    protected RuntimeException gaveUp(RuntimeException last, int attempts) {
        return last;
    }

    /** Starts the first attempt. */
    public final CompletableFuture<T> start() {
        attempt(1);
        return result;
    }

    public final String what() {
        return what;
    }

    private void attempt(int attempt) {
        guarded(() -> prepare(deadline).whenComplete((prepared, failure) -> guarded(() -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else {
                send(RequestWritten.marked(prepared), attempt);
            }
        })));
    }

    /** Whatever a step throws fails the call: its future always completes. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private void send(Request request, int attempt) {
        Call call = http.newCall(request);
        call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                String why = describe(e);
                guarded(() -> {
                    if (RequestWritten.mayHaveBeenWritten(c)) {
                        unknown(attempt, why, notSent(why, attempt));
                    } else {
                        retry(attempt, Verdict.notProcessed(notSent(why, attempt), 0));
                    }
                });
            }

            @Override
            public void onResponse(Call c, Response response) {
                guarded(() -> answered(response, attempt));
            }
        });
    }

    private void answered(Response response, int attempt) {
        byte[] body;
        try (response) {
            ResponseBody content = response.body();
            body = content == null ? new byte[0] : content.bytes();
        } catch (IOException e) {
            String why = "the answer (HTTP " + response.code() + ") could not be read: " + e.getClass().getSimpleName();
            if (response.isSuccessful()) {
                unknown(attempt, why, notSent(why, attempt));
            } else {
                settle(judge(response, null, attempt), attempt);
            }
            return;
        }
        settle(judge(response, body, attempt), attempt);
    }

    private void settle(Verdict<T> verdict, int attempt) {
        if (verdict.failure() == null) {
            result.complete(verdict.value());
        } else if (verdict.againAtOnce()) {
            attempt(attempt);
        } else if (verdict.retry()) {
            retry(attempt, verdict);
        } else {
            result.completeExceptionally(verdict.failure());
        }
    }

    /** After a request was written: repeated only when the call is idempotent. */
    private void unknown(int attempt, String why, RuntimeException failure) {
        if (idempotent) {
            retry(attempt, Verdict.notProcessed(failure, 0));
            return;
        }
        metrics.outcomeUnknown();
        result.completeExceptionally(new DingTalkOutcomeUnknownException(what,
                Duration.ofNanos(System.nanoTime() - started), attempt, why));
    }

    private void retry(int attempt, Verdict<T> verdict) {
        long wait = policy.waitBeforeNext(attempt, deadline, verdict.retryAfterMillis());
        if (wait < 0) {
            result.completeExceptionally(gaveUp(verdict.failure(), attempt));
            return;
        }
        metrics.retried();
        try {
            scheduler.schedule(() -> attempt(attempt + 1), wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(gaveUp(verdict.failure(), attempt));
        }
    }

    /** An I/O failure in a few words; a URL in its message (a webhook's) is left out. */
    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : " " + e.getMessage().replaceAll("\\w+://\\S*", "…");
        return e.getClass().getSimpleName() + message;
    }

    /** The failure a future completed with, without the {@link CompletionException} a dependent stage wraps it in. */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
