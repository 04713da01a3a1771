package io.github.cameldingtalk.stream.consumer;

import com.fasterxml.jackson.core.TreeNode;
import io.github.cameldingtalk.stream.model.DingTalkReply;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.BaseStream;

/**
 * A bot route's output as text chunks, when it is a stream of them: a {@code java.util.stream.Stream}, an
 * {@code Iterator}, an {@code Iterable} (a non-empty List of chunks; not a JSON tree or a Path) or a {@code Flow.Publisher} (what reactive LLM
 * clients return). Reading blocks until the next chunk comes.
 */
final class Chunks {

    private Chunks() {
    }

    /** The chunks of the output, or null when it is not a stream of chunks. */
    static Iterator<?> of(Object output) {
        if (output instanceof BaseStream<?, ?> stream) {
            return stream.iterator();
        }
        if (output instanceof Iterator<?> iterator) {
            return iterator;
        }
        if (output instanceof Collection<?> collection) {
            return collection.isEmpty() ? null : collection.iterator();
        }
        if (output instanceof Iterable<?> iterable && !(output instanceof TreeNode) && !(output instanceof Path)) {
            return iterable.iterator(); // a JsonNode or a Path is Iterable too, but one answer, not chunks
        }
        if (output instanceof Flow.Publisher<?> publisher) {
            return new PublisherIterator(publisher);
        }
        return null;
    }

    /** Closes what needs closing (a Stream) once its chunks were read. */
    static void close(Object output) {
        if (output instanceof BaseStream<?, ?> stream) {
            stream.close();
        }
    }

    /**
     * Subscribes with bounded demand — {@link #DEMAND} chunks ahead, one more per chunk read — and hands the items out
     * in order; an error is thrown by {@code hasNext}. The reader takes chunks as they come (it never waits for card
     * calls), so the demand only bounds what a publisher may push ahead of it.
     */
    static final class PublisherIterator implements Iterator<Object>, Flow.Subscriber<Object> {

        static final int DEMAND = 16;
        private static final Object END = new Object();
        private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private Object next;

        PublisherIterator(Flow.Publisher<?> publisher) {
            @SuppressWarnings("unchecked")
            Flow.Publisher<Object> chunks = (Flow.Publisher<Object>) publisher;
            chunks.subscribe(this);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(DEMAND);
        }

        @Override
        public void onNext(Object item) {
            items.add(item == null ? "" : item);
        }

        @Override
        public void onError(Throwable throwable) {
            items.add(throwable instanceof RuntimeException e ? new Failure(e) : new Failure(new RuntimeException(throwable)));
        }

        @Override
        public void onComplete() {
            items.add(END);
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = items.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next chunk", e);
                }
            }
            if (next instanceof Failure failure) {
                throw failure.error();
            }
            return next != END;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object item = next;
            next = null;
            subscription.request(1);
            return item;
        }

        private record Failure(RuntimeException error) {
        }
    }

    /** A whole answer as one markdown reply (JSON), titled by its first line. */
    static String asMarkdownReply(String text) {
        String firstLine = text.strip().lines().findFirst().orElse("");
        return DingTalkReply.markdown(firstLine.length() <= 30 ? firstLine : firstLine.substring(0, 30) + "…", text)
                .toJson();
    }
}
