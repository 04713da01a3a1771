package io.github.cameldingtalk.stream;

import org.apache.camel.spi.Metadata;

/** Headers set on every exchange created from a DingTalk Stream frame. */
public final class DingTalkStreamConstants {

    @Metadata(label = "consumer", description = "The frame's messageId (headers.messageId).", javaType = "String")
    public static final String MESSAGE_ID = "CamelDingTalkStreamMessageId";
    @Metadata(label = "consumer", description = "The frame's topic, e.g. /v1.0/im/bot/messages/get, or * for events.",
              javaType = "String")
    public static final String TOPIC = "CamelDingTalkStreamTopic";
    @Metadata(label = "consumer", description = "The frame type: EVENT or CALLBACK.", javaType = "String")
    public static final String TYPE = "CamelDingTalkStreamType";
    @Metadata(label = "consumer", description = "DingTalk's id of the connection that carried the frame.",
              javaType = "String")
    public static final String CONNECTION_ID = "CamelDingTalkStreamConnectionId";
    @Metadata(label = "consumer", description = "When DingTalk sent the frame (epoch milliseconds).", javaType = "Long")
    public static final String TIME = "CamelDingTalkStreamTime";
    @Metadata(label = "consumer", description = "Events: the event type, e.g. user_add_org.", javaType = "String")
    public static final String EVENT_TYPE = "CamelDingTalkStreamEventType";
    @Metadata(label = "consumer", description = "Events: the event id (stable across redeliveries).", javaType = "String")
    public static final String EVENT_ID = "CamelDingTalkStreamEventId";
    @Metadata(label = "consumer", description = "Events: the corpId of the organisation.", javaType = "String")
    public static final String EVENT_CORP_ID = "CamelDingTalkStreamEventCorpId";
    @Metadata(label = "consumer", description = "Events: when the event happened (epoch milliseconds).",
              javaType = "Long")
    public static final String EVENT_BORN_TIME = "CamelDingTalkStreamEventBornTime";
    @Metadata(label = "consumer", description = "Bot messages: the msgId (stable across redeliveries).",
              javaType = "String")
    public static final String MSG_ID = "CamelDingTalkStreamMsgId";
    @Metadata(label = "consumer", description = "Bot messages: the msgtype (text, picture, richText, audio, video, file).",
              javaType = "String")
    public static final String MSGTYPE = "CamelDingTalkStreamMsgtype";
    @Metadata(label = "consumer", description = "Bot messages: the conversation id (openConversationId for group sends).",
              javaType = "String")
    public static final String CONVERSATION_ID = "CamelDingTalkStreamConversationId";
    @Metadata(label = "consumer", description = "Bot messages: 1 for a 1:1 chat, 2 for a group.", javaType = "String")
    public static final String CONVERSATION_TYPE = "CamelDingTalkStreamConversationType";
    @Metadata(label = "consumer", description = "Bot messages: the sender's userId (staffId).", javaType = "String")
    public static final String SENDER_STAFF_ID = "CamelDingTalkStreamSenderStaffId";
    @Metadata(label = "consumer", description = "Bot messages: the sessionWebhook URL the reply is posted to. Sensitive:"
                                                + " it grants posting into the conversation, so do not log it (the"
                                                + " body's String and Map conversions show it as ***; log headers"
                                                + " only without this one).", javaType = "String")
    public static final String SESSION_WEBHOOK = "CamelDingTalkStreamSessionWebhook";
    @Metadata(label = "consumer", description = "Bot messages merged from a burst (mergeBursts): how many messages the"
                                                + " body stands for (see DingTalkBotMessage.getMessages()); absent for"
                                                + " a single message.", javaType = "Integer")
    public static final String MERGED_MESSAGES = "CamelDingTalkStreamMergedMessages";
    @Metadata(label = "consumer", description = "Events: set it to LATER in the route to ask DingTalk to deliver the"
                                                + " event again later (default SUCCESS).", javaType = "String",
              enums = "SUCCESS,LATER")
    public static final String EVENT_STATUS = "CamelDingTalkStreamEventStatus";

    @Metadata(label = "producer", description = "The operation, when the body type does not tell: sendMessage,"
                                                + " recallMessage, downloadFile.", javaType = "String")
    public static final String OPERATION = "CamelDingTalkStreamOperation";
    @Metadata(label = "producer", description = "sendMessage: the recipients, userIds (staffIds) as a List or a"
                                                + " comma-separated String.", javaType = "Object")
    public static final String USER_IDS = "CamelDingTalkStreamUserIds";
    @Metadata(label = "producer", description = "sendMessage and recallMessage: the group's openConversationId.",
              javaType = "String")
    public static final String OPEN_CONVERSATION_ID = "CamelDingTalkStreamOpenConversationId";
    @Metadata(label = "producer", description = "sendMessage: the processQueryKey DingTalk gave the message (the key"
                                                + " to recall it); recallMessage: the key(s) to recall when the body"
                                                + " has none.", javaType = "String")
    public static final String PROCESS_QUERY_KEY = "CamelDingTalkStreamProcessQueryKey";
    @Metadata(label = "producer", description = "sendMessage 1:1: the userIds DingTalk did not know.",
              javaType = "java.util.List<String>")
    public static final String INVALID_STAFF_IDS = "CamelDingTalkStreamInvalidStaffIds";
    @Metadata(label = "producer", description = "sendMessage 1:1: the userIds not reached because they got too many"
                                                + " messages (flow control).", javaType = "java.util.List<String>")
    public static final String FLOW_CONTROLLED_STAFF_IDS = "CamelDingTalkStreamFlowControlledStaffIds";
    @Metadata(label = "producer", description = "downloadFile: the downloadCode when the body is not the received"
                                                + " message.", javaType = "String")
    public static final String DOWNLOAD_CODE = "CamelDingTalkStreamDownloadCode";

    @Metadata(label = "producer", description = "createCard, updateCard, streamCard: the card's outTrackId.",
              javaType = "String")
    public static final String OUT_TRACK_ID = "CamelDingTalkStreamOutTrackId";

    @Metadata(label = "producer", description = "uploadMedia: image, voice, video or file (default: from the file"
                                                + " name's extension); the media id of the upload after it.",
              javaType = "String")
    public static final String MEDIA_TYPE = "CamelDingTalkStreamMediaType";
    @Metadata(label = "producer", description = "uploadMedia: the media id DingTalk gave the upload.", javaType = "String")
    public static final String MEDIA_ID = "CamelDingTalkStreamMediaId";

    private DingTalkStreamConstants() {
    }
}
