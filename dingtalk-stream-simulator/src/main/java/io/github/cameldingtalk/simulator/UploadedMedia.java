package io.github.cameldingtalk.simulator;

import java.time.Instant;

/**
 * A file uploaded through {@code oapi.dingtalk.com/media/upload}: what a bot may then send as an image, file,
 * voice or video message by its {@code mediaId}.
 *
 * @param mediaId   the id handed out ({@code @…})
 * @param type      {@code image}, {@code voice}, {@code video} or {@code file}
 * @param fileName  the multipart file name
 * @param content   the bytes received
 * @param at        when it arrived
 */
public record UploadedMedia(String mediaId, String type, String fileName, byte[] content, Instant at) {
}
