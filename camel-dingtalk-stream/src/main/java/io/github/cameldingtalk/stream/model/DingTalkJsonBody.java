package io.github.cameldingtalk.stream.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A body read from a frame's JSON object: keeps the JSON as sent, and gives any field of it. */
public abstract class DingTalkJsonBody {

    protected final String raw;
    protected final JsonNode json;

    protected DingTalkJsonBody(String raw, String what) {
        JsonNode parsed = Json.parse(raw, what);
        if (!parsed.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        this.raw = raw;
        this.json = parsed;
    }

    /** Any field of the data, e.g. one DingTalk adds later. */
    public JsonNode get(String field) {
        return json.get(field);
    }

    /** The frame's data as DingTalk sent it. */
    public String getRawJson() {
        return raw;
    }

    public Map<String, Object> toMap() {
        return Json.toMap(json);
    }
}
