package io.github.cameldingtalk.simulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.FrameType;
import io.github.cameldingtalk.simulator.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a message goes when the connection picked for it dies at the moment it is written. */
class DeliveriesTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch endOfTest = new CountDownLatch(1);

    @AfterEach
    void stop() {
        endOfTest.countDown();
        scheduler.shutdownNow();
    }

    @Test
    void aMessageWhoseConnectionDiesOnTheWriteGoesToAnotherOpenConnection() throws Exception {
        FakeSocket dying = new FakeSocket(true);
        FakeSocket healthy = new FakeSocket(false);
        // the dying connection is picked first, as when a killed client's connection is not yet seen closed
        List<GatewayConnection> connections = List.of(open(dying), open(healthy));
        Deliveries deliveries = new Deliveries(SimulatorOptions.defaults(), scheduler, router(connections),
                Clock.systemUTC(), new Feed());

        PushedMessage message = deliveries.push("app", FrameType.EVENT, "*", Map.of(), "{}");

        assertTrue(connections.get(0).isClosed(), "the failed write closed the dying connection");
        assertFalse(message.isWaiting(), "not kept waiting while the app has an open connection");
        assertEquals(1, message.attempts().size());
        assertEquals(connections.get(1).id(), message.attempts().get(0).connectionId());
        assertTrue(healthy.written.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains(message.messageId()));
        assertEquals(0, deliveries.waitingCount());
    }

    @Test
    void aMessageWaitsWhenEveryConnectionDiesOnTheWrite() throws Exception {
        List<GatewayConnection> connections = List.of(open(new FakeSocket(true)), open(new FakeSocket(true)));
        Deliveries deliveries = new Deliveries(SimulatorOptions.defaults(), scheduler, router(connections),
                Clock.systemUTC(), new Feed());

        PushedMessage message = deliveries.push("app", FrameType.EVENT, "*", Map.of(), "{}");

        assertTrue(message.isWaiting());
        assertEquals(1, deliveries.waitingCount());
    }

    private GatewayConnection open(FakeSocket socket) throws IOException {
        GatewayConnection connection = new GatewayConnection(socket, "app", List.of(), new GatewayConnection.Listener() {
            @Override
            public void onOpen(GatewayConnection c) {
            }

            @Override
            public void onText(GatewayConnection c, String text) {
            }

            @Override
            public void onBinary(GatewayConnection c, int length) {
            }

            @Override
            public void onClosed(GatewayConnection c, String why) {
            }
        });
        connection.startReading(new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    endOfTest.await(); // a client that sends nothing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        });
        return connection;
    }

    private static Deliveries.Router router(List<GatewayConnection> connections) {
        return new Deliveries.Router() {
            @Override
            public GatewayConnection pick(String clientId, FrameType type, String topic) {
                return connections.stream().filter(GatewayConnection::takesNewMessages).findFirst().orElse(null);
            }

            @Override
            public String appId(String clientId) {
                return "app-id";
            }
        };
    }

    /** A socket whose peer is gone (every write fails, as after an RST) or that takes every byte. */
    private static final class FakeSocket extends Socket {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final boolean broken;

        FakeSocket(boolean broken) {
            this.broken = broken;
        }

        @Override
        public OutputStream getOutputStream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (broken) {
                        throw new IOException("Broken pipe");
                    }
                    synchronized (written) {
                        written.write(b, off, len);
                    }
                }
            };
        }

        @Override
        public synchronized void close() {
        }
    }
}
