package io.github.cameldingtalk.stream.model;

/**
 * What the producer leaves as the body after a call to DingTalk. A bot route whose output is such a result posts
 * no chat reply of its own: it answered through the producer.
 */
public interface DingTalkResult {
}
