package io.github.cameldingtalk.stream.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a card callback answers: new public card data, data private to the clicking user, and whether to merge by
 * key. Values in {@code cardParamMap} must be strings for DingTalk; non-strings are written as JSON text.
 *
 * <pre>{@code
 * DingTalkCardResponse.create().cardData("status", "已同意").privateData("submitted", "true")
 * }</pre>
 */
public final class DingTalkCardResponse {

    private final Map<String, String> cardData = new LinkedHashMap<>();
    private final Map<String, String> userPrivateData = new LinkedHashMap<>();
    private boolean updateCardDataByKey = true;
    private boolean updatePrivateDataByKey = true;

    public static DingTalkCardResponse create() {
        return new DingTalkCardResponse();
    }

    /** Public card data (everybody sees it). */
    public DingTalkCardResponse cardData(String key, Object value) {
        cardData.put(key, stringOf(value));
        return this;
    }

    /** Data only the clicking user sees. */
    public DingTalkCardResponse privateData(String key, Object value) {
        userPrivateData.put(key, stringOf(value));
        return this;
    }

    /** Replace the whole card data instead of merging by key. */
    public DingTalkCardResponse replaceCardData() {
        updateCardDataByKey = false;
        return this;
    }

    public DingTalkCardResponse replacePrivateData() {
        updatePrivateDataByKey = false;
        return this;
    }

    /** The response as DingTalk reads it. */
    public Map<String, Object> toMap() {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("cardUpdateOptions", Map.of("updateCardDataByKey", updateCardDataByKey,
                "updatePrivateDataByKey", updatePrivateDataByKey));
        if (!cardData.isEmpty()) {
            response.put("cardData", Map.of("cardParamMap", cardData));
        }
        if (!userPrivateData.isEmpty()) {
            response.put("userPrivateData", Map.of("cardParamMap", userPrivateData));
        }
        return response;
    }

    private static String stringOf(Object value) {
        return value == null ? "" : value instanceof String s ? s : Json.write(value);
    }

    @Override
    public String toString() {
        return Json.write(toMap());
    }
}
