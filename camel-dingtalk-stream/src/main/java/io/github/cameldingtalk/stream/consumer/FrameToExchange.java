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

    /**
     * The bot message's conversationId, read on the reader thread with a streaming pass that stops at the field
     * (the frame is parsed in full later, on a worker); null when absent or unreadable.
     */
    static String conversationId(InboundFrame frame) {
        String data = frame.data();
        if (data == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("conversationId".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * @return the body set, so that an unchanged body can be told apart from the route's output
     * @throws IllegalArgumentException when the frame's data does not fit its topic
     */
    static Object populate(InboundFrame frame, DingTalkStreamTopic.Kind kind, Message message) {
        message.setHeader(DingTalkStreamConstants.MESSAGE_ID, frame.messageId());
        message.setHeader(DingTalkStreamConstants.TOPIC, frame.topic());
        message.setHeader(DingTalkStreamConstants.TYPE, frame.type());
        message.setHeader(DingTalkStreamConstants.CONNECTION_ID, frame.header("connectionId"));
        Long time = millis(frame.header("time"));
        if (time != null) {
            message.setHeader(DingTalkStreamConstants.TIME, time);
        }
        Object body = switch (kind) {
            case BOT -> bot(frame, message);
            case CARD -> DingTalkCardCallback.parse(frame.data());
            case EVENTS -> event(frame, message);
            case CALLBACK -> frame.data();
        };
        message.setBody(body);
        return body;
    }

    private static DingTalkBotMessage bot(InboundFrame frame, Message message) {
        DingTalkBotMessage bot = DingTalkBotMessage.parse(frame.data());
        message.setHeader(DingTalkStreamConstants.MSG_ID, bot.getMsgId());
        message.setHeader(DingTalkStreamConstants.MSGTYPE, bot.getMsgtype());
        message.setHeader(DingTalkStreamConstants.CONVERSATION_ID, bot.getConversationId());
        message.setHeader(DingTalkStreamConstants.CONVERSATION_TYPE, bot.getConversationType());
        message.setHeader(DingTalkStreamConstants.SENDER_STAFF_ID, bot.getSenderStaffId());
        message.setHeader(DingTalkStreamConstants.SESSION_WEBHOOK, bot.getSessionWebhook());
        return bot;
    }

    private static DingTalkEvent event(InboundFrame frame, Message message) {
        Long born = millis(frame.header("eventBornTime"));
        DingTalkEvent event = new DingTalkEvent(frame.header("eventType"), frame.header("eventId"),
                frame.header("eventCorpId"), born == null ? null : Instant.ofEpochMilli(born),
                frame.header("eventUnifiedAppId"), frame.data());
        message.setHeader(DingTalkStreamConstants.EVENT_TYPE, event.getEventType());
        message.setHeader(DingTalkStreamConstants.EVENT_ID, event.getEventId());
        message.setHeader(DingTalkStreamConstants.EVENT_CORP_ID, event.getCorpId());
        if (born != null) {
            message.setHeader(DingTalkStreamConstants.EVENT_BORN_TIME, born);
        }
        return event;
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
