package io.github.cameldingtalk.stream.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.DingTalkMediaResult;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import io.github.cameldingtalk.stream.model.DingTalkSendResult;
import io.github.cameldingtalk.stream.model.Json;
import io.github.cameldingtalk.stream.openapi.CardCalls;
import io.github.cameldingtalk.stream.openapi.DingTalkApiException;
import io.github.cameldingtalk.stream.openapi.OpenApiClient;
import io.github.cameldingtalk.stream.openapi.RobotSend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a producer asks of DingTalk's OpenAPI for one robot: messages, recall, files, cards. Every call shares the
 * app's access token, rate limit and retry engine; a call that fails says why (DingTalk's refusal, or an outcome
 * that is unknown and so is not repeated).
 */
public final class OpenApiOperations {

    /** A file DingTalk gave back: its bytes and content type (null when not given). */
    public record DownloadedFile(byte[] bytes, String contentType) {
    }

    private final OpenApiClient api;
    private final CardCalls cards;
    private final String robotCode;

    OpenApiOperations(OpenApiClient api, String robotCode) {
        this.api = api;
        this.cards = new CardCalls(api, robotCode);
        this.robotCode = robotCode;
    }

    /** Sends to a group, or 1:1 to users in one batch when {@code openConversationId} is null. Not repeated. */
    public CompletableFuture<DingTalkSendResult> send(DingTalkMessage message, String openConversationId,
            List<String> userIds) {
        return RobotSend.send(api, robotCode, message.getMsgKey(), Json.write(message.getMsgParam()),
                openConversationId, userIds).thenApply(json -> new DingTalkSendResult(
                        json.path("processQueryKey").asText(null), openConversationId, userIds,
                        strings(json.path("invalidStaffIdList")), strings(json.path("flowControlledStaffIdList"))));
    }

    /** Recalls sent messages of a group, or 1:1 messages when {@code openConversationId} is null; the keys recalled. */
    public CompletableFuture<List<String>> recall(List<String> processQueryKeys, String openConversationId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("robotCode", robotCode);
        request.put("processQueryKeys", processQueryKeys);
        String path = "/v1.0/robot/otoMessages/batchRecall";
        if (openConversationId != null) {
            request.put("openConversationId", openConversationId);
            path = "/v1.0/robot/groupMessages/recall";
        }
        return api.call("POST", path, request).thenApply(json -> {
            JsonNode failed = json.path("failedResult");
            if (failed.isObject() && !failed.isEmpty()) {
                throw new DingTalkApiException("DingTalk did not recall " + failed, 200, "recallFailed", null, 1);
            }
            return strings(json.path("successResult"));
        });
    }

    /** A file a user sent to the robot, by its downloadCode. */
    public CompletableFuture<DownloadedFile> download(String downloadCode) {
        return api.callIdempotent("POST", "/v1.0/robot/messageFiles/download", Map.of("robotCode", robotCode,
                "downloadCode", downloadCode))
                .thenCompose(json -> api.download(json.path("downloadUrl").asText()))
                .thenApply(file -> new DownloadedFile(file.bytes(), file.contentType()));
    }

    /** Uploads media through the older API at {@code oapiUrl}; the mediaId to send it with. */
    public CompletableFuture<DingTalkMediaResult> upload(String oapiUrl, String type, String fileName, byte[] content,
            String contentType) {
        return api.upload(oapiUrl, type, fileName, content, contentType).thenApply(json -> new DingTalkMediaResult(
                json.path("media_id").asText(), json.path("type").asText(type), fileName));
    }

    public CompletableFuture<Void> createCard(String templateId, String outTrackId, Map<String, String> data,
            String openConversationId, List<String> userIds) {
        return cards.createAndDeliver(templateId, outTrackId, data, openConversationId, userIds);
    }

    public CompletableFuture<Void> updateCard(String outTrackId, Map<String, String> data) {
        return cards.update(outTrackId, data);
    }

    public CompletableFuture<Void> streamCard(String outTrackId, String key, String content, boolean finished,
            boolean failed) {
        return cards.stream(outTrackId, key, content, finished, failed);
    }

    /** Calls made again because DingTalk did not process them (app-wide). */
    public long retries() {
        return api.metrics().retries();
    }

    /** Calls whose outcome is unknown, reported and not repeated (app-wide). */
    public long outcomesUnknown() {
        return api.metrics().outcomesUnknown();
    }

    /** Answers saying the rate limit was hit (app-wide). */
    public long rateLimited() {
        return api.metrics().rateLimited();
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(node.asText()));
        return result;
    }
}
