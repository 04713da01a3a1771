package io.github.cameldingtalk.stream.producer;

import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.camel.Message;

/**
 * Who a message or card goes to: a group, or users 1:1. Taken from the body, then the headers, then the endpoint
 * options, then — in a route started by a bot message — the conversation that message came from.
 */
record Recipients(String openConversationId, List<String> userIds) {

    static Recipients resolve(String bodyGroup, List<String> bodyUsers, Message in,
            DingTalkStreamConfiguration configuration) {
        if (!bodyUsers.isEmpty()) {
            return new Recipients(null, bodyUsers);
        }
        if (bodyGroup != null) {
            return new Recipients(bodyGroup, List.of());
        }
        List<String> users = list(in.getHeader(DingTalkStreamConstants.USER_IDS));
        String group = in.getHeader(DingTalkStreamConstants.OPEN_CONVERSATION_ID, String.class);
        if (users.isEmpty() && group == null) {
            users = list(configuration.getUserIds());
            group = configuration.getOpenConversationId();
        }
        if (users.isEmpty() && group == null) {
            // this conversation: the route started from a bot message
            if ("2".equals(in.getHeader(DingTalkStreamConstants.CONVERSATION_TYPE, String.class))) {
                group = in.getHeader(DingTalkStreamConstants.CONVERSATION_ID, String.class);
            } else {
                users = list(in.getHeader(DingTalkStreamConstants.SENDER_STAFF_ID));
            }
        }
        if (!users.isEmpty()) {
            return new Recipients(null, users);
        }
        if (group == null) {
            throw new IllegalArgumentException("No recipient: set it on the message or card (toUsers,"
                    + " toConversation), in the header " + DingTalkStreamConstants.USER_IDS + " or "
                    + DingTalkStreamConstants.OPEN_CONVERSATION_ID + ", or the userIds / openConversationId option,"
                    + " or send from a route that started with a bot message");
        }
        return new Recipients(group, List.of());
    }

    boolean isGroup() {
        return openConversationId != null;
    }

    /** A List, an array or a comma-separated String as a list of non-empty strings. */
    static List<String> list(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            items.forEach(item -> result.add(String.valueOf(item)));
        } else if (value instanceof String[] items) {
            result.addAll(Arrays.asList(items));
        } else if (value != null) {
            result.addAll(Arrays.asList(value.toString().split(",")));
        }
        result.replaceAll(String::trim);
        result.removeIf(String::isEmpty);
        return result;
    }
}
