package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The adoc's header says what the component JSON says: its description, and that it both consumes and produces. */
class AdocHeaderTest {

    @Test
    void theHeaderAgreesWithTheComponentJson() throws Exception {
        JsonNode component = new ObjectMapper().readTree(Files.readString(Path.of(
                "src/generated/resources/META-INF/io/github/cameldingtalk/stream/dingtalk-stream.json"),
                StandardCharsets.UTF_8)).get("component");
        String adoc = Files.readString(Path.of("src/main/docs/dingtalk-stream-component.adoc"), StandardCharsets.UTF_8);
        assertTrue(adoc.contains(":description: " + component.get("description").asText() + "\n"),
                "the adoc's description is the component's");
        boolean both = !component.get("consumerOnly").asBoolean() && !component.get("producerOnly").asBoolean();
        assertTrue(both, "the component consumes and produces");
        assertTrue(adoc.contains(":component-header: Both producer and consumer are supported"));
        assertFalse(adoc.contains("Only consumer is supported"));
    }
}
