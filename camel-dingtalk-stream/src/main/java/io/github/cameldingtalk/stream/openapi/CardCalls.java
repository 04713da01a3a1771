package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * DingTalk's card API: create and deliver a card to a group or to users' robot chats, update its variables by key,
 * and stream into an AI card ({@code PUT /v1.0/card/streaming}, a fresh guid per frame).
 */
public final class CardCalls {

    private final OpenApiClient api;
    private final String robotCode;

    public CardCalls(OpenApiClient api, String robotCode) {
        this.api = api;
        this.robotCode = robotCode;
    }

    /**
     * Creates and delivers a card (clicks come back over Stream) to a group, or else to users' 1:1 robot chats.
     *
     * @return completes once DingTalk delivered it; fails when a delivery result says it did not
     */
    public CompletableFuture<Void> createAndDeliver(String templateId, String outTrackId, Map<String, String> data,
            String openConversationId, List<String> userIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cardTemplateId", templateId);
        body.put("outTrackId", outTrackId);
        body.put("callbackType", "STREAM");
        body.put("cardData", Map.of("cardParamMap", data));
        body.put("userIdType", 1);
        if (openConversationId != null) {
            body.put("openSpaceId", "dtv1.card//IM_GROUP." + openConversationId);
            body.put("imGroupOpenSpaceModel", Map.of("supportForward", true));
            body.put("imGroupOpenDeliverModel", Map.of("robotCode", robotCode));
        } else {
            body.put("openSpaceId", "dtv1.card//" + String.join(";", userIds.stream().map(u -> "IM_ROBOT." + u).toList()));
            body.put("imRobotOpenSpaceModel", Map.of("supportForward", true));
            body.put("imRobotOpenDeliverModel", Map.of("spaceType", "IM_ROBOT", "robotCode", robotCode));
        }
        return api.call("POST", "/v1.0/card/instances/createAndDeliver", body).thenAccept(answer -> {
            for (JsonNode result : answer.path("result").path("deliverResults")) {
                if (!result.path("success").asBoolean(true)) {
                    throw new DingTalkApiException("DingTalk did not deliver card " + outTrackId + " to "
                            + result.path("spaceId").asText() + ": " + result.path("errorMsg").asText(), 200,
                            "deliverFailed", null, 1);
                }
            }
        });
    }

    /** Sets some variables of a delivered card; the others keep their values (idempotent: may be repeated). */
    public CompletableFuture<Void> update(String outTrackId, Map<String, String> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outTrackId", outTrackId);
        body.put("cardData", Map.of("cardParamMap", data));
        body.put("cardUpdateOptions", Map.of("updateCardDataByKey", true));
        body.put("userIdType", 1);
        return api.callIdempotent("PUT", "/v1.0/card/instances", body).thenAccept(answer -> { });
    }

    /**
     * One streaming frame: {@code content} replaces the variable (markdown variables need the full text each time);
     * {@code finished} ends the card, {@code failed} marks it failed. Idempotent (the whole text, one guid per
     * frame), so a frame whose outcome is unknown is sent again.
     */
    public CompletableFuture<Void> stream(String outTrackId, String key, String content, boolean finished,
            boolean failed) {
        return api.callIdempotent("PUT", "/v1.0/card/streaming", streamingFrame(outTrackId, key, content, finished,
                failed)).thenAccept(answer -> { });
    }

    /**
     * One attempt of {@link #stream}, in a rate-limit slot the caller took ({@link OpenApiClient#slot}); the caller
     * sends again what needs it.
     */
    public CompletableFuture<Void> streamInSlot(String outTrackId, String key, String content, boolean finished,
            boolean failed) {
        return api.callOnceInSlot("PUT", "/v1.0/card/streaming", streamingFrame(outTrackId, key, content,
                finished, failed)).thenAccept(answer -> { });
    }

    private static Map<String, Object> streamingFrame(String outTrackId, String key, String content, boolean finished,
            boolean failed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outTrackId", outTrackId);
        body.put("guid", UUID.randomUUID().toString());
        body.put("key", key);
        body.put("content", content);
        body.put("isFull", true);
        body.put("isFinalize", finished);
        body.put("isError", failed);
        return body;
    }
}
