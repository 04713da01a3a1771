package io.github.cameldingtalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The browser console's server side: its files with a strict policy, and the live feed of what happens. */
class ConsoleTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingconsole", "console-secret");

    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theConsoleIsServedWithAStrictContentSecurityPolicy(DingTalkSimulator sim) throws Exception {
        try (Response page = HTTP.newCall(new Request.Builder().url(sim.consoleUrl()).build()).execute()) {
            assertEquals(200, page.code());
            assertTrue(page.body().string().contains("/console/app.js"));
            assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
        }
        try (Response script = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/console/app.js").build())
                .execute()) {
            assertTrue(script.header("Content-Type").startsWith("text/javascript"));
        }
        try (Response escape = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/console/..%2F..%2FDingTalkSimulator.class")
                .build()).execute()) {
            assertEquals(404, escape.code());
        }
    }

    @Test
    void theFeedStreamsUserMessagesAndWhatTheBotSaysWithoutWebhookUrls(DingTalkSimulator sim) throws Exception {
        sim.pushBotMessage("dingconsole", BotMessage.text("hello feed").inGroup("team"));
        String stored = sim.storeUserFile("photo.png", new byte[] {1, 2, 3});
        try (Response feed = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/_sim/feed")
                .header("X-Sim-Token", sim.controlToken()).build()).execute()) {
            assertTrue(feed.header("Content-Type").startsWith("text/event-stream"));
            BufferedReader lines = new BufferedReader(new InputStreamReader(feed.body().byteStream(),
                    StandardCharsets.UTF_8));
            String data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    data = line;
                    break;
                }
            }
            assertTrue(data != null && data.contains("\"type\":\"message\"") && data.contains("hello feed"), data);
            assertTrue(!data.contains("sendBySession"), "no sessionWebhook in the feed");
        }
        try (Response file = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/files/" + stored).build())
                .execute()) {
            assertEquals("image/png", file.header("Content-Type"));
            assertEquals("nosniff", file.header("X-Content-Type-Options"));
            assertTrue(file.header("Content-Disposition").startsWith("attachment; filename=\"photo.png\""),
                    file.header("Content-Disposition"));
            assertEquals(3, file.body().bytes().length);
        }
    }

    @Test
    void aFileTheBotUploadedOpensAsADownloadNeverAsAPage(DingTalkSimulator sim) throws Exception {
        String token;
        try (Response answer = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/v1.0/oauth2/accessToken")
                .post(okhttp3.RequestBody.create("{\"appKey\":\"dingconsole\",\"appSecret\":\"console-secret\"}",
                        okhttp3.MediaType.get("application/json"))).build()).execute()) {
            token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body().string())
                    .get("accessToken").asText();
        }
        okhttp3.MultipartBody upload = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
                .addFormDataPart("media", "report.html", okhttp3.RequestBody.create("<script>alert(1)</script>",
                        okhttp3.MediaType.get("text/html"))).build();
        String mediaId;
        try (Response answer = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/media/upload?access_token="
                + token + "&type=file").post(upload).build()).execute()) {
            mediaId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body().string())
                    .get("media_id").asText();
        }
        try (Response file = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/files/media/"
                + java.net.URLEncoder.encode(mediaId, StandardCharsets.UTF_8)).build()).execute()) {
            assertEquals(200, file.code());
            assertEquals("nosniff", file.header("X-Content-Type-Options"));
            assertTrue(file.header("Content-Disposition").startsWith("attachment; filename=\"report.html\""),
                    file.header("Content-Disposition"));
            assertEquals("<script>alert(1)</script>", file.body().string());
        }
        try (Response unknown = HTTP.newCall(new Request.Builder().url(sim.apiUrl() + "/files/media/nope").build())
                .execute()) {
            assertEquals(404, unknown.code());
        }
    }
}
