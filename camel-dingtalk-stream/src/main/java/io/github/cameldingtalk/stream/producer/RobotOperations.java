package io.github.cameldingtalk.stream.producer;

import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import io.github.cameldingtalk.stream.app.OpenApiOperations;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import io.github.cameldingtalk.stream.model.DingTalkSendResult;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The robot's OpenAPI operations on an exchange: send a message (1:1 batch or group), recall messages, download a
 * received file. Targets come from the body, then the headers, then the endpoint options, then — in a route started
 * by a bot message — the conversation that message came from.
 */
final class RobotOperations {

    private final OpenApiOperations api;
    private final DingTalkStreamConfiguration configuration;

    RobotOperations(OpenApiOperations api, DingTalkStreamConfiguration configuration) {
        this.api = api;
        this.configuration = configuration;
    }

    CompletableFuture<Void> send(Exchange exchange) {
        Message in = exchange.getMessage();
        DingTalkMessage message = in.getBody() instanceof DingTalkMessage m ? m
                : "markdown".equals(configuration.getMessageType())
                        ? DingTalkMessage.markdown(configuration.getMarkdownTitle(), requireText(in))
                        : DingTalkMessage.text(requireText(in));
        Recipients to = Recipients.resolve(message.getOpenConversationId(), message.getUserIds(), in, configuration);
        return api.send(message, to.isGroup() ? to.openConversationId() : null, to.userIds()).thenAccept(result -> {
            in.setBody(result);
            in.setHeader(DingTalkStreamConstants.PROCESS_QUERY_KEY, result.processQueryKey());
            in.setHeader(DingTalkStreamConstants.INVALID_STAFF_IDS, result.invalidStaffIds());
            in.setHeader(DingTalkStreamConstants.FLOW_CONTROLLED_STAFF_IDS, result.flowControlledStaffIds());
        });
    }

    CompletableFuture<Void> recall(Exchange exchange) {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        List<String> keys;
        String group;
        if (body instanceof DingTalkSendResult sent) {
            keys = List.of(sent.processQueryKey());
            group = sent.openConversationId();
        } else {
            keys = Recipients.list(body instanceof String || body instanceof Collection<?> ? body
                    : in.getHeader(DingTalkStreamConstants.PROCESS_QUERY_KEY));
            group = in.getHeader(DingTalkStreamConstants.OPEN_CONVERSATION_ID, configuration.getOpenConversationId(),
                    String.class);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No processQueryKey to recall: give a DingTalkSendResult, the key(s) as"
                    + " the body, or the header " + DingTalkStreamConstants.PROCESS_QUERY_KEY);
        }
        return api.recall(keys, group).thenAccept(in::setBody);
    }

    CompletableFuture<Void> download(Exchange exchange) {
        Message in = exchange.getMessage();
        DingTalkBotMessage received = in.getBody() instanceof DingTalkBotMessage bot ? bot : null;
        String code = received != null && received.getDownloadCode() != null ? received.getDownloadCode()
                : in.getHeader(DingTalkStreamConstants.DOWNLOAD_CODE, String.class);
        if (code == null && in.getBody() instanceof String text) {
            code = text;
        }
        if (code == null) {
            throw new IllegalArgumentException("No downloadCode: give the received message as the body, or the code"
                    + " in the header " + DingTalkStreamConstants.DOWNLOAD_CODE);
        }
        String fileName = received == null ? null : received.getFileName();
        return api.download(code).thenAccept(file -> {
                    in.setBody(file.bytes());
                    if (file.contentType() != null) {
                        in.setHeader(Exchange.CONTENT_TYPE, file.contentType());
                    }
                    if (fileName != null) {
                        in.setHeader(Exchange.FILE_NAME, fileName);
                    }
                });
    }

    CompletableFuture<Void> upload(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] content = in.getBody(byte[].class);
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("Nothing to upload: the body is empty (give bytes, a file or a stream)");
        }
        String fileName = in.getHeader(Exchange.FILE_NAME, "file", String.class);
        String type = in.getHeader(DingTalkStreamConstants.MEDIA_TYPE, mediaType(fileName), String.class);
        return api.upload(configuration.getOapiUrl(), type, fileName, content,
                in.getHeader(Exchange.CONTENT_TYPE, String.class)).thenAccept(result -> {
                    in.setBody(result);
                    in.setHeader(DingTalkStreamConstants.MEDIA_ID, result.mediaId());
                });
    }

    /** DingTalk's media type by file extension (image, voice, video), else file. */
    static String mediaType(String fileName) {
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return switch (extension) {
            case "jpg", "jpeg", "png", "gif", "bmp" -> "image";
            case "amr", "mp3", "wav", "ogg" -> "voice";
            case "mp4" -> "video";
            default -> "file";
        };
    }

    private static String requireText(Message in) {
        String text = in.getBody(String.class);
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("Nothing to send: the body is empty (give a String or a DingTalkMessage)");
        }
        return text;
    }
}
