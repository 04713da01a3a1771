package io.github.cameldingtalk.stream.openapi;

/**
 * DingTalk did not take an AI card's last frame (not a QpsLimit, which is retried): the card may show less than the
 * answer. Carries the whole text so that it can be posted another way.
 */
public class AiCardNotUpdatedException extends RuntimeException {

    private final String text;

    public AiCardNotUpdatedException(String outTrackId, String text, Throwable cause) {
        super("AI card " + outTrackId + " did not take its last frame: " + cause.getMessage(), cause);
        this.text = text;
    }

    /** The whole answer. */
    public String getText() {
        return text;
    }
}
