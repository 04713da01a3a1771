package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.AiCardStreams;
import io.github.cameldingtalk.stream.app.ReplySender;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * How a consumer answers bot messages: replies, AI cards (made on first use), and the threads that read streamed
 * answers.
 */
record Answers(ReplySender replies, Supplier<AiCardStreams> aiCards, Executor streaming) {
}
