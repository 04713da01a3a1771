package io.github.cameldingtalk.stream.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * New values for some variables of a card already delivered ({@code PUT /v1.0/card/instances}, merged by key: the
 * variables not named keep their values).
 *
 * <pre>{@code
 * DingTalkCardUpdate.of(callback.getOutTrackId()).data("status", "approved")
 * }</pre>
 */
public final class DingTalkCardUpdate {

    private final String outTrackId;
    private final Map<String, String> data = new LinkedHashMap<>();

    private DingTalkCardUpdate(String outTrackId) {
        this.outTrackId = outTrackId;
    }

    public static DingTalkCardUpdate of(String outTrackId) {
        return new DingTalkCardUpdate(outTrackId);
    }

    public DingTalkCardUpdate data(String key, Object value) {
        data.put(key, cardValue(value));
        return this;
    }

    public String getOutTrackId() {
        return outTrackId;
    }

    public Map<String, String> getData() {
        return Map.copyOf(data);
    }

    /** Card variables are strings: other values are sent as their JSON text ({@code 3}, {@code true}, objects). */
    static String cardValue(Object value) {
        return value instanceof String text ? text : Json.write(value);
    }
}
