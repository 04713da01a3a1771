package io.github.cameldingtalk.stream.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads DingTalk frames and writes acks with Jackson's streaming API: one pass per frame, no tree, no POJO
 * binding (and so nothing to register for native images).
 */
public final class FrameCodec {

    /** EVENT ack statuses. */
    public static final String SUCCESS = "SUCCESS";
    public static final String LATER = "LATER";

    private static final JsonFactory JSON = new JsonFactory();

    private FrameCodec() {
    }

    /** Decodes a frame; header values are read leniently (numbers become strings, as DingTalk sends strings). */
    public static Frame decode(String text) throws MalformedFrameException {
        if (text == null || text.isEmpty()) {
            throw new MalformedFrameException("empty frame");
        }
        String type = null;
        String data = null;
        Map<String, String> headers = null;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrameException("frame is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    case "headers" -> headers = readHeaders(parser, value);
                    case "data" -> data = readData(parser, value);
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new MalformedFrameException("frame is not valid JSON at " + locationOf(e));
        }
        if (type == null) {
            throw new MalformedFrameException("frame has no type");
        }
        if (headers == null) {
            throw new MalformedFrameException("frame has no headers");
        }
        if (headers.get("messageId") == null) {
            throw new MalformedFrameException("frame has no headers.messageId");
        }
        return new Frame(type, headers, data);
    }

    private static Map<String, String> readHeaders(JsonParser parser, JsonToken value)
            throws IOException, MalformedFrameException {
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedFrameException("frame headers are not an object");
        }
        Map<String, String> headers = new HashMap<>(16);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token.isScalarValue()) {
                if (token != JsonToken.VALUE_NULL) {
                    headers.put(name, parser.getText());
                }
            } else {
                parser.skipChildren();
            }
        }
        return headers;
    }

    private static String readData(JsonParser parser, JsonToken value) throws IOException, MalformedFrameException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new MalformedFrameException("frame data is not a JSON string");
    }

    private static String locationOf(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
            return "column " + jpe.getLocation().getColumnNr();
        }
        return "unknown position";
    }

    /**
     * Encodes an ack: {@code {"code","headers":{"contentType","messageId"},"message","data"}} with {@code data} a
     * JSON string (omitted when null). Written from a template into one exactly sized builder: an ack is sent for
     * every frame, and a JSON generator per ack cost more than the rest of the encoding.
     */
    public static String ack(String messageId, int code, String message, String data) {
        StringBuilder out = new StringBuilder(112 + messageId.length() + (message == null ? 4 : message.length())
                + (data == null ? 0 : data.length() + data.length() / 4 + 10));
        out.append("{\"code\":").append(code).append(",\"headers\":{\"contentType\":\"application/json\",\"messageId\":");
        appendQuoted(out, messageId);
        out.append("},\"message\":");
        appendQuoted(out, message);
        if (data != null) {
            out.append(",\"data\":");
            appendQuoted(out, data);
        }
        return out.append('}').toString();
    }

    /** The {@code data} of an EVENT ack: {@code {"status":"SUCCESS"|"LATER","message":…}}. */
    public static String eventStatus(String status, String message) {
        return "{\"status\":" + quote(status) + ",\"message\":" + quote(message) + "}";
    }

    /** The {@code data} of a CALLBACK ack: {@code {"response": <responseJson>}}; {@code null} for none. */
    public static String callbackResponse(String responseJson) {
        return "{\"response\":" + (responseJson == null ? "null" : responseJson) + "}";
    }

    /** JSON-quotes a string value, e.g. an exception message placed inside ack data; null becomes {@code null}. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value == null ? 4 : value.length() + 8);
        appendQuoted(out, value);
        return out.toString();
    }

    /** Appends {@code value} as a JSON string, escaped by Jackson (RFC 8259). */
    static void appendQuoted(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }
}
