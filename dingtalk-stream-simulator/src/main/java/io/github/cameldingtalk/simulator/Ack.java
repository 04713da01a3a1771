package io.github.cameldingtalk.simulator;

import io.github.cameldingtalk.simulator.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * One ack received for a pushed frame.
 *
 * @param messageId    the frame's messageId
 * @param connectionId the connection the ack came on
 * @param code         the ack's {@code code}
 * @param message      the ack's {@code message}, may be null
 * @param data         the ack's {@code data} string as sent, may be null
 * @param latency      time from the (last) push of the frame to this ack
 * @param at           when the ack arrived
 */
public record Ack(String messageId, String connectionId, int code, String message, String data, Duration latency,
        Instant at) {

    /** The {@code data} string parsed as JSON, or null when it is absent or not JSON. */
    public JsonNode dataJson() {
        return Json.parseOrNull(data);
    }

    /** For EVENT acks: the {@code status} inside data ({@code SUCCESS}/{@code LATER}), else null. */
    public String status() {
        return Json.text(dataJson(), "status");
    }

    /** For CALLBACK acks: the {@code response} inside data, else null. */
    public JsonNode response() {
        JsonNode json = dataJson();
        return json == null ? null : json.get("response");
    }
}
