package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as {@code camel run --dep=io.github.cameldingtalk:camel-dingtalk-stream:<version>}, Camel K and
 * catalog tools (Karavan, camel-catalog-maven) read it: the component found by its scheme, its JSON and catalog entry
 * naming this version, and both Kamelets with this version and only options the component has. (Camel JBang itself
 * is not served here; YamlBotTest loads the YAML routes with Camel Main as {@code camel run} does.)
 */
class PackagedJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String read(JarFile jar, String entry) throws IOException {
        assertNotNull(jar.getEntry(entry), "the jar has " + entry);
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theJarCarriesWhatCamelRunAndTheCatalogsNeed() throws Exception {
        String version = System.getProperty("project.version");
        Path path = Path.of(System.getProperty("component.jar"));
        assertTrue(Files.exists(path), "the packaged jar " + path);
        try (JarFile jar = new JarFile(path.toFile())) {
            Properties factory = new Properties();
            factory.load(jar.getInputStream(jar.getEntry("META-INF/services/org/apache/camel/component/dingtalk-stream")));
            assertEquals(DingTalkStreamComponent.class.getName(), factory.getProperty("class"));

            Properties catalog = new Properties();
            catalog.load(jar.getInputStream(jar.getEntry("META-INF/services/org/apache/camel/component.properties")));
            assertEquals("dingtalk-stream", catalog.getProperty("components"));
            assertEquals("io.github.cameldingtalk", catalog.getProperty("groupId"));
            assertEquals("camel-dingtalk-stream", catalog.getProperty("artifactId"));
            assertEquals(version, catalog.getProperty("version"));

            JsonNode component = JSON.readTree(read(jar, "META-INF/io/github/cameldingtalk/stream/dingtalk-stream.json"));
            assertEquals("dingtalk-stream", component.at("/component/scheme").asText());
            assertEquals(version, component.at("/component/version").asText());
            JsonNode options = component.get("properties");

            for (String kamelet : new String[] {"dingtalk-stream-source", "dingtalk-stream-sink"}) {
                JsonNode yaml = JSON.valueToTree(new org.snakeyaml.engine.v2.api.Load(
                        org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                        .loadFromString(read(jar, "kamelets/" + kamelet + ".kamelet.yaml")));
                assertEquals(kamelet, yaml.at("/metadata/name").asText());
                assertEquals(version, yaml.at("/metadata/annotations/camel.apache.org~1catalog.version").asText());
                assertTrue(yaml.at("/spec/dependencies").toString()
                        .contains("mvn:io.github.cameldingtalk:camel-dingtalk-stream:" + version), kamelet);
                assertEquals("password", yaml.at("/spec/definition/properties/clientSecret/format").asText(),
                        kamelet + ": the secret is a password property");
                JsonNode step = kamelet.endsWith("source") ? yaml.at("/spec/template/from")
                        : yaml.at("/spec/template/from/steps/0/to");
                assertTrue(step.path("uri").asText().startsWith("dingtalk-stream:"), kamelet);
                step.path("parameters").fieldNames().forEachRemaining(option -> assertTrue(options.has(option),
                        kamelet + " sets " + option + ", an option the component does not have"));
            }
        }
    }

    @Test
    void theDocumentedCamelRunCommandNamesThisVersion() throws Exception {
        String version = System.getProperty("project.version");
        String adoc = Files.readString(Path.of("src/main/docs/dingtalk-stream-component.adoc"));
        assertTrue(adoc.contains("--dep=io.github.cameldingtalk:camel-dingtalk-stream:" + version),
                "camel run … --dep with " + version);
        assertTrue(adoc.contains("mvn:io.github.cameldingtalk:camel-dingtalk-stream:" + version), "kamel run -d");
    }
}
