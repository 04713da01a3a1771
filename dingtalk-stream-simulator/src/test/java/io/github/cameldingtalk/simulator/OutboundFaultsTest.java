package io.github.cameldingtalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client meets on the outbound side: DingTalk's 20 calls/s per app and API, posts taken and then left
 * without an answer, slow answers, and sessionWebhooks expired by the message's age.
 */
class OutboundFaultsTest {

    private static final String GROUP = "/v1.0/robot/groupMessages/send";
    private static final String SEND = "{\"robotCode\":\"dingapp\",\"openConversationId\":\"cid1\",\"msgKey\":\"sampleText\","
            + "\"msgParam\":\"{\\\"content\\\":\\\"hi\\\"}\"}";

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "s3cret");

    private static String token(DingTalkSimulator sim) throws Exception {
        return TestStreamClient.post(sim, "/v1.0/oauth2/accessToken", "{\"appKey\":\"dingapp\",\"appSecret\":\"s3cret\"}")
                .get("body").get("accessToken").asText();
    }

    @Test
    void theTwentyFirstCallOfOneApiInASecondIsRefusedWithDingTalksQpsCode(DingTalkSimulator sim) throws Exception {
        String token = token(sim);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, SideApiTest.withToken(sim, "POST", GROUP, token, SEND).get("status").asInt());
        }
        JsonNode refused = SideApiTest.withToken(sim, "POST", GROUP, token, SEND);
        assertEquals(403, refused.get("status").asInt());
        assertEquals("Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", refused.get("body").get("code").asText());
        // the limit is per API: another one still answers
        assertEquals(200, SideApiTest.withToken(sim, "POST", "/v1.0/robot/oToMessages/batchSend", token,
                SEND.replace("\"openConversationId\":\"cid1\"", "\"userIds\":[\"u1\"]")).get("status").asInt());
        // and it can be changed or turned off, from Java or over the control API
        sim.limitApiCalls(0);
        assertEquals(200, SideApiTest.withToken(sim, "POST", GROUP, token, SEND).get("status").asInt());
        assertEquals(200, TestStreamClient.post(sim, "/_sim/faults/api-qps-limit", "{\"perSecond\":1}").get("status")
                .asInt());
        assertEquals(200, SideApiTest.withToken(sim, "POST", GROUP, token, SEND).get("status").asInt());
        assertEquals(403, SideApiTest.withToken(sim, "POST", GROUP, token, SEND).get("status").asInt());
    }

    @Test
    void theTokenCallIsRecordedWithoutTheSecret(DingTalkSimulator sim) throws Exception {
        token(sim);
        JsonNode recorded = sim.apiCalls("/v1.0/oauth2/accessToken").get(0).body();
        assertEquals("dingapp", recorded.get("appKey").asText());
        assertEquals("***", recorded.get("appSecret").asText());
        JsonNode served = TestStreamClient.call(sim, new okhttp3.Request.Builder().url(sim.apiUrl() + "/_sim/api-calls")
                .build());
        assertTrue(!served.toString().contains("s3cret"), "the control API never serves the secret");
    }

    @Test
    void theLimitIsOnByDefaultAndAnOption() {
        assertEquals(20, SimulatorOptions.defaults().apiQpsLimit());
        assertEquals(0, SimulatorOptions.defaults().apiQpsLimit(0).apiQpsLimit());
    }

    @Test
    void aPostTakenThenDroppedIsInTheChatButGetsNoAnswer(DingTalkSimulator sim) throws Exception {
        String token = token(sim);
        sim.dropAfterAccepting(GROUP, 1);
        assertThrows(IOException.class, () -> SideApiTest.withToken(sim, "POST", GROUP, token, SEND));
        assertEquals(1, sim.apiCalls(GROUP).size());
        assertEquals(200, sim.apiCalls(GROUP).get(0).status(), "processed: the message is in the group");
        assertEquals(200, SideApiTest.withToken(sim, "POST", GROUP, token, SEND).get("status").asInt(),
                "only the next call is dropped");
    }

    @Test
    void aReplyTakenThenDroppedReachesTheChat(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            sim.pushBotMessage("dingapp", BotMessage.text("hi"));
            String webhook = TestStreamClient.MAPPER.readTree(client.nextApplicationFrame().get("data").asText())
                    .get("sessionWebhook").asText();
            sim.dropAfterAccepting("/robot/sendBySession", 1);
            assertThrows(IOException.class, () -> TestStreamClient.post(sim, webhook.substring(sim.apiUrl().length()),
                    "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}"));
            assertEquals(1, sim.botReplies().size());
        }
    }

    @Test
    void slowApiAnswersAreHeldWhileTheCallerWaits(DingTalkSimulator sim) throws Exception {
        String token = token(sim);
        sim.delayApiCalls(GROUP, Duration.ofSeconds(2));
        java.util.concurrent.CompletableFuture<JsonNode> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return SideApiTest.withToken(sim, "POST", GROUP, token, SEND);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sim.apiCallsHeld() == 1);
        assertTrue(!answer.isDone(), "held");
        assertEquals(200, answer.get(10, java.util.concurrent.TimeUnit.SECONDS).get("status").asInt());
        assertEquals(0, sim.apiCallsHeld());
    }

    @Test
    void aMessageOlderThanItsWebhookLifeCarriesAnExpiredWebhook(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            sim.pushBotMessage("dingapp", BotMessage.text("from before the outage").sentAgo(Duration.ofMinutes(91)));
            JsonNode data = TestStreamClient.MAPPER.readTree(client.nextApplicationFrame().get("data").asText());
            long createAt = data.get("createAt").asLong();
            long expiry = data.get("sessionWebhookExpiredTime").asLong();
            assertTrue(System.currentTimeMillis() - createAt >= Duration.ofMinutes(91).toMillis());
            assertEquals(Duration.ofMinutes(90).toMillis(), expiry - createAt);
            JsonNode answer = TestStreamClient.post(sim, data.get("sessionWebhook").asText().substring(
                    sim.apiUrl().length()), "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}");
            assertEquals(300001, answer.get("body").get("errcode").asInt());
        }
    }

    @Test
    void anExternalUserHasNoStaffId(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            sim.pushBotMessage("dingapp", BotMessage.text("hi").fromExternalUser("Guest"));
            JsonNode data = TestStreamClient.MAPPER.readTree(client.nextApplicationFrame().get("data").asText());
            assertTrue(!data.has("senderStaffId"));
            assertEquals("Guest", data.get("senderNick").asText());
        }
    }
}
