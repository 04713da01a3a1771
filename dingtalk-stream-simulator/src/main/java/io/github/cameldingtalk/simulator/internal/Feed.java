package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens in the simulator as a stream of small JSON events (a user's message, a bot reply or send, a card
 * change, an ack, a violation, a connection change), for the browser console: kept in a bounded history and sent
 * to each listener as Server-Sent Events. Events carry what DingTalk would show, never a secret or webhook URL.
 */
public final class Feed {

    private static final int HISTORY = 2000;

    private final ArrayDeque<ObjectNode> history = new ArrayDeque<>();
    private long sequence;
    private volatile boolean closed;

    /** Adds an event of this type; {@code event} gets its {@code type} and {@code seq}. */
    public synchronized void publish(String type, ObjectNode event) {
        event.put("type", type).put("seq", ++sequence).put("at", System.currentTimeMillis());
        history.addLast(event);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        notifyAll();
    }

    /**
     * Writes every event after {@code afterSeq} as {@code text/event-stream}, then each new one as it comes, until
     * the listener goes away or the simulator closes. Blocks the calling (HTTP server) thread.
     */
    public void stream(OutputStream out, long afterSeq) throws IOException {
        long last = afterSeq;
        while (!closed) {
            List<ObjectNode> next = new ArrayList<>();
            synchronized (this) {
                for (ObjectNode event : history) {
                    if (event.get("seq").asLong() > last) {
                        next.add(event);
                    }
                }
                if (next.isEmpty()) {
                    try {
                        wait(15_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            if (next.isEmpty()) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)); // notices a gone listener
            }
            for (ObjectNode event : next) {
                out.write(("id: " + event.get("seq").asLong() + "\ndata: " + Json.write(event) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                last = event.get("seq").asLong();
            }
            out.flush();
        }
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
