package io.github.cameldingtalk.stream.consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import io.github.cameldingtalk.stream.DingTalkStreamTopic;
import io.github.cameldingtalk.stream.app.InboundFrame;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.model.DingTalkCardCallback;
import io.github.cameldingtalk.stream.model.DingTalkEvent;
import java.io.IOException;
import java.time.Instant;
import org.apache.camel.Message;

/** Puts a frame on an exchange: the typed body for its topic and the {@link DingTalkStreamConstants} headers. */
final class FrameToExchange {

    private static final JsonFactory JSON = new JsonFactory();

    private FrameToExchange() {
    }

    /** What the admission orders and merges a bot message by; either may be null. */
    record Keys(String conversationId, String senderId) {
        static final Keys NONE = new Keys(null, null);
    }

    /**
     * The bot message's conversationId (and, {@code withSender}, its senderId), read on the reader thread in one
     * streaming pass that stops once it has them (the frame is parsed in full later, on a worker); nulls when absent
     * or unreadable.
     */
    static Keys keys(InboundFrame frame, boolean withSender) {
        String data = frame.data();
        if (data == null) {
            return Keys.NONE;
        }
        String conversationId = null;
        String senderId = null;
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Keys.NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("conversationId".equals(field) || (withSender && "senderId".equals(field))) {
                    String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if ("conversationId".equals(field)) {
                        conversationId = text;
                    } else {
                        senderId = text;
                    }
                    if (conversationId != null && (!withSender || senderId != null)) {
                        break;
                    }
                }
                parser.skipChildren();
            }
        } catch (IOException unreadable) {
            // what was read before: the worker's full parse reports the frame
        }
        return new Keys(conversationId, senderId);
    }

    /**
     * The exchange body of the frame: a {@link DingTalkBotMessage}, a {@link DingTalkCardCallback}, a
     * {@link DingTalkEvent}, or the data as a String for other callbacks.
     *
     * @throws IllegalArgumentException when the frame's data does not fit its topic
     */
    static Object body(InboundFrame frame, DingTalkStreamTopic.Kind kind) {
        return switch (kind) {
            case BOT -> DingTalkBotMessage.parse(frame.data());
            case CARD -> DingTalkCardCallback.parse(frame.data());
            case EVENTS -> {
                Long born = millis(frame.header("eventBornTime"));
                yield new DingTalkEvent(frame.header("eventType"), frame.header("eventId"), frame.header("eventCorpId"),
                        born == null ? null : Instant.ofEpochMilli(born), frame.header("eventUnifiedAppId"),
                        frame.data());
            }
            case CALLBACK -> frame.data();
        };
    }

    /** Sets the body and the headers of the frame (and, for bot messages and events, of the body). */
    static void populate(InboundFrame frame, Object body, Message message) {
        message.setHeader(DingTalkStreamConstants.MESSAGE_ID, frame.messageId());
        message.setHeader(DingTalkStreamConstants.TOPIC, frame.topic());
        message.setHeader(DingTalkStreamConstants.TYPE, frame.type());
        message.setHeader(DingTalkStreamConstants.CONNECTION_ID, frame.header("connectionId"));
        Long time = millis(frame.header("time"));
        if (time != null) {
            message.setHeader(DingTalkStreamConstants.TIME, time);
        }
        if (body instanceof DingTalkBotMessage bot) {
            message.setHeader(DingTalkStreamConstants.MSG_ID, bot.getMsgId());
            message.setHeader(DingTalkStreamConstants.MSGTYPE, bot.getMsgtype());
            message.setHeader(DingTalkStreamConstants.CONVERSATION_ID, bot.getConversationId());
            message.setHeader(DingTalkStreamConstants.CONVERSATION_TYPE, bot.getConversationType());
            message.setHeader(DingTalkStreamConstants.SENDER_STAFF_ID, bot.getSenderStaffId());
            message.setHeader(DingTalkStreamConstants.SESSION_WEBHOOK, bot.getSessionWebhook());
            if (bot.isMerged()) {
                message.setHeader(DingTalkStreamConstants.MERGED_MESSAGES, bot.getMessages().size());
            }
        } else if (body instanceof DingTalkEvent event) {
            message.setHeader(DingTalkStreamConstants.EVENT_TYPE, event.getEventType());
            message.setHeader(DingTalkStreamConstants.EVENT_ID, event.getEventId());
            message.setHeader(DingTalkStreamConstants.EVENT_CORP_ID, event.getCorpId());
            Long born = millis(frame.header("eventBornTime"));
            if (born != null) {
                message.setHeader(DingTalkStreamConstants.EVENT_BORN_TIME, born);
            }
        }
        message.setBody(body);
    }

    private static Long millis(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
