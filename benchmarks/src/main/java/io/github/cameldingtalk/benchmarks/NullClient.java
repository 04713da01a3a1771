package io.github.cameldingtalk.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The generator's own ceiling: a client that does as little as a client can. One thread reads WebSocket frames
 * straight off the socket, finds the messageId bytes, and writes an ack made of two fixed byte runs around them;
 * writes are flushed only when nothing more is waiting to be read. No JSON, no strings per frame, no thread hop.
 * Ignores SYSTEM frames (it is not run where the gateway asks it to reconnect).
 */
final class NullClient implements AutoCloseable {

    private static final byte[] MESSAGE_ID = "\"messageId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYSTEM = "\"type\":\"SYSTEM\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK_HEAD = "{\"code\":200,\"headers\":{\"contentType\":\"application/json\",\"messageId\":\""
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK_TAIL = ("\"},\"message\":\"OK\",\"data\":"
            + "\"{\\\"status\\\":\\\"SUCCESS\\\",\\\"message\\\":\\\"success\\\"}\"}").getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final Thread reader;
    private volatile boolean running = true;

    private NullClient(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::readLoop, "null-client");
    }

    static NullClient start(String apiUrl, String clientId, String secret) throws IOException {
        URI gateway = open(apiUrl, clientId, secret);
        boolean tls = "wss".equals(gateway.getScheme());
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket(gateway.getHost(), gateway.getPort())
                : new Socket(gateway.getHost(), gateway.getPort());
        socket.setTcpNoDelay(true);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + gateway.getRawPath() + "?" + gateway.getRawQuery() + " HTTP/1.1\r\nHost: "
                + gateway.getHost() + ":" + gateway.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        NullClient client = new NullClient(socket);
        client.reader.start();
        return client;
    }

    private static URI open(String apiUrl, String clientId, String secret) throws IOException {
        OkHttpClient http = new OkHttpClient();
        try (Response response = http.newCall(RawOkHttpClient.openRequest(apiUrl, clientId, secret, "null-client"))
                .execute()) {
            String text = response.body().string();
            return URI.create(RawOkHttpClient.field(text, "endpoint") + "?ticket="
                    + URLEncoder.encode(RawOkHttpClient.field(text, "ticket"), StandardCharsets.UTF_8));
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private void readLoop() {
        try {
            InputStream raw = socket.getInputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            skipHandshake(in);
            byte[] payload = new byte[64 * 1024];
            ByteArrayOutputStream ack = new ByteArrayOutputStream(256);
            while (running) {
                int opcode = in.readUnsignedByte() & 0x0F;
                int length = in.readUnsignedByte() & 0x7F;
                long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
                if (size > payload.length) {
                    payload = new byte[(int) size];
                }
                in.readFully(payload, 0, (int) size);
                if (opcode == 0x8) {
                    return;
                }
                if (opcode == 0x9) {
                    writeFrame(out, 0xA, payload, 0, (int) size);
                } else if (opcode == 0x1 && indexOf(payload, (int) size, SYSTEM) < 0) {
                    int id = indexOf(payload, (int) size, MESSAGE_ID) + MESSAGE_ID.length;
                    int end = id;
                    while (payload[end] != '"') {
                        end++;
                    }
                    ack.reset();
                    ack.write(ACK_HEAD);
                    ack.write(payload, id, end - id);
                    ack.write(ACK_TAIL);
                    writeFrame(out, 0x1, ack.toByteArray(), 0, ack.size());
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (running) {
                System.err.println("null client stopped: " + e);
            }
        }
    }

    private static void skipHandshake(DataInputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("handshake not answered");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** A client frame: masked, as RFC 6455 requires, with the all-zero key so the payload goes out as it is. */
    private static void writeFrame(OutputStream out, int opcode, byte[] data, int offset, int length) throws IOException {
        out.write(0x80 | opcode);
        if (length < 126) {
            out.write(0x80 | length);
        } else {
            out.write(0x80 | 126);
            out.write(length >>> 8);
            out.write(length & 0xFF);
        }
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(data, offset, length);
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        running = false;
        socket.close();
    }
}
