package io.github.cameldingtalk.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The WebSocket side of the gateway: {@code GET /connect?ticket=…}. Tickets are checked before the upgrade
 * and a refused ticket gets an HTTP 401, as DingTalk answers.
 */
public final class Gateway implements AutoCloseable {

    /** Decides whether a handshake may become a connection. */
    public interface Admission {
        /** Returns the new connection, or throws {@link Refusal} with the HTTP answer to give. */
        GatewayConnection admit(String ticket, Socket socket) throws Refusal, IOException;
    }

    public static final class Refusal extends Exception {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());
    private static final int MAX_HEAD_BYTES = 8 * 1024;

    private final ServerSocket server;
    private final Admission admission;
    private final AtomicInteger slowHandshakes = new AtomicInteger();
    private volatile Duration slowHandshakeDelay = Duration.ZERO;
    private volatile boolean closed;

    public Gateway(String host, int port, SSLContext tls, Admission admission) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        this.server = tls == null
                ? new ServerSocket(port, 128, address)
                : tls.getServerSocketFactory().createServerSocket(port, 128, address);
        this.admission = admission;
        Thread acceptor = new Thread(this::acceptLoop, "dingtalk-sim-gateway-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next {@code count} handshakes wait {@code delay} before they are answered. */
    public void slowDownHandshakes(int count, Duration delay) {
        slowHandshakeDelay = delay;
        slowHandshakes.set(count);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread handshake = new Thread(() -> handshake(socket), "dingtalk-sim-handshake");
                handshake.setDaemon(true);
                handshake.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "gateway accept failed", e);
                }
            }
        }
    }

    private void handshake(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                socket.close();
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            if (slowHandshakes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                sleep(slowHandshakeDelay);
            }
            if (requestLine.length < 3 || !"GET".equals(requestLine[0])) {
                refuse(out, socket, 400, "InvalidRequest", "expected GET /connect?ticket=…");
                return;
            }
            String target = requestLine[1];
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            if (!"/connect".equals(path)) {
                refuse(out, socket, 404, "NotFound", "the gateway only serves /connect");
                return;
            }
            String key = headers.get("sec-websocket-key");
            if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))
                    || key == null || !"13".equals(headers.get("sec-websocket-version"))) {
                refuse(out, socket, 400, "InvalidRequest", "not a WebSocket (version 13) upgrade request");
                return;
            }
            String ticket = q < 0 ? null : HttpApi.queryParameter(target.substring(q + 1), "ticket");
            GatewayConnection connection;
            try {
                connection = admission.admit(ticket, socket);
            } catch (Refusal refusal) {
                refuse(out, socket, refusal.status, refusal.code, refusal.getMessage());
                return;
            }
            String response = "HTTP/1.1 101 Switching Protocols\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WsFrames.acceptKey(key) + "\r\n\r\n";
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(0);
            connection.startReading(in);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "handshake failed: " + e.getMessage());
            closeQuietly(socket);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
            if (lastFour == 0x0D0A0D0A) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void refuse(OutputStream out, Socket socket, int status, String code, String message)
            throws IOException {
        byte[] body = Json.write(Json.object().put("code", code).put("message", message))
                .getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n"
                + "Content-Type: application/json;charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        socket.close();
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (SocketException ignored) {
            // already closed
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing gateway", e);
        }
    }
}
