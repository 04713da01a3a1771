package io.github.cameldingtalk.stream.app;

import java.time.Duration;

/**
 * Which AI cards a consumer streams its answers into.
 *
 * @param templateId     the card template
 * @param contentKey     the template's variable that shows the text
 * @param updateInterval the shortest time between two frames of one card
 * @param robotCode      the robot that delivers the card
 */
public record AiCardSettings(String templateId, String contentKey, Duration updateInterval, String robotCode) {
}
