package io.github.cameldingtalk.stream.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import io.github.cameldingtalk.stream.DingTalkStreamTopic;
import io.github.cameldingtalk.stream.app.InboundFrame;
import io.github.cameldingtalk.stream.model.DingTalkCardResponse;
import io.github.cameldingtalk.stream.model.DingTalkReply;
import io.github.cameldingtalk.stream.model.DingTalkResult;
import io.github.cameldingtalk.stream.model.Json;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Turns a finished exchange into DingTalk's ack (design §6) and, for bot messages, the chat reply. */
final class ExchangeToAck {

    /** The ack to send, and how it counts in the metrics. */
    record Ack(int code, String message, String data, ConsumerMetrics.Outcome outcome) {
        Ack(int code, String message, String data) {
            this(code, message, data, code == 200 ? ConsumerMetrics.Outcome.SUCCESS : ConsumerMetrics.Outcome.FAILED);
        }
    }

    static final Ack BOT_OK = new Ack(200, "OK", InboundFrame.callbackResponse(null));
    static final Ack EVENT_SUCCESS = new Ack(200, "OK", InboundFrame.eventStatus(InboundFrame.SUCCESS, "success"));

    /** The ack that says "done" without an output: IMMEDIATE mode, duplicates, ackTimeout. */
    static Ack plainSuccess(DingTalkStreamTopic.Kind kind) {
        return kind == DingTalkStreamTopic.Kind.EVENTS ? EVENT_SUCCESS : BOT_OK;
    }

    private ExchangeToAck() {
    }

    static Ack failure(DingTalkStreamTopic.Kind kind, Exception exception) {
        String reason = reasonOf(exception);
        if (kind == DingTalkStreamTopic.Kind.EVENTS) {
            return later(reason);
        }
        return new Ack(500, reason, null);
    }

    /** Data that does not fit the topic: events LATER, callbacks 400 (a redelivery would not be better). */
    static Ack invalidData(DingTalkStreamTopic.Kind kind) {
        return kind == DingTalkStreamTopic.Kind.EVENTS ? later("invalid data") : new Ack(400, "invalid data", null);
    }

    static Ack later(String reason) {
        return new Ack(200, "OK", InboundFrame.eventStatus(InboundFrame.LATER, reason), ConsumerMetrics.Outcome.LATER);
    }

    /** The ack of a route that completed; {@code input} is the body the exchange started with. */
    static Ack success(DingTalkStreamTopic.Kind kind, Exchange exchange, Object input) {
        Message out = exchange.getMessage();
        return switch (kind) {
            case EVENTS -> "LATER".equalsIgnoreCase(out.getHeader(DingTalkStreamConstants.EVENT_STATUS, String.class))
                    ? later("the route asked for LATER") : EVENT_SUCCESS;
            case BOT -> BOT_OK;
            case CARD, CALLBACK -> new Ack(200, "OK", InboundFrame.callbackResponse(responseJson(out.getBody(), input,
                    exchange)));
        };
    }

    /** The route's output as JSON for {@code response}: {@code null} when the body is still the input. */
    static String responseJson(Object body, Object input, Exchange exchange) {
        if (body == null || body == input) {
            return "null";
        }
        if (body instanceof DingTalkCardResponse card) {
            return Json.write(card.toMap());
        }
        if (body instanceof JsonNode node) {
            return node.toString();
        }
        if (body instanceof String text) {
            JsonNode parsed = Json.parseNested(text);
            return parsed != null ? parsed.toString() : Json.write(text);
        }
        if (body instanceof byte[] bytes) {
            return responseJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), input, exchange);
        }
        return Json.write(body);
    }

    /**
     * The chat reply for a bot message: the JSON to post, or null when the route's output asks for none (still
     * the incoming message, or null).
     */
    static String botReply(Exchange exchange, Object input) {
        Object body = exchange.getMessage().getBody();
        if (body == null || body == input || body instanceof DingTalkResult) {
            // nothing to say, or the route answered through the producer already
            return null;
        }
        if (body instanceof DingTalkReply reply) {
            return reply.toJson();
        }
        if (body instanceof Map<?, ?> map) {
            if (!map.containsKey("msgtype")) {
                throw new IllegalArgumentException("a Map reply needs a msgtype (text, markdown, actionCard …)");
            }
            return Json.write(map);
        }
        if (body instanceof JsonNode node && node.has("msgtype")) {
            return node.toString();
        }
        String text = exchange.getContext().getTypeConverter().convertTo(String.class, exchange, body);
        return text == null || text.isEmpty() ? null : DingTalkReply.text(text).toJson();
    }

    private static String reasonOf(Exception exception) {
        String message = exception.getMessage();
        return exception.getClass().getSimpleName() + (message == null ? "" : ": " + truncate(message));
    }

    private static String truncate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
