package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.InboundFrame;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Duplicate suppression with Camel {@link IdempotentRepository IdempotentRepositories}: a message is known by its
 * messageId and its msgId (bot) or eventId (event), which survive DingTalk's redeliveries. An exchange first
 * <em>claims</em> its keys; once its side effect happened (reply posted, route done) the keys are marked
 * <em>done</em>, before the ack; a failed exchange releases its claim so that the redelivery is processed.
 *
 * <p>A claim and a done message must look different, or a duplicate that arrives while another exchange (another
 * instance) still works on the original would be acked "done" before anything was done — and lost if that instance
 * dies. So a duplicate of a done message is acked at once, and a duplicate of a claimed one is handed back
 * ({@link Claim#IN_PROGRESS}) for DingTalk to deliver again later. With only the {@code idempotentRepository}, a
 * done key is a second key ({@code …:done:…}) in it, and a claim never expires. With a {@code claimRepository} as
 * well, claims live there (a repository whose entries expire unless kept alive, such as camel-sql's
 * {@code JdbcOrphanLockAwareIdempotentRepository}, lets a survivor take over what a dead instance had claimed) and
 * the {@code idempotentRepository} holds only done keys.
 */
final class IdempotentClaims {

    /** What the exchange holds: keys it claimed, or that the message is a duplicate, done or in progress. */
    record Claim(List<String> keys, State state) {
        enum State { CLAIMED, DUPLICATE, IN_PROGRESS }

        static final Claim NONE = new Claim(List.of(), State.CLAIMED);
        static final Claim DUPLICATE = new Claim(List.of(), State.DUPLICATE);
        static final Claim IN_PROGRESS = new Claim(List.of(), State.IN_PROGRESS);

        boolean isDuplicate() {
            return state == State.DUPLICATE;
        }

        boolean isInProgress() {
            return state == State.IN_PROGRESS;
        }
    }

    private static final String PREFIX = "dingtalk-stream:";
    private static final String DONE_PREFIX = "dingtalk-stream:done:";

    private final IdempotentRepository repository;
    private final IdempotentRepository claimRepository;
    private final ExceptionHandler exceptionHandler;
    private final Runnable checkFailed;

    /**
     * @param repository      done keys (and claims when {@code claimRepository} is null); null: no duplicate check
     * @param claimRepository claims, or null to keep them in {@code repository}
     */
    IdempotentClaims(IdempotentRepository repository, IdempotentRepository claimRepository,
            ExceptionHandler exceptionHandler, Runnable checkFailed) {
        this.repository = repository;
        this.claimRepository = claimRepository;
        this.exceptionHandler = exceptionHandler;
        this.checkFailed = checkFailed;
    }

    Claim claim(InboundFrame frame, Object input, Exchange exchange) {
        if (repository == null) {
            return Claim.NONE;
        }
        List<String> keys = new ArrayList<>(2);
        keys.add(PREFIX + "messageId:" + frame.messageId());
        if (input instanceof DingTalkBotMessage bot && bot.getMsgId() != null) {
            keys.add(PREFIX + "msgId:" + bot.getMsgId());
        } else if (frame.isEvent() && frame.header("eventId") != null) {
            keys.add(PREFIX + "eventId:" + frame.header("eventId"));
        }
        List<String> claimed = new ArrayList<>(2);
        try {
            for (String key : keys) {
                if (claimRepository != null && repository.contains(exchange, key)) {
                    return unclaim(claimed, Claim.DUPLICATE);
                }
                Boolean added = add(claimStore(), exchange, key, frame);
                if (added == null) {
                    return new Claim(claimed, Claim.State.CLAIMED);
                }
                if (!added) {
                    return unclaim(claimed, isDone(exchange, key) ? Claim.DUPLICATE : Claim.IN_PROGRESS);
                }
                claimed.add(key);
                // the owner of a claim marks it done before removing it: a claim won just now may be one that was
                // done between the first look and the claim
                if (claimRepository != null && repository.contains(exchange, key)) {
                    return unclaim(claimed, Claim.DUPLICATE);
                }
            }
        } catch (RuntimeException e) {
            uncheck(frame, exchange, e);
            return new Claim(claimed, Claim.State.CLAIMED);
        }
        return new Claim(claimed, Claim.State.CLAIMED);
    }

    /** Whether a key someone else holds is done (else it is claimed: in progress, or its claimer died). */
    private boolean isDone(Exchange exchange, String key) {
        return repository.contains(exchange, claimRepository != null ? key : doneKey(key));
    }

    private IdempotentRepository claimStore() {
        return claimRepository != null ? claimRepository : repository;
    }

    private Claim unclaim(List<String> claimed, Claim outcome) {
        claimed.forEach(key -> claimStore().remove(key));
        return outcome;
    }

    /** @return whether the key was new; null when the repository cannot tell (the message is routed unchecked) */
    private Boolean add(IdempotentRepository store, Exchange exchange, String key, InboundFrame frame) {
        try {
            return store.add(exchange, key);
        } catch (RuntimeException e) {
            // e.g. a JDBC primary-key violation: another instance inserted the same key at the same moment
            try {
                if (store.contains(exchange, key)) {
                    return false;
                }
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            uncheck(frame, exchange, e);
            return null;
        }
    }

    /** The repository cannot tell: the message is routed (duplicates possible) rather than held back. */
    private void uncheck(InboundFrame frame, Exchange exchange, RuntimeException e) {
        checkFailed.run();
        exceptionHandler.handleException("Idempotent repository failed; message " + frame.messageId()
                + " is routed without duplicate check", exchange, e);
    }

    /** The side effect happened: the keys are marked done (call it before the ack). */
    void confirm(Claim claim) {
        if (claim.state() != Claim.State.CLAIMED) {
            return;
        }
        for (String key : claim.keys()) {
            if (claimRepository != null) {
                repository.add(key);
                claimRepository.remove(key);
            } else {
                repository.add(doneKey(key));
                repository.confirm(key);
            }
        }
    }

    void release(Claim claim) {
        if (claim.state() != Claim.State.CLAIMED || claim.keys().isEmpty()) {
            return;
        }
        try {
            for (String key : claim.keys()) {
                claimStore().remove(key);
            }
        } catch (RuntimeException e) {
            exceptionHandler.handleException("Idempotent repository could not release " + claim.keys(), e);
        }
    }

    private static String doneKey(String key) {
        return DONE_PREFIX + key.substring(PREFIX.length());
    }
}
