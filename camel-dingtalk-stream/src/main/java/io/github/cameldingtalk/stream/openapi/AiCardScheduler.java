package io.github.cameldingtalk.stream.openapi;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the streaming frames of every live AI card of one app under the app's budget for
 * {@code PUT /v1.0/card/streaming}: one frame per rate-limit slot, the slot given to the card that needs it most —
 * finishing and failing frames first, then the card with new text that got the fewest frames so far (in turn among
 * equals). A card's text is
 * latest-wins: new text replaces text not sent yet (it is the whole answer so far), so a fast generator costs no
 * more calls than a slow one. Each card has at most one frame in flight (frames arrive in order) and at least its
 * {@code minInterval} between frames. When DingTalk answers QpsLimit the app slows down for a while and the frame's
 * text is sent again unless newer text replaced it; a final frame is never dropped. Nothing here blocks: the
 * generation offers text and goes on.
 */
public final class AiCardScheduler {

    private static final String STREAMING = "PUT /v1.0/card/streaming";
    /** How long the app stays slower after a QpsLimit answer. */
    private static final long SLOW_FOR_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The least gap between frames while slowed down (also without a client-side rate limit). */
    private static final long SLOW_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A card's frames that may fail in a row (no answer, 5xx, QpsLimit) before its last frame is given up. */
    private static final int MAX_FAILURES = 10;

    /** The text of one card, as the generation produces it. */
    public interface Feed {
        /** The whole text so far; replaces text not sent yet. */
        void offer(String text);

        /** The whole text: the card ends finished. Completes when DingTalk took the final frame. */
        CompletableFuture<Void> finish(String text);

        /** The text shown so far: the card ends failed. Completes when DingTalk took the frame. */
        CompletableFuture<Void> fail(String text);
    }

    private final OpenApiClient api;
    private final CardCalls calls;
    private final ScheduledExecutorService scheduler;
    private final long slotNanos;
    private final ArrayDeque<LiveCard> cards = new ArrayDeque<>();
    private final LongAdder updates = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder qpsLimited = new LongAdder();
    private boolean slotAsked;
    private boolean wakeScheduled;
    private long slowUntil = System.nanoTime();
    private long lastSend = System.nanoTime();

    /** @param callsPerSecond the app's apiRateLimit: in a slow-down, frames go at half that pace */
    public AiCardScheduler(OpenApiClient api, CardCalls calls, ScheduledExecutorService scheduler, double callsPerSecond) {
        this.api = api;
        this.calls = calls;
        this.scheduler = scheduler;
        this.slotNanos = callsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / callsPerSecond);
    }

    /** Registers a delivered card; its frames go through the returned feed. */
    public synchronized Feed register(String outTrackId, String key, long minIntervalNanos) {
        LiveCard card = new LiveCard(outTrackId, key, minIntervalNanos);
        cards.add(card);
        return new Feed() {
            @Override
            public void offer(String text) {
                put(card, text, false, false);
            }

            @Override
            public CompletableFuture<Void> finish(String text) {
                put(card, text, true, false);
                return card.ended;
            }

            @Override
            public CompletableFuture<Void> fail(String text) {
                put(card, text, true, true);
                return card.ended;
            }
        };
    }

    /** Live cards: registered and not ended. */
    public synchronized int liveCards() {
        return cards.size();
    }

    /** Streaming frames DingTalk took. */
    public long updatesSent() {
        return updates.sum();
    }

    /** Texts replaced by newer text before they were sent. */
    public long textsCoalesced() {
        return coalesced.sum();
    }

    /** Frames DingTalk refused with QpsLimit (sent again). */
    public long qpsLimitAnswers() {
        return qpsLimited.sum();
    }

    private void put(LiveCard card, String text, boolean last, boolean failed) {
        synchronized (this) {
            if (card.put(text, last, failed)) {
                coalesced.increment();
            }
        }
        pump();
    }

    /** Asks for a slot when a card can use one now, or wakes up when the next one can. */
    private void pump() {
        long wakeIn = -1;
        boolean askSlot = false;
        synchronized (this) {
            if (slotAsked) {
                return;
            }
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (LiveCard card : cards) {
                if (card.hasWork()) {
                    next = Math.min(next, card.eligibleAt());
                }
            }
            if (next == Long.MAX_VALUE) {
                return;
            }
            if (now - slowUntil < 0) {
                next = Math.max(next, lastSend + Math.max(2 * slotNanos, SLOW_GAP_NANOS));
            }
            if (next - now > 0) {
                if (!wakeScheduled) {
                    wakeScheduled = true;
                    wakeIn = next - now;
                }
            } else {
                slotAsked = true;
                askSlot = true;
            }
        }
        if (wakeIn >= 0) {
            schedule(wakeIn);
        } else if (askSlot) {
            api.slot(STREAMING).whenComplete((granted, refused) -> sendInSlot(refused));
        }
        // else: a wake-up is due already, or a slot is on its way
    }

    private void schedule(long nanos) {
        try {
            scheduler.schedule(() -> {
                synchronized (this) {
                    wakeScheduled = false;
                }
                pump();
            }, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            synchronized (this) {
                wakeScheduled = false;
                cards.forEach(card -> card.ended.completeExceptionally(stopping));
                cards.clear();
            }
        }
    }

    /** A slot came: the card that needs it most sends its latest text. */
    private void sendInSlot(Throwable refused) {
        if (refused != null) {
            // the lane is crowded (other callers of the API): ask again a little later
            synchronized (this) {
                slotAsked = false;
                if (wakeScheduled) {
                    return;
                }
                wakeScheduled = true;
            }
            schedule(Math.max(slotNanos, TimeUnit.MILLISECONDS.toNanos(50)));
            return;
        }
        LiveCard card;
        LiveCard.Frame frame;
        synchronized (this) {
            slotAsked = false;
            long now = System.nanoTime();
            card = pick(now);
            if (card == null) {
                frame = null;
            } else {
                frame = card.take(now);
                lastSend = now;
                // in turn: the card goes to the back
                cards.remove(card);
                cards.add(card);
            }
        }
        if (card != null) {
            calls.streamInSlot(card.outTrackId, card.key, frame.text(), frame.last() && !frame.failed(), frame.failed())
                    .whenComplete((ok, failure) -> sent(card, frame, failure));
        }
        pump();
    }

    /**
     * Finishing and failing frames first (in turn), then of the cards whose interval has passed the one that got the
     * fewest frames so far (a card that started late catches up), the first in turn among equals.
     */
    private LiveCard pick(long now) {
        LiveCard chosen = null;
        for (LiveCard card : cards) {
            if (!card.hasWork()) {
                continue;
            }
            if (card.lastPending()) {
                return card;
            }
            if (now - card.eligibleAt() >= 0 && (chosen == null || card.framesSent() < chosen.framesSent())) {
                chosen = card;
            }
        }
        return chosen;
    }

    private void sent(LiveCard card, LiveCard.Frame frame, Throwable failure) {
        Throwable cause = OutboundCall.unwrap(failure);
        boolean ended;
        synchronized (this) {
            if (cause == null) {
                updates.increment();
                card.taken();
                ended = frame.last();
            } else if (notProcessed(cause) && card.notTaken(frame, MAX_FAILURES)) {
                if (cause instanceof DingTalkApiException refusal && refusal.isThrottled()) {
                    qpsLimited.increment();
                    slowUntil = System.nanoTime() + SLOW_FOR_NANOS;
                }
                ended = false;
            } else {
                // refused for good: a plain frame is skipped (the next text tries again), a last one ends the card
                card.refused();
                ended = frame.last();
            }
            if (ended) {
                cards.remove(card);
            }
        }
        if (ended && cause == null) {
            card.ended.complete(null);
        } else if (ended) {
            card.ended.completeExceptionally(cause);
        }
        pump();
    }

    /** DingTalk did not process the frame: no answer, busy, or QpsLimit. */
    private static boolean notProcessed(Throwable cause) {
        return cause instanceof DingTalkApiException refusal
                && (refusal.isThrottled() || refusal.getStatusCode() == 0 || refusal.getStatusCode() >= 500);
    }
}
