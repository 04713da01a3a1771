package io.github.cameldingtalk.stream.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import io.github.cameldingtalk.stream.model.Json;
import io.github.cameldingtalk.stream.openapi.OpenApiClient;
import io.github.cameldingtalk.stream.openapi.OutboundCall;
import io.github.cameldingtalk.stream.openapi.RobotSend;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Answers bot messages: through the message's sessionWebhook, or — when it expired (its expiry passed, or DingTalk
 * answered 300001; it lives about 90 minutes, less than a long generation or a queue after an outage) — once
 * through the robot OpenAPI into the same conversation: a group by its conversationId ({@code groupMessages/send}),
 * a 1:1 chat to the sender's staffId ({@code oToMessages/batchSend}). Text, markdown, link and action cards map to the
 * matching {@code msgKey}; @-mentions are lost on that path (the OpenAPI has none).
 */
public final class BotReplies {

    /** Where a reply goes: the message's webhook and, for the fallback, its conversation. */
    public record Target(String webhook, Instant webhookExpiry, boolean group, String conversationId,
            String senderStaffId, String robotCode) {

        boolean webhookExpired() {
            return webhook == null || (webhookExpiry != null && !Instant.now().isBefore(webhookExpiry));
        }
    }

    /** How a reply got into the chat. */
    public record Delivered(int attempts, boolean viaOpenApi) {
    }

    private final SessionWebhookClient webhook;
    private final Supplier<OpenApiClient> openApi;
    private final String defaultRobotCode;

    /**
     * @param openApi          the app's OpenAPI client for the fallback; null turns the fallback off
     * @param defaultRobotCode the robot of the fallback when the message names none (the endpoint's robotCode)
     */
    public BotReplies(SessionWebhookClient webhook, Supplier<OpenApiClient> openApi, String defaultRobotCode) {
        this.webhook = webhook;
        this.openApi = openApi;
        this.defaultRobotCode = defaultRobotCode;
    }

    /**
     * Posts the reply. Fails with a {@link SessionWebhookException} (refused, or expired without a fallback), a
     * {@code DingTalkApiException} (the fallback was refused) or a {@code DingTalkOutcomeUnknownException}.
     */
    public CompletableFuture<Delivered> reply(Target target, String replyJson) {
        if (target.webhookExpired()) {
            SessionWebhookException expired = new SessionWebhookException(0, SessionWebhookException.SESSION_EXPIRED,
                    "session expired", 0, "the sessionWebhook " + (target.webhook() == null ? "is missing"
                            : "expired at " + target.webhookExpiry()));
            return viaOpenApi(target, replyJson, expired);
        }
        return webhook.post(target.webhook(), replyJson).handle((attempts, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(new Delivered(attempts, false));
            }
            Throwable cause = OutboundCall.unwrap(failure);
            if (cause instanceof SessionWebhookException refused && refused.isSessionExpired()) {
                return viaOpenApi(target, replyJson, refused);
            }
            return CompletableFuture.<Delivered>failedFuture(cause);
        }).thenCompose(next -> next);
    }

    private CompletableFuture<Delivered> viaOpenApi(Target target, String replyJson, SessionWebhookException expired) {
        if (openApi == null) {
            return CompletableFuture.failedFuture(expired.because(expired.getMessage()
                    + " (replyFallback is off; reply with the robot OpenAPI instead)"));
        }
        if (!target.group() && target.senderStaffId() == null) {
            return CompletableFuture.failedFuture(expired.because(expired.getMessage()
                    + " and the sender has no staffId for the robot OpenAPI"));
        }
        DingTalkMessage message;
        try {
            message = asRobotMessage(Json.parse(replyJson, "the reply"));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(expired.because(expired.getMessage() + "; " + e.getMessage()));
        }
        String robotCode = target.robotCode() != null ? target.robotCode() : defaultRobotCode;
        return RobotSend.send(openApi.get(), robotCode, message.getMsgKey(), Json.write(message.getMsgParam()),
                target.group() ? target.conversationId() : null,
                target.group() ? List.of() : List.of(target.senderStaffId())).thenApply(answer -> new Delivered(1, true));
    }

    /** A sessionWebhook body as the robot OpenAPI's template message. */
    static DingTalkMessage asRobotMessage(JsonNode reply) {
        String msgtype = Json.text(reply, "msgtype");
        JsonNode part = msgtype == null ? null : reply.get(msgtype);
        if (part == null || !part.isObject()) {
            throw new IllegalArgumentException("a reply without msgtype cannot go through the robot OpenAPI");
        }
        return switch (msgtype) {
            case "text" -> DingTalkMessage.text(Json.text(part, "content"));
            case "markdown" -> DingTalkMessage.markdown(Json.text(part, "title"), Json.text(part, "text"));
            case "link" -> DingTalkMessage.link(Json.text(part, "title"), Json.text(part, "text"),
                    Json.text(part, "messageUrl"), Json.text(part, "picUrl"));
            case "actionCard" -> actionCard(part);
            default -> throw new IllegalArgumentException("a " + msgtype + " reply cannot go through the robot OpenAPI");
        };
    }

    private static DingTalkMessage actionCard(JsonNode part) {
        DingTalkMessage card = DingTalkMessage.actionCard(Json.text(part, "title"), Json.text(part, "text"));
        if (Json.text(part, "singleTitle") != null) {
            return card.singleButton(Json.text(part, "singleTitle"), Json.text(part, "singleURL"));
        }
        for (JsonNode button : part.path("btns")) {
            card.button(Json.text(button, "title"), Json.text(button, "actionURL"));
        }
        return card;
    }
}
