package io.github.cameldingtalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class GatewayTest {

    @Test
    void acceptsATicketOnceAndGivesEachConnectionAnId() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start().registerApp("dingapp", "s3cret")) {
            JsonNode answer = TestStreamClient.open(sim, "dingapp", "s3cret").get("body");
            String endpoint = answer.get("endpoint").asText();
            String ticket = answer.get("ticket").asText();
            try (TestStreamClient first = TestStreamClient.connectWithTicket(sim, endpoint, ticket);
                    TestStreamClient second = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
                assertNotEquals(first.connectionId, second.connectionId);
                assertEquals(2, sim.liveConnections("dingapp").size());

                assertHandshakeRefused(sim, endpoint + "?ticket=" + ticket, 401, "already used");
                assertHandshakeRefused(sim, endpoint + "?ticket=nope", 401, "unknown");
                assertHandshakeRefused(sim, endpoint, 401, "missing");
            }
        }
    }

    @Test
    void refusesExpiredTickets() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults().ticketTtl(Duration.ofSeconds(-1)))
                .registerApp("dingapp", "s3cret")) {
            JsonNode answer = TestStreamClient.open(sim, "dingapp", "s3cret").get("body");
            assertHandshakeRefused(sim, answer.get("endpoint").asText() + "?ticket=" + answer.get("ticket").asText(),
                    401, "expired");
        }
    }

    @Test
    void answersPlainHttpOnTheGatewayWithAClearError() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start()) {
            String url = sim.gatewayUrl().replace("ws://", "http://");
            try (Response response = TestStreamClient.http(sim).newCall(new Request.Builder().url(url).build()).execute()) {
                assertEquals(400, response.code());
                assertTrue(response.body().string().contains("WebSocket"));
            }
            try (Response response = TestStreamClient.http(sim).newCall(
                    new Request.Builder().url(url.replace("/connect", "/other")).build()).execute()) {
                assertEquals(404, response.code());
            }
        }
    }

    @Test
    void servesWssWithAGeneratedCertificate() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults().tls(true))
                .registerApp("dingapp", "s3cret")) {
            assertTrue(sim.gatewayUrl().startsWith("wss://127.0.0.1:"));
            try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
                Delivery delivery = sim.pushBotMessage("dingapp", BotMessage.text("over TLS"));
                JsonNode frame = client.nextApplicationFrame();
                client.ack(frame, 200, "{\"response\":null}");
                assertEquals(200, delivery.awaitAck(Duration.ofSeconds(5)).code());
            }
            assertTrue(sim.tls().certificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
        }
    }

    @Test
    void slowHandshakesAreAnsweredLate() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start().registerApp("dingapp", "s3cret")) {
            sim.slowDownHandshakes(1, Duration.ofSeconds(3));
            JsonNode answer = TestStreamClient.open(sim, "dingapp", "s3cret").get("body");
            okhttp3.OkHttpClient impatient = TestStreamClient.http(sim).newBuilder()
                    .readTimeout(Duration.ofMillis(500)).build();
            java.util.concurrent.CompletableFuture<Throwable> failed = new java.util.concurrent.CompletableFuture<>();
            impatient.newWebSocket(new Request.Builder()
                    .url(answer.get("endpoint").asText() + "?ticket=" + answer.get("ticket").asText()).build(),
                    new okhttp3.WebSocketListener() {
                        @Override
                        public void onFailure(okhttp3.WebSocket ws, Throwable t, Response response) {
                            failed.complete(t);
                        }
                    });
            assertTrue(failed.get(5, java.util.concurrent.TimeUnit.SECONDS) instanceof java.io.IOException);
            // the next handshake is fast again
            try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
                assertEquals(1, sim.liveConnections("dingapp").size());
            }
        }
    }

    private static void assertHandshakeRefused(DingTalkSimulator sim, String url, int status, String why) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> TestStreamClient.connectWithTicket(sim, url.substring(0, url.indexOf('?') < 0 ? url.length()
                        : url.indexOf('?')), url.indexOf("ticket=") < 0 ? "" : url.substring(url.indexOf("ticket=") + 7)));
        assertTrue(String.valueOf(e.getCause().getMessage()).contains(String.valueOf(status)),
                why + ": " + e.getCause());
    }
}
