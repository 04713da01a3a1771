package io.github.cameldingtalk.stream.springboot;

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
 * {@link DingTalkStreamComponentConfiguration} is generated from the component's JSON: every component option with
 * its description and default, so that the starter cannot miss an option. This test renders it and fails when the
 * committed source differs; {@code mvn test -pl camel-dingtalk-stream-starter -Dstarter.update=true} rewrites it.
 */
class ComponentConfigurationSourceTest {

    private static final Path JSON = Path.of("../camel-dingtalk-stream/src/generated/resources/META-INF/io/github/"
            + "cameldingtalk/stream/dingtalk-stream.json");
    private static final Path SOURCE = Path.of("src/main/java/io/github/cameldingtalk/stream/springboot/"
            + "DingTalkStreamComponentConfiguration.java");
    /** Java types that Spring binds from text as they are; durations are text ("5s") that Camel converts. */
    private static final Map<String, String> TYPES = Map.of("int", "Integer", "long", "Long", "boolean", "Boolean",
            "double", "Double", "java.lang.String", "String");

    @Test
    void theConfigurationClassHasEveryComponentOption() throws IOException {
        String rendered = render(new ObjectMapper().readTree(JSON.toFile()).get("componentProperties"));
        if (Boolean.getBoolean("starter.update")) {
            Files.writeString(SOURCE, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, Files.readString(SOURCE, StandardCharsets.UTF_8), SOURCE + " differs from " + JSON
                + "; run mvn test -pl camel-dingtalk-stream-starter -Dstarter.update=true");
    }

    private static String render(JsonNode properties) {
        List<String> fields = new ArrayList<>();
        List<String> accessors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode option = entry.getValue();
            boolean duration = "duration".equals(option.path("type").asText());
            String type = duration ? "String" : TYPES.getOrDefault(option.path("javaType").asText(),
                    option.path("javaType").asText());
            String fallback = initialValue(option, type);
            String doc = "    /**\n" + wrap(option.path("description").asText()
                    + (duration ? " Durations: 500ms, 30s, 1m, or milliseconds." : ""))
                    + (option.path("secret").asBoolean() ? "     * <p>A secret: keep it out of files under version control.\n" : "")
                    + "     */\n";
            fields.add(doc + "    private " + type + " " + name + (fallback == null ? "" : " = " + fallback) + ";\n");
            String upper = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            accessors.add("    public " + type + " get" + upper + "() {\n        return " + name + ";\n    }\n\n"
                    + "    public void set" + upper + "(" + type + " " + name + ") {\n        this." + name + " = "
                    + name + ";\n    }\n");
        }
        return """
                package io.github.cameldingtalk.stream.springboot;

                import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
                import org.springframework.boot.context.properties.ConfigurationProperties;

                /**
                 * {@code camel.component.dingtalk-stream.*}: the dingtalk-stream component's options, the defaults of every
                 * endpoint. Generated from the component's JSON by ComponentConfigurationSourceTest: do not edit by hand.
                 */
                @ConfigurationProperties(prefix = "camel.component.dingtalk-stream")
                public class DingTalkStreamComponentConfiguration extends ComponentConfigurationPropertiesCommon {

                    /**
                     * Whether to enable auto configuration of the dingtalk-stream component. This is enabled by default.
                     */
                    private Boolean enabled;

                """ + String.join("\n", fields) + "\n" + """
                    public Boolean getEnabled() {
                        return enabled;
                    }

                    public void setEnabled(Boolean enabled) {
                        this.enabled = enabled;
                    }

                """ + String.join("\n", accessors) + "}\n";
    }

    private static String initialValue(JsonNode option, String type) {
        if (!option.has("defaultValue")) {
            return null;
        }
        String value = option.get("defaultValue").asText();
        return switch (type) {
            case "String" -> "\"" + value + "\"";
            case "Integer", "Boolean" -> value;
            case "Long" -> value + "L";
            case "Double" -> value;
            default -> option.path("type").asText().equals("enum") ? type + "." + value : null;
        };
    }

    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder("     *");
        for (String word : text.replace("*/", "* /").split(" ")) {
            if (line.length() + word.length() + 1 > 116) {
                out.append(line).append('\n');
                line = new StringBuilder("     *");
            }
            line.append(' ').append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
