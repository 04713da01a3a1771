package io.github.cameldingtalk.simulator;

import java.time.Instant;

/**
 * One {@code PUT /v1.0/card/streaming} call the simulator applied to an AI card.
 *
 * @param guid       the caller's idempotency key (a repeated guid is applied once)
 * @param key        the card variable streamed into
 * @param content    the content sent
 * @param full       {@code isFull}: the content replaces the variable (else it is appended)
 * @param finished   {@code isFinalize}: the card went to "finished"
 * @param failed     {@code isError}: the card went to "failed"
 * @param at         when it arrived
 */
public record CardStreamFrame(String guid, String key, String content, boolean full, boolean finished, boolean failed,
        Instant at) {
}
