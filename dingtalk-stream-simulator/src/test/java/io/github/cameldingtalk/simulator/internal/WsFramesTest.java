package io.github.cameldingtalk.simulator.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** The WebSocket reader refuses lengths a client must never send (RFC 6455 §5.2). */
class WsFramesTest {

    @Test
    void aSixtyFourBitLengthWithTheTopBitSetIsAProtocolError() {
        byte[] frame = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4};
        WsFrames.ProtocolException refused = assertThrows(WsFrames.ProtocolException.class,
                () -> WsFrames.readMessage(new ByteArrayInputStream(frame)));
        assertTrue(refused.getMessage().contains("most significant bit"), refused.getMessage());
    }
}
