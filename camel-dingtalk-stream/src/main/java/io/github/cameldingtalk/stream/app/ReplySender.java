package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.openapi.BotReplies;
import java.util.concurrent.CompletableFuture;

/**
 * Posts the replies of one consumer to the conversation a bot message came from: through its sessionWebhook, or,
 * once it expired, through the robot OpenAPI (unless the fallback is off).
 */
public final class ReplySender {

    /** How a reply got into the chat. */
    public record Sent(int attempts, boolean viaOpenApi) {
    }

    private final BotReplies replies;

    ReplySender(BotReplies replies) {
        this.replies = replies;
    }

    /**
     * Fails with DingTalk's refusal ({@code SessionWebhookException}, {@code DingTalkApiException}) or, when the
     * reply was written but no answer came, with an exception that {@link Failures#unknownOutcome} finds.
     */
    public CompletableFuture<Sent> reply(DingTalkBotMessage to, String replyJson) {
        return replies.reply(new BotReplies.Target(to.getSessionWebhook(), to.getSessionWebhookExpiry(), to.isGroup(),
                to.getConversationId(), to.getSenderStaffId(), to.getRobotCode()), replyJson)
                .thenApply(delivered -> new Sent(delivered.attempts(), delivered.viaOpenApi()));
    }
}
