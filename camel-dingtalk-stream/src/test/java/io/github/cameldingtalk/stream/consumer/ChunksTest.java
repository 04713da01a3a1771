package io.github.cameldingtalk.stream.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** A Flow.Publisher of chunks is read with bounded demand, not Long.MAX_VALUE into an unbounded queue. */
class ChunksTest {

    /** Emits as many chunks as asked for, on the requesting thread, and records the demand it saw. */
    private static final class CountingPublisher implements Flow.Publisher<String> {
        private final int total;
        private final List<Long> requests = new ArrayList<>();
        private long emitted;
        private long requested;
        private long mostAhead;

        CountingPublisher(int total) {
            this.total = total;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super String> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requests.add(n);
                    requested += n;
                    mostAhead = Math.max(mostAhead, requested - emitted);
                    while (emitted < Math.min(requested, total)) {
                        subscriber.onNext("c" + emitted++);
                    }
                    if (emitted == total) {
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                }
            });
        }
    }

    @Test
    void aPublisherIsAskedForAFewChunksAheadAndOneMorePerChunkRead() {
        CountingPublisher publisher = new CountingPublisher(100);
        Iterator<?> chunks = Chunks.of(publisher);
        List<Object> read = new ArrayList<>();
        chunks.forEachRemaining(read::add);
        assertEquals(100, read.size());
        assertEquals("c99", read.get(99));
        assertTrue(publisher.requests.stream().noneMatch(n -> n == Long.MAX_VALUE), publisher.requests.toString());
        assertTrue(publisher.mostAhead <= Chunks.PublisherIterator.DEMAND, "asked ahead: " + publisher.mostAhead);
    }
}
