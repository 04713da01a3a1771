package io.github.cameldingtalk.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as a user starts it ({@code java -jar …-app.jar --tls}): it comes up, writes its certificate,
 * and a client trusting that certificate connects over wss, gets a pushed bot message and acks it.
 */
class PackagedJarIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MediaType JSON = MediaType.get("application/json");

    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroy();
        }
    }

    @Test
    void theAppJarRunsWithTlsAndServesAWssClient() throws Exception {
        String jar = System.getProperty("simulator.app.jar");
        assertTrue(jar != null && Files.exists(Path.of(jar)), "the packaged jar " + jar);
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "--tls", "--port", "0", "--app", "dingjar:jar-secret").redirectErrorStream(true).start();
        Map<String, String> printed = readBanner(process);
        String apiUrl = printed.get("open API (use as apiUrl)");
        String pem = printed.get("TLS certificate (PEM)");
        assertNotNull(apiUrl, "banner: " + printed);
        assertNotNull(pem, "banner: " + printed);
        assertTrue(printed.get("WebSocket gateway").startsWith("wss://"));
        String console = printed.get("browser console");
        assertNotNull(console, "banner: " + printed);
        token = printed.get("control token").split(" ")[0];
        assertTrue(console.endsWith("#token=" + token), console);

        X509Certificate certificate = Certificates.decodeCertificatePem(Files.readString(Path.of(pem)));
        HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(certificate).build();
        OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .build();
        JsonNode granted = post(http, apiUrl + "/v1.0/gateway/connections/open", "{\"clientId\":\"dingjar\","
                + "\"clientSecret\":\"jar-secret\",\"subscriptions\":[{\"type\":\"CALLBACK\",\"topic\":"
                + "\"/v1.0/im/bot/messages/get\"}]}");
        try (Response page = http.newCall(new Request.Builder().url(console).build()).execute()) {
            assertEquals(200, page.code(), "the console ships in the jar");
            assertTrue(page.body().string().contains("/console/app.js"));
        }
        try (TestStreamClient client = TestStreamClient.connectTo(http, granted.get("endpoint").asText() + "?ticket="
                + granted.get("ticket").asText())) {
            post(http, apiUrl + "/_sim/push/bot", "{\"clientId\":\"dingjar\",\"text\":\"from the jar\"}");
            JsonNode frame = client.nextApplicationFrame();
            assertTrue(frame.get("data").asText().contains("from the jar"));
            client.ack(frame, 200, "{\"response\":null}");
            String messageId = frame.get("headers").get("messageId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> get(http, apiUrl + "/_sim/acks").size() == 1);
            assertEquals(messageId, get(http, apiUrl + "/_sim/acks").get(0).get("messageId").asText());
        }
    }

    /** Reads the lines printed at start-up ({@code "  label: value"}) until the simulator says how to stop it. */
    private static Map<String, String> readBanner(Process process) throws Exception {
        Map<String, String> printed = new HashMap<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder all = new StringBuilder();
        for (String line = out.readLine(); line != null && !line.startsWith("Ctrl-C"); line = out.readLine()) {
            all.append(line).append('\n');
            int colon = line.indexOf(": ");
            if (line.startsWith("  ") && colon > 0) {
                printed.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
            }
        }
        assertTrue(process.isAlive(), "the jar exited:\n" + all);
        return printed;
    }

    /** The control API's token the jar printed. */
    private static String token = "";

    private static JsonNode post(OkHttpClient http, String url, String json) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(url).header("X-Sim-Token", token)
                .post(RequestBody.create(json, JSON)).build()).execute()) {
            assertEquals(200, response.code(), url);
            return MAPPER.readTree(response.body().string());
        }
    }

    private static JsonNode get(OkHttpClient http, String url) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(url).header("X-Sim-Token", token).build())
                .execute()) {
            return MAPPER.readTree(response.body().string());
        }
    }
}
