package io.github.cameldingtalk.simulator.internal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One kind of record (acks, replies, API calls …), bounded so that a simulator left running does not grow without
 * end: beyond {@code max} the oldest go, and are counted.
 */
public final class Records<T> {

    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int max;
    private long dropped;

    public Records(int max) {
        this.max = max;
    }

    public synchronized void add(T item) {
        if (items.size() >= max) {
            items.pollFirst();
            dropped++;
        }
        items.addLast(item);
    }

    /** What is kept, oldest first. */
    public synchronized List<T> list() {
        return List.copyOf(items);
    }

    public synchronized void clear() {
        items.clear();
    }

    /** Records dropped because there were more than {@code max}. */
    public synchronized long dropped() {
        return dropped;
    }
}
