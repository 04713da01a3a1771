package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The adoc's option and header tables are rendered from the generated component JSON, so they cannot drift from the
 * code: this test fails when they differ. {@code mvn test -Dtest=DocumentationTest -Ddocs.update=true} rewrites
 * them (between the {@code // … options: START/END} markers, as in Apache Camel's own docs).
 */
class DocumentationTest {

    private static final Path JSON = Path.of(
            "src/generated/resources/META-INF/io/github/cameldingtalk/stream/dingtalk-stream.json");
    private static final Path ADOC = Path.of("src/main/docs/dingtalk-stream-component.adoc");

    @Test
    void optionAndHeaderTablesMatchTheComponentJson() throws IOException {
        JsonNode component = new ObjectMapper().readTree(JSON.toFile());
        String adoc = Files.readString(ADOC, StandardCharsets.UTF_8);
        String expected = adoc;
        expected = replaceSection(expected, "component options", options(component.get("componentProperties")));
        expected = replaceSection(expected, "endpoint options", options(component.get("properties")));
        expected = replaceSection(expected, "headers", headers(component.get("headers")));
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(ADOC, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, adoc, "the adoc tables differ from " + JSON + "; run mvn test -Dtest=DocumentationTest"
                + " -Ddocs.update=true in camel-dingtalk-stream");
    }

    private static String options(JsonNode properties) {
        StringBuilder table = new StringBuilder("[cols=\"2,1,1,5\"]\n|===\n| Name | Group | Default | Description\n\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> option = it.next();
            JsonNode o = option.getValue();
            String name = "`" + option.getKey() + "`" + ("path".equals(o.path("kind").asText()) ? " (path)" : "")
                    + (o.path("secret").asBoolean() ? " (secret)" : "");
            String group = o.path("label").asText().isEmpty() ? o.path("group").asText() : o.path("label").asText();
            String fallback = o.has("defaultValue") ? "`" + o.get("defaultValue").asText() + "`" : "";
            String description = (o.path("required").asBoolean() ? "*Required.* " : "") + o.path("description").asText()
                    + (o.has("enum") ? " One of: " + String.join(", ", enumValues(o.get("enum"))) + "." : "");
            table.append("| ").append(name).append(" | ").append(group).append(" | ").append(fallback).append(" | ")
                    .append(escape(description)).append('\n');
        }
        return table.append("|===\n").toString();
    }

    private static List<String> enumValues(JsonNode values) {
        List<String> list = new ArrayList<>();
        values.forEach(v -> list.add("`" + v.asText() + "`"));
        return list;
    }

    private static String headers(JsonNode headers) {
        StringBuilder table = new StringBuilder("[cols=\"2,1,5\"]\n|===\n| Header | Type | Description\n\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            table.append("| `").append(header.getKey()).append("` | ").append(header.getValue().path("javaType").asText())
                    .append(" | ").append(escape(header.getValue().path("description").asText())).append('\n');
        }
        return table.append("|===\n").toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    private static String replaceSection(String adoc, String name, String content) {
        String start = "// " + name + ": START\n";
        String end = "// " + name + ": END";
        int from = adoc.indexOf(start);
        int to = adoc.indexOf(end);
        if (from < 0 || to < from) {
            throw new AssertionError("the adoc has no '" + start.trim() + "' … '" + end + "' section");
        }
        return adoc.substring(0, from + start.length()) + content + adoc.substring(to);
    }
}
