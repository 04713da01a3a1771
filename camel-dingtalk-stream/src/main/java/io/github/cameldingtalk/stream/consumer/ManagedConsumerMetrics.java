package io.github.cameldingtalk.stream.consumer;

import java.util.Map;
import org.apache.camel.api.management.ManagedAttribute;

/**
 * The consumer's JMX attributes (camel-management shows them on the consumer's MBean), all read from its
 * {@link ConsumerMetrics}.
 */
public interface ManagedConsumerMetrics {

    ConsumerMetrics metrics();

    @ManagedAttribute(description = "The topic consumed")
    default String getTopicName() {
        return metrics().topic();
    }

    @ManagedAttribute(description = "The app's clientId")
    default String getClientId() {
        return metrics().clientId();
    }

    @ManagedAttribute(description = "Open Stream connections of the app taking frames")
    default int getConnectionCount() {
        return metrics().connectionCount();
    }

    @ManagedAttribute(description = "Frames admitted and not yet acked: running, waiting for a slot or behind their"
                                    + " conversation")
    default int getInflightExchanges() {
        return metrics().inflight();
    }

    @ManagedAttribute(description = "Frames of this topic received")
    default long getFramesReceived() {
        return metrics().framesReceived();
    }

    @ManagedAttribute(description = "Frames acked as successful")
    default long getAcksSuccess() {
        return metrics().outcomes(ConsumerMetrics.Outcome.SUCCESS);
    }

    @ManagedAttribute(description = "Events acked LATER (route failure, route asked, busy or stopping)")
    default long getAcksLater() {
        return metrics().outcomes(ConsumerMetrics.Outcome.LATER);
    }

    @ManagedAttribute(description = "Callbacks acked with an error code (route or reply failure)")
    default long getAcksFailed() {
        return metrics().outcomes(ConsumerMetrics.Outcome.FAILED);
    }

    @ManagedAttribute(description = "Callbacks left unacked on purpose (busy or stopping) so DingTalk redelivers")
    default long getFramesHandedBack() {
        return metrics().outcomes(ConsumerMetrics.Outcome.HANDED_BACK);
    }

    @ManagedAttribute(description = "Duplicates acked without routing (idempotentRepository)")
    default long getDuplicatesDropped() {
        return metrics().duplicatesDropped();
    }

    @ManagedAttribute(description = "Bot messages routed together with the message before them, merged from a burst"
                                    + " (mergeBursts)")
    default long getMessagesMerged() {
        return metrics().messagesMerged();
    }

    @ManagedAttribute(description = "Messages routed without the duplicate check because the idempotent repository failed")
    default long getDuplicateChecksFailed() {
        return metrics().duplicateChecksFailed();
    }

    @ManagedAttribute(description = "Frames handed back because maxConcurrency exchanges ran and the backlog was full")
    default long getOverloadRejections() {
        return metrics().overloadRejections();
    }

    @ManagedAttribute(description = "Bot replies DingTalk accepted")
    default long getRepliesSent() {
        return metrics().repliesSent();
    }

    @ManagedAttribute(description = "Bot replies that could not be delivered (the exchange failed)")
    default long getRepliesFailed() {
        return metrics().repliesFailed();
    }

    @ManagedAttribute(description = "Extra posts made to deliver bot replies (transient failures retried)")
    default long getReplyRetries() {
        return metrics().replyRetries();
    }

    @ManagedAttribute(description = "Bot replies whose outcome is unknown (written, then no answer): not posted again,"
                                    + " the message acked and the exception handler told")
    default long getRepliesUnknown() {
        return metrics().repliesUnknown();
    }

    @ManagedAttribute(description = "Bot replies sent through the robot OpenAPI because the sessionWebhook had expired")
    default long getRepliesViaOpenApi() {
        return metrics().repliesViaOpenApi();
    }

    @ManagedAttribute(description = "Live AI cards of the app (streamed answers not finished yet)")
    default int getLiveAiCards() {
        return metrics().liveAiCards();
    }

    @ManagedAttribute(description = "Streaming frames of the app's AI cards that DingTalk took")
    default long getAiCardUpdates() {
        return metrics().aiCardUpdates();
    }

    @ManagedAttribute(description = "Texts of the app's AI cards replaced by newer text before they were sent")
    default long getAiCardTextsCoalesced() {
        return metrics().aiCardTextsCoalesced();
    }

    @ManagedAttribute(description = "Streaming frames of the app's AI cards refused with QpsLimit (sent again)")
    default long getAiCardQpsLimitAnswers() {
        return metrics().aiCardQpsLimitAnswers();
    }

    @ManagedAttribute(description = "Streamed answers of this route that went as a markdown reply (no AI card, or the"
                                    + " card refused its last frame)")
    default long getAiCardFallbacks() {
        return metrics().aiCardFallbacks();
    }

    @ManagedAttribute(description = "Mean time from frame arrival to ack, in milliseconds")
    default double getAckLatencyMeanMillis() {
        return metrics().ackLatencyMeanMillis();
    }

    @ManagedAttribute(description = "Longest time from frame arrival to ack, in milliseconds")
    default double getAckLatencyMaxMillis() {
        return metrics().ackLatencyMaxMillis();
    }

    @ManagedAttribute(description = "Malformed frames skipped on the app's connections")
    default long getMalformedFrames() {
        return metrics().malformedFrames();
    }

    @ManagedAttribute(description = "New connections opened by the app's client, by reason")
    default Map<String, Long> getReconnects() {
        return metrics().reconnects();
    }

    @ManagedAttribute(description = "Last connection error, empty when none")
    default String getLastError() {
        return metrics().lastError();
    }
}
