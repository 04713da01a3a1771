package io.github.cameldingtalk.stream.app;

/**
 * What the app's AI card scheduler has done, for metrics and health: a snapshot, all zero before the app streamed a
 * card.
 *
 * @param live      cards registered and not ended
 * @param updates   streaming frames DingTalk took
 * @param coalesced texts replaced by newer text before they were sent
 * @param qpsLimit  frames refused with QpsLimit (sent again)
 */
public record AiCardFigures(int live, long updates, long coalesced, long qpsLimit) {

    public static final AiCardFigures NONE = new AiCardFigures(0, 0, 0, 0);
}
