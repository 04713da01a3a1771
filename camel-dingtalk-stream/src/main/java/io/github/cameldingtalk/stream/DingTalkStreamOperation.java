package io.github.cameldingtalk.stream;

/** What a dingtalk-stream producer does. */
public enum DingTalkStreamOperation {
    /** A robot message to users (1:1, one batch) or to a group. */
    sendMessage,
    /** Recalls robot messages by their processQueryKey (1:1, or in a group). */
    recallMessage,
    /** Downloads a file, picture, voice or video a user sent, by its downloadCode. */
    downloadFile,
    /** Creates and delivers an interactive card (a {@code DingTalkCard}). */
    createCard,
    /** Updates variables of a delivered card (a {@code DingTalkCardUpdate}). */
    updateCard,
    /** Streams into an AI card (a {@code DingTalkCardStream}): the text so far, finished or failed. */
    streamCard,
    /** Uploads the body (bytes, a file, a stream) as media: image, voice, video or file. */
    uploadMedia
}
