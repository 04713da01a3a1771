package io.github.cameldingtalk.stream.model;

/**
 * One frame into an AI card: the whole text so far (it replaces the card's content, as markdown requires), and
 * whether the card is finished or failed with it. The content variable is the endpoint's {@code aiCardContentKey}
 * unless {@link #key} names another.
 *
 * <pre>{@code
 * DingTalkCardStream.of(outTrackId).content(textSoFar)            // typing …
 * DingTalkCardStream.of(outTrackId).content(wholeText).finished() // done
 * }</pre>
 */
public final class DingTalkCardStream {

    private final String outTrackId;
    private String key;
    private String content = "";
    private boolean finished;
    private boolean failed;

    private DingTalkCardStream(String outTrackId) {
        this.outTrackId = outTrackId;
    }

    public static DingTalkCardStream of(String outTrackId) {
        return new DingTalkCardStream(outTrackId);
    }

    public DingTalkCardStream key(String variable) {
        this.key = variable;
        return this;
    }

    public DingTalkCardStream content(String text) {
        this.content = text == null ? "" : text;
        return this;
    }

    public DingTalkCardStream finished() {
        this.finished = true;
        return this;
    }

    public DingTalkCardStream failed() {
        this.failed = true;
        return this;
    }

    public String getOutTrackId() {
        return outTrackId;
    }

    public String getKey() {
        return key;
    }

    public String getContent() {
        return content;
    }

    public boolean isFinished() {
        return finished;
    }

    public boolean isFailed() {
        return failed;
    }
}
