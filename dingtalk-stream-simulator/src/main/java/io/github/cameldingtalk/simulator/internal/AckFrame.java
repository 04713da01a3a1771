package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.simulator.Violation;

/**
 * An ack as a client wrote it, read leniently: what DingTalk's gateway would take, with every departure from the
 * protocol told to {@link Problems} (a violation), never thrown.
 *
 * @param code    -1 when missing
 * @param data    the data string; a non-string data is kept as its JSON text
 */
record AckFrame(String messageId, int code, String message, String data) {

    /** Where the protocol violations of a frame go. */
    @FunctionalInterface
    interface Problems {
        void report(Violation.Kind kind, String messageId, String detail);
    }

    /** The ack, or null when it cannot be matched to any frame (not a JSON object, no messageId). */
    static AckFrame read(String text, Problems problems) {
        JsonNode json = Json.parseOrNull(text);
        if (json == null || !json.isObject()) {
            problems.report(Violation.Kind.MALFORMED_ACK, null, "not a JSON object (" + Math.min(text.length(), 80)
                    + " chars shown of " + text.length() + "): " + text.substring(0, Math.min(text.length(), 80)));
            return null;
        }
        JsonNode headers = json.get("headers");
        String messageId = Json.text(headers, "messageId");
        if (messageId == null) {
            problems.report(Violation.Kind.MISSING_MESSAGE_ID, null, "ack without headers.messageId");
            return null;
        }
        if (Json.text(headers, "contentType") == null) {
            problems.report(Violation.Kind.MISSING_CONTENT_TYPE, messageId, "ack without headers.contentType");
        }
        JsonNode codeNode = json.get("code");
        if (codeNode == null || !codeNode.canConvertToInt()) {
            problems.report(Violation.Kind.MISSING_CODE, messageId, "ack without a numeric code");
        }
        int code = codeNode != null && codeNode.canConvertToInt() ? codeNode.asInt() : -1;
        JsonNode dataNode = json.get("data");
        String data = null;
        if (dataNode != null && !dataNode.isNull()) {
            if (dataNode.isTextual()) {
                data = dataNode.asText();
            } else {
                problems.report(Violation.Kind.DATA_NOT_STRING, messageId,
                        "data must be a JSON string but is a " + dataNode.getNodeType());
                data = dataNode.toString();
            }
        }
        return new AckFrame(messageId, code, Json.text(json, "message"), data);
    }
}
