package io.github.cameldingtalk.stream.model;

import java.util.List;

/**
 * What DingTalk answered to a robot message sent by the producer; it becomes the exchange body. A bot route whose
 * output is this result sends no chat reply of its own (the route answered through the producer).
 *
 * @param processQueryKey          DingTalk's key of the message: what {@code recallMessage} takes
 * @param openConversationId       the group it went to, null for 1:1
 * @param userIds                  the recipients of a 1:1 send, empty for a group
 * @param invalidStaffIds          1:1 recipients DingTalk did not know
 * @param flowControlledStaffIds   1:1 recipients not reached because they got too many messages
 */
public record DingTalkSendResult(String processQueryKey, String openConversationId, List<String> userIds,
        List<String> invalidStaffIds, List<String> flowControlledStaffIds) implements DingTalkResult {

    public DingTalkSendResult {
        userIds = List.copyOf(userIds);
        invalidStaffIds = List.copyOf(invalidStaffIds);
        flowControlledStaffIds = List.copyOf(flowControlledStaffIds);
    }

    /** Whether every recipient was reached (always true for a group). */
    public boolean isDeliveredToAll() {
        return invalidStaffIds.isEmpty() && flowControlledStaffIds.isEmpty();
    }
}
