package io.github.cameldingtalk.stream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.stream.model.Backoff;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void decodesFramesLeniently() throws Exception {
        Frame frame = FrameCodec.decode("{\"specVersion\":\"1.0\",\"type\":\"EVENT\",\"headers\":{\"messageId\":\"m1\","
                + "\"topic\":\"*\",\"time\":1683533823336,\"eventType\":\"user_add_org\",\"extra\":{\"x\":1},"
                + "\"nothing\":null},\"data\":\"{\\\"k\\\":\\\"钉钉\\\"}\",\"unknown\":[1,2]}");
        assertTrue(frame.isEvent());
        assertEquals("m1", frame.messageId());
        assertEquals("1683533823336", frame.header("time"), "numbers are read as strings");
        assertNull(frame.header("extra"));
        assertEquals("{\"k\":\"钉钉\"}", frame.data());
    }

    @Test
    void refusesWhatIsNotAFrameWithoutEchoingIt() {
        String[] bad = {"", "not json", "[]", "{\"type\":\"CALLBACK\"}", "{\"headers\":{\"messageId\":\"a\"}}",
            "{\"type\":\"CALLBACK\",\"headers\":{\"topic\":\"t\"}}",
            "{\"type\":\"CALLBACK\",\"headers\":{\"messageId\":\"a\"},\"data\":{\"secret\":\"value\"}}",
            "{\"type\":\"CALLBACK\",\"headers\":[]}"};
        for (String text : bad) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(text), text);
            assertTrue(!e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void encodesAcksWithDataAsAString() throws Exception {
        JsonNode ack = new ObjectMapper().readTree(FrameCodec.ack("m1", 200, "OK", "{\"response\":\"😀\"}"));
        assertEquals(200, ack.get("code").asInt());
        assertEquals("m1", ack.at("/headers/messageId").asText());
        assertEquals("application/json", ack.at("/headers/contentType").asText());
        assertTrue(ack.get("data").isTextual());
        assertEquals("{\"response\":\"😀\"}", ack.get("data").asText());
        assertTrue(new ObjectMapper().readTree(FrameCodec.ack("m2", 500, "failed", null)).get("data") == null);
        assertEquals("\"a\\\"b\"", FrameCodec.quote("a\"b"));
    }

    @Test
    void acksCarryAnyTextExactly() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String awkward = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 unicode 钉钉 \u2028 emoji 🙂 /";
        JsonNode ack = mapper.readTree(FrameCodec.ack("id-\"1\"", 500, awkward, FrameCodec.eventStatus("LATER", awkward)));
        assertEquals("id-\"1\"", ack.get("headers").get("messageId").asText());
        assertEquals(awkward, ack.get("message").asText());
        assertEquals(awkward, mapper.readTree(ack.get("data").asText()).get("message").asText());
        assertEquals("null", FrameCodec.quote(null));
        assertTrue(mapper.readTree(FrameCodec.ack("m", 200, null, null)).get("message").isNull());
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {400, 800}, {500, 1000}, {500, 1000}};
        for (long[] bound : bounds) {
            long delay = backoff.next().toMillis();
            assertTrue(delay >= bound[0] && delay <= bound[1], delay + " not in " + bound[0] + ".." + bound[1]);
        }
        backoff.reset();
        assertTrue(backoff.next().toMillis() <= 100);
    }
}
