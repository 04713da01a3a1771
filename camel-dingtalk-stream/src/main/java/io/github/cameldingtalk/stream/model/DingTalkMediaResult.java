package io.github.cameldingtalk.stream.model;

/**
 * A file the producer uploaded; send it with {@link DingTalkMessage#image}, {@link DingTalkMessage#file},
 * {@link DingTalkMessage#audio} or {@link DingTalkMessage#video} by its media id.
 *
 * @param mediaId  DingTalk's id of the upload ({@code @…})
 * @param type     {@code image}, {@code voice}, {@code video} or {@code file}
 * @param fileName the name it was uploaded with
 */
public record DingTalkMediaResult(String mediaId, String type, String fileName) implements DingTalkResult {
}
