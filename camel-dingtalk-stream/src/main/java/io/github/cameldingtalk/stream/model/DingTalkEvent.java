package io.github.cameldingtalk.stream.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** An event pushed by DingTalk ({@code type: EVENT}): its headers and its data. */
public final class DingTalkEvent {

    private final String eventType;
    private final String eventId;
    private final String corpId;
    private final Instant bornTime;
    private final String unifiedAppId;
    private final String raw;
    private JsonNode json;

    public DingTalkEvent(String eventType, String eventId, String corpId, Instant bornTime, String unifiedAppId,
            String raw) {
        this.eventType = eventType;
        this.eventId = eventId;
        this.corpId = corpId;
        this.bornTime = bornTime;
        this.unifiedAppId = unifiedAppId;
        this.raw = raw;
    }

    /** e.g. {@code user_add_org}, {@code chat_update_title}, {@code bpms_instance_change}. */
    public String getEventType() {
        return eventType;
    }

    public String getEventId() {
        return eventId;
    }

    public String getCorpId() {
        return corpId;
    }

    public Instant getBornTime() {
        return bornTime;
    }

    public String getUnifiedAppId() {
        return unifiedAppId;
    }

    /** The event data as a tree; parsed on first use. */
    public synchronized JsonNode getJson() {
        if (json == null) {
            json = Json.parse(raw, "event data");
        }
        return json;
    }

    /** The event data as a Map. */
    public Map<String, Object> getData() {
        return Json.toMap(getJson());
    }

    public String getRawJson() {
        return raw;
    }

    @Override
    public String toString() {
        return "DingTalkEvent[eventType=" + eventType + ", eventId=" + eventId + "]";
    }
}
