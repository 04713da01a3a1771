package io.github.cameldingtalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What happened: connections, open calls, pushed messages and their acks, protocol violations, what the bot
 * said (replies, OpenAPI calls, cards, media). Bounded: see {@link SimulatorOptions#maxRecords(int)}. Reached through {@link DingTalkSimulator#records()}.
 */
public final class SimulatorRecords {

    private final SimulatorParts parts;

    SimulatorRecords(SimulatorParts parts) {
        this.parts = parts;
    }

    public List<ConnectionInfo> connections() {
        return parts.connections().all();
    }

    /** The app's connections that are not closed (open, draining or half-open), oldest first. */
    public List<ConnectionInfo> liveConnections(String clientId) {
        return connections().stream().filter(c -> c.isLive() && c.clientId().equals(clientId)).toList();
    }

    public Optional<ConnectionInfo> connection(String connectionId) {
        return Optional.ofNullable(parts.connections().info(connectionId));
    }

    public List<OpenRequest> openRequests() {
        return parts.openConnections().requests();
    }

    public List<Ack> acks() {
        return parts.deliveries().acks();
    }

    public Optional<Delivery> delivery(String messageId) {
        return Optional.ofNullable(parts.deliveries().get(messageId));
    }

    /** Every message pushed so far (including SYSTEM frames). */
    public List<Delivery> deliveries() {
        return new ArrayList<>(parts.deliveries().all());
    }

    /** Application messages not yet successfully acked. */
    public List<Delivery> unsettled() {
        return new ArrayList<>(parts.deliveries().unsettled());
    }

    public List<Violation> violations() {
        return parts.deliveries().violations();
    }

    /** Throws an {@link AssertionError} listing the protocol violations, if any. */
    public void assertNoViolations() {
        List<Violation> found = violations();
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " protocol violation(s):\n  "
                    + found.stream().map(Violation::toString).collect(Collectors.joining("\n  ")));
        }
    }

    /** OpenAPI calls being held by {@link SimulatorFaults#delayApiCalls} right now: how many a client has in flight. */
    public int apiCallsHeld() {
        return parts.sideApi().apiCallsInFlight();
    }

    /** The most sessionWebhook posts answered at the same time so far (since the last {@link DingTalkSimulator#reset()}). */
    public int mostRepliesInFlight() {
        return parts.robot().mostRepliesInFlight();
    }

    /** Everything posted to sessionWebhooks that DingTalk answered itself (not injected faults): what bots said. */
    public List<BotReply> botReplies() {
        return parts.robot().replies();
    }

    /** Every call to the side APIs (not the open call: see {@link #openRequests()}). */
    public List<ApiCall> apiCalls() {
        return parts.sideApi().calls();
    }

    public List<ApiCall> apiCalls(String path) {
        return apiCalls().stream().filter(c -> c.path().equals(path)).toList();
    }

    /** A file uploaded through {@code /media/upload} (the legacy oapi host, served on the same port). */
    public Optional<UploadedMedia> uploadedMedia(String mediaId) {
        return parts.media().get(mediaId);
    }

    /** Whether the robot message sent with this processQueryKey was recalled. */
    public boolean isRecalled(String processQueryKey) {
        return parts.robot().isRecalled(processQueryKey);
    }

    /** Every {@code PUT /v1.0/card/streaming} frame applied to the card, in order (repeated guids once). */
    public List<CardStreamFrame> cardStream(String outTrackId) {
        return parts.cards().streamHistory(outTrackId);
    }

    /** The AI card's state: {@code PROCESSING} once delivered, {@code INPUTING}, {@code FINISHED} or {@code FAILED}. */
    public Optional<String> cardState(String outTrackId) {
        return Optional.ofNullable(parts.cards().streamState(outTrackId)).map(Enum::name);
    }

    /** Where the card was delivered: its deliver or createAndDeliver request. */
    public Optional<JsonNode> cardDelivery(String outTrackId) {
        return parts.cards().delivery(outTrackId);
    }

    /** The current {@code cardParamMap} of a card instance created or updated through the card API. */
    public Optional<JsonNode> cardData(String outTrackId) {
        return parts.cards().cardData(outTrackId);
    }

    /**
     * Records dropped so far because there were more of a kind than {@link SimulatorOptions#maxRecords(int)}: the
     * oldest acks, violations, replies, API calls, open requests and finished messages go first.
     */
    public long droppedRecords() {
        return parts.deliveries().droppedRecords() + parts.robot().droppedRecords() + parts.sideApi().droppedRecords()
                + parts.openConnections().droppedRecords();
    }
}
