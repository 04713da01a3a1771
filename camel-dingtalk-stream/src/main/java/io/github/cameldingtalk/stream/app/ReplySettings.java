package io.github.cameldingtalk.stream.app;

import java.time.Duration;

/**
 * How one consumer answers its bot messages.
 *
 * @param slots       replies in flight at most (the consumer's maxConcurrency)
 * @param maxAttempts posts at most for a reply DingTalk did not process
 * @param timeout     the deadline of a reply, its attempts included
 * @param retryDelay  the first wait between attempts
 * @param fallback    an expired sessionWebhook goes through the robot OpenAPI instead
 * @param robotCode   the robot of that fallback when the message names none
 */
public record ReplySettings(int slots, int maxAttempts, Duration timeout, Duration retryDelay, boolean fallback,
        String robotCode) {
}
