package io.github.cameldingtalk.simulator;

import io.github.cameldingtalk.simulator.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A message posted to a sessionWebhook, i.e. what the bot said in the chat.
 *
 * @param session        the session id from the webhook URL
 * @param conversationId the conversation the session belongs to, null if the session is unknown
 * @param inReplyTo      the msgId of the bot message that carried the webhook, null if unknown
 * @param body           the posted JSON
 * @param errcode        what the simulator answered (0 ok, 300001 expired/unknown session, 40035 bad body)
 * @param at             when it arrived
 */
public record BotReply(String session, String conversationId, String inReplyTo, JsonNode body, int errcode,
        Instant at) {

    public String msgtype() {
        return Json.text(body, "msgtype");
    }

    /** The text of a text reply, or the text of a markdown/actionCard reply. */
    public String text() {
        if (body == null) {
            return null;
        }
        String type = msgtype();
        JsonNode part = type == null ? null : body.get(type);
        if (part == null) {
            return null;
        }
        return "text".equals(type) ? Json.text(part, "content") : Json.text(part, "text");
    }

    public boolean accepted() {
        return errcode == 0;
    }
}
