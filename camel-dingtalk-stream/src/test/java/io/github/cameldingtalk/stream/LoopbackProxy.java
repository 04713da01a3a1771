package io.github.cameldingtalk.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy on loopback for tests: {@code CONNECT host:port} tunnels, and absolute-form requests
 * ({@code POST http://host:port/path}) forwarded in origin-form, a WebSocket upgrade then piped both ways. Records
 * what went through it ({@code METHOD /path}, query left out: it holds tickets and sessions). With credentials it
 * answers 407 until a request carries them.
 */
final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String requiredAuthorization;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int refused;

    /** @param requiredAuthorization the Proxy-Authorization value to demand, or null */
    LoopbackProxy(String requiredAuthorization) throws IOException {
        this.requiredAuthorization = requiredAuthorization;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "loopback-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** What went through, in order: {@code CONNECT host:port} or {@code METHOD /path}. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    /** Requests answered 407 for lack of credentials. */
    int refused() {
        return refused;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread handler = new Thread(() -> handle(client), "loopback-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null || !authorized(head, out)) {
                return;
            }
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            if ("CONNECT".equals(requestLine[0])) {
                seen.add("CONNECT " + requestLine[1]);
                String[] target = requestLine[1].split(":");
                try (Socket upstream = connect(target[0], Integer.parseInt(target[1]))) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    pipe(upstream.getInputStream(), out);
                    in.transferTo(upstream.getOutputStream());
                }
                return;
            }
            URI target = URI.create(requestLine[1]);
            try (Socket upstream = connect(target.getHost(), target.getPort())) {
                pipe(upstream.getInputStream(), out);
                OutputStream toServer = upstream.getOutputStream();
                while (head != null) {
                    String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
                    URI uri = URI.create(line[1]);
                    seen.add(line[0] + " " + uri.getRawPath());
                    String originForm = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                    toServer.write((line[0] + " " + originForm + " " + line[2] + head.substring(head.indexOf("\r\n")))
                            .getBytes(StandardCharsets.ISO_8859_1));
                    if (header(head, "upgrade") != null) {
                        in.transferTo(toServer); // a WebSocket: raw both ways from here
                        return;
                    }
                    String length = header(head, "content-length");
                    if (length != null) {
                        toServer.write(in.readNBytes(Integer.parseInt(length.trim())));
                    }
                    toServer.flush();
                    head = readHead(in);
                    if (head != null && !authorized(head, out)) {
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException gone) {
            // a side went away
        }
    }

    private boolean authorized(String head, OutputStream out) throws IOException {
        if (requiredAuthorization == null || requiredAuthorization.equals(header(head, "proxy-authorization"))) {
            return true;
        }
        refused++;
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return false;
    }

    /** The names tests use for the simulator resolve here, as a proxy resolves the names it is given. */
    private Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket("dingtalk.invalid".equals(host) ? "127.0.0.1" : host, port);
        sockets.add(socket);
        return socket;
    }

    private void pipe(InputStream from, OutputStream to) {
        Thread thread = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException gone) {
                // closed
            }
        }, "loopback-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The request line and headers, up to the empty line; null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }
}
