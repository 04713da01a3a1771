package io.github.cameldingtalk.stream.model;

/**
 * A card the producer created and delivered, or updated; it becomes the exchange body.
 *
 * @param outTrackId the card's id, for updates and streaming
 */
public record DingTalkCardResult(String outTrackId) implements DingTalkResult {
}
