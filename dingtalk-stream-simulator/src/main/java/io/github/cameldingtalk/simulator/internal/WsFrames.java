package io.github.cameldingtalk.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Server side of RFC 6455 framing. The simulator writes its own WebSocket server (instead of using a library
 * that answers pings by itself) so that faults such as a half-open connection can be played faithfully.
 */
final class WsFrames {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** Larger client messages are refused with close code 1009; an ack is a few hundred bytes. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsFrames() {
    }

    /** One frame as read; fragmented messages are reassembled by {@link #readMessage}. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    static String acceptKey(String secWebSocketKey) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((secWebSocketKey.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads one complete message (control frames are returned as they come, data frames reassembled).
     *
     * @throws EOFException when the peer closed the TCP connection
     */
    static Frame readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream assembled = null;
        int messageOpcode = -1;
        while (true) {
            int b0 = readByte(in);
            int b1 = readByte(in);
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (readByte(in) << 8) | readByte(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte(in);
                }
            }
            if (length < 0) {
                // RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0
                throw new ProtocolException(1002, "frame length with the most significant bit set");
            }
            if (length > MAX_MESSAGE_BYTES) {
                throw new ProtocolException(1009, "frame of " + length + " bytes is too big");
            }
            byte[] mask = masked ? readFully(in, 4) : null;
            byte[] payload = readFully(in, (int) length);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            if (opcode >= CLOSE) {
                return new Frame(opcode, payload);
            }
            if (opcode != CONTINUATION && fin && assembled == null) {
                return new Frame(opcode, payload);
            }
            if (opcode != CONTINUATION) {
                messageOpcode = opcode;
                assembled = new ByteArrayOutputStream();
            } else if (assembled == null) {
                throw new ProtocolException(1002, "continuation frame without a message");
            }
            assembled.write(payload);
            if (assembled.size() > MAX_MESSAGE_BYTES) {
                throw new ProtocolException(1009, "message too big");
            }
            if (fin) {
                return new Frame(messageOpcode, assembled.toByteArray());
            }
        }
    }

    static void write(OutputStream out, int opcode, byte[] payload) throws IOException {
        // one write: over TLS with TCP_NODELAY a header written apart costs a record and a packet of its own
        out.write(encode(opcode, payload));
        out.flush();
    }

    /** A whole unmasked frame (header and payload), as the server sends it. */
    static byte[] encode(int opcode, byte[] payload) {
        int length = payload.length;
        int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[headerLength + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[9 - i] = (byte) (((long) length) >>> (8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, headerLength, length);
        return frame;
    }

    static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 120)];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        return payload;
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("peer closed the connection");
        }
        return b;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("peer closed the connection mid-frame");
        }
        return bytes;
    }

    /** A framing error by the peer; the connection is closed with {@link #closeCode}. */
    static final class ProtocolException extends IOException {
        final int closeCode;

        ProtocolException(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }
    }
}
