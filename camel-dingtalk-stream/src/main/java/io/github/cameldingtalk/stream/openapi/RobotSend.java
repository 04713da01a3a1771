package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A robot message through the OpenAPI: to a group ({@code groupMessages/send}) or 1:1 to users in one batch
 * ({@code oToMessages/batchSend}). Not idempotent: an unknown outcome is reported, never repeated.
 */
public final class RobotSend {

    private RobotSend() {
    }

    /**
     * @param msgParamJson the template parameters as JSON text (DingTalk wants a string)
     * @param openConversationId the group, or null to send 1:1 to {@code userIds}
     * @return DingTalk's answer ({@code processQueryKey}, for 1:1 also the invalid and flow-controlled users)
     */
    public static CompletableFuture<JsonNode> send(OpenApiClient api, String robotCode, String msgKey,
            String msgParamJson, String openConversationId, List<String> userIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("robotCode", robotCode);
        body.put("msgKey", msgKey);
        body.put("msgParam", msgParamJson);
        if (openConversationId != null) {
            body.put("openConversationId", openConversationId);
            return api.call("POST", "/v1.0/robot/groupMessages/send", body);
        }
        body.put("userIds", userIds);
        return api.call("POST", "/v1.0/robot/oToMessages/batchSend", body);
    }
}
