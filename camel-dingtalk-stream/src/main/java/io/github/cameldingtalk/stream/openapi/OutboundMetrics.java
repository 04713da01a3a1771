package io.github.cameldingtalk.stream.openapi;

import java.util.concurrent.atomic.LongAdder;

/** What an app's outbound calls went through: retries, unknown outcomes, calls refused by the client rate limit. */
public final class OutboundMetrics {

    private final LongAdder retries = new LongAdder();
    private final LongAdder outcomesUnknown = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();

    void retried() {
        retries.increment();
    }

    void outcomeUnknown() {
        outcomesUnknown.increment();
    }

    void refusedByRateLimit() {
        rateLimited.increment();
    }

    /** Attempts made again after a failure DingTalk did not process. */
    public long retries() {
        return retries.sum();
    }

    /** Calls not repeated because their outcome is unknown. */
    public long outcomesUnknown() {
        return outcomesUnknown.sum();
    }

    /** Calls failed at once because the client-side rate limit would have started them after their deadline. */
    public long rateLimited() {
        return rateLimited.sum();
    }
}
