package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.model.DingTalkCardCallback;
import io.github.cameldingtalk.stream.model.DingTalkCardResponse;
import io.github.cameldingtalk.stream.model.DingTalkEvent;
import io.github.cameldingtalk.stream.model.DingTalkReply;
import java.util.Map;
import org.apache.camel.Converter;

/** Every body of this component converts to String (the original JSON) and to Map. */
@Converter(generateLoader = true)
public final class DingTalkStreamConverters {

    private DingTalkStreamConverters() {
    }

    /** The JSON without the sessionWebhook URL (it grants posting into the chat): logs and tracers show this. */
    @Converter
    public static String botMessageToString(DingTalkBotMessage message) {
        return message.toJson();
    }

    @Converter
    public static Map<String, Object> botMessageToMap(DingTalkBotMessage message) {
        return message.toMap();
    }

    @Converter
    public static String cardCallbackToString(DingTalkCardCallback callback) {
        return callback.getRawJson();
    }

    @Converter
    public static Map<String, Object> cardCallbackToMap(DingTalkCardCallback callback) {
        return callback.toMap();
    }

    @Converter
    public static String eventToString(DingTalkEvent event) {
        return event.getRawJson();
    }

    @Converter
    public static Map<String, Object> eventToMap(DingTalkEvent event) {
        return event.getData();
    }

    @Converter
    public static String replyToString(DingTalkReply reply) {
        return reply.toJson();
    }

    @Converter
    public static Map<String, Object> replyToMap(DingTalkReply reply) {
        return reply.toMap();
    }

    @Converter
    public static Map<String, Object> cardResponseToMap(DingTalkCardResponse response) {
        return response.toMap();
    }
}
