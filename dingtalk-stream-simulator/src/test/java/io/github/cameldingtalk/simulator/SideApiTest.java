package io.github.cameldingtalk.simulator;

import static io.github.cameldingtalk.simulator.TestStreamClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SideApiTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "s3cret");

    @Test
    void sessionWebhookRecordsRepliesAndExpires(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            BotMessage message = BotMessage.text("hi").inGroup("群");
            sim.pushBotMessage("dingapp", message);
            JsonNode data = TestStreamClient.MAPPER.readTree(client.nextApplicationFrame().get("data").asText());
            String webhook = data.get("sessionWebhook").asText();
            String path = webhook.substring(sim.apiUrl().length());

            JsonNode ok = post(sim, path, "{\"msgtype\":\"text\",\"text\":{\"content\":\"你好 😀\"},"
                    + "\"at\":{\"atUserIds\":[\"staff1\"]}}");
            assertEquals(200, ok.get("status").asInt());
            assertEquals(0, ok.get("body").get("errcode").asInt());
            assertEquals("ok", ok.get("body").get("errmsg").asText());
            BotReply reply = sim.botReplies().get(0);
            assertEquals("你好 😀", reply.text());
            assertEquals(message.conversationId(), reply.conversationId());
            assertEquals(message.msgId(), reply.inReplyTo());
            assertEquals("staff1", reply.body().at("/at/atUserIds/0").asText());

            JsonNode markdown = post(sim, path, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":\"**b**\"}}");
            assertEquals(0, markdown.get("body").get("errcode").asInt());
            assertEquals("**b**", sim.botReplies().get(1).text());

            JsonNode bad = post(sim, path, "{\"msgtype\":\"text\"}");
            assertEquals(40035, bad.get("body").get("errcode").asInt());
            JsonNode garbage = post(sim, path, "not json");
            assertEquals(40035, garbage.get("body").get("errcode").asInt());

            sim.expireSessions();
            JsonNode expired = post(sim, path, "{\"msgtype\":\"text\",\"text\":{\"content\":\"late\"}}");
            assertEquals(300001, expired.get("body").get("errcode").asInt());
            assertEquals(300001, post(sim, "/robot/sendBySession?session=unknown",
                    "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}").get("body").get("errcode").asInt());
        }
    }

    @Test
    void sessionWebhookFaultsFailTheNextPostsAndReachNoChat(DingTalkSimulator sim) throws Exception {
        try (TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            sim.pushBotMessage("dingapp", BotMessage.text("hi"));
            String webhook = TestStreamClient.MAPPER.readTree(client.nextApplicationFrame().get("data").asText())
                    .get("sessionWebhook").asText();
            String path = webhook.substring(sim.apiUrl().length());
            String text = "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}";

            sim.failNextReplies(1, 503);
            assertEquals(503, post(sim, path, text).get("status").asInt());
            sim.failNextRepliesWithErrcode(1, 90018, "qps limit");
            JsonNode throttled = post(sim, path, text);
            assertEquals(200, throttled.get("status").asInt());
            assertEquals(90018, throttled.get("body").get("errcode").asInt());
            assertEquals(0, sim.botReplies().size(), "failed posts never reach the chat");
            assertEquals(0, post(sim, path, text).get("body").get("errcode").asInt());
            assertEquals(1, sim.botReplies().size());
            assertEquals(3, sim.apiCalls("/robot/sendBySession").size());

            JsonNode viaControl = post(sim, "/_sim/faults/fail-replies", "{\"count\":1,\"errcode\":90002,\"errmsg\":\"busy\"}");
            assertEquals(200, viaControl.get("status").asInt());
            assertEquals(90002, post(sim, path, text).get("body").get("errcode").asInt());

            sim.delayReplies(Duration.ofMillis(300));
            long started = System.nanoTime();
            post(sim, path, text);
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(300).toNanos(), "answered after the delay");
            sim.delayReplies(Duration.ZERO);
        }
    }

    @Test
    void sessionWebhooksExpireAfterTheirTtl() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults().sessionWebhookTtl(Duration.ofSeconds(-1)))
                .registerApp("dingapp", "s3cret");
                TestStreamClient client = TestStreamClient.connect(sim, "dingapp", "s3cret")) {
            sim.pushBotMessage("dingapp", BotMessage.text("hi"));
            String webhook = TestStreamClient.MAPPER.readTree(client.nextApplicationFrame().get("data").asText())
                    .get("sessionWebhook").asText();
            assertEquals(300001, post(sim, webhook.substring(sim.apiUrl().length()),
                    "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}").get("body").get("errcode").asInt());
        }
    }

    @Test
    void accessTokenGuardsTheOpenApi(DingTalkSimulator sim) throws Exception {
        JsonNode refused = post(sim, "/v1.0/oauth2/accessToken", "{\"appKey\":\"dingapp\",\"appSecret\":\"nope\"}");
        assertEquals(400, refused.get("status").asInt());
        assertEquals("invalidClientIdOrSecret", refused.get("body").get("code").asText());
        assertEquals(400, post(sim, "/v1.0/oauth2/accessToken", "appKey=dingapp").get("status").asInt());

        JsonNode token = post(sim, "/v1.0/oauth2/accessToken", "{\"appKey\":\"dingapp\",\"appSecret\":\"s3cret\"}");
        assertEquals(200, token.get("status").asInt());
        assertEquals(7200, token.get("body").get("expireIn").asInt());
        String accessToken = token.get("body").get("accessToken").asText();
        JsonNode again = post(sim, "/v1.0/oauth2/accessToken", "{\"appKey\":\"dingapp\",\"appSecret\":\"s3cret\"}");
        assertEquals(accessToken, again.get("body").get("accessToken").asText(), "the same token while it is valid");

        String group = "{\"robotCode\":\"dingapp\",\"openConversationId\":\"cid1\",\"msgKey\":\"sampleText\","
                + "\"msgParam\":\"{\\\"content\\\":\\\"hi\\\"}\"}";
        // DingTalk answers a missing or unknown token with 400 InvalidAuthentication (not 401)
        JsonNode noToken = withToken(sim, "POST", "/v1.0/robot/groupMessages/send", null, group);
        assertEquals(400, noToken.get("status").asInt());
        assertEquals("InvalidAuthentication", noToken.get("body").get("code").asText());
        assertEquals(400, withToken(sim, "POST", "/v1.0/robot/groupMessages/send", "bad", group).get("status").asInt());
        JsonNode sent = withToken(sim, "POST", "/v1.0/robot/groupMessages/send", accessToken, group);
        assertEquals(200, sent.get("status").asInt());
        assertNotNull(sent.get("body").get("processQueryKey"));

        JsonNode batch = withToken(sim, "POST", "/v1.0/robot/oToMessages/batchSend", accessToken,
                "{\"robotCode\":\"dingapp\",\"userIds\":[\"staff1\"],\"msgKey\":\"sampleMarkdown\","
                        + "\"msgParam\":\"{\\\"title\\\":\\\"t\\\",\\\"text\\\":\\\"x\\\"}\"}");
        assertEquals(200, batch.get("status").asInt());
        assertTrue(batch.get("body").get("invalidStaffIdList").isArray());

        JsonNode missing = withToken(sim, "POST", "/v1.0/robot/oToMessages/batchSend", accessToken,
                "{\"robotCode\":\"dingapp\",\"userIds\":[],\"msgKey\":\"sampleText\",\"msgParam\":\"{}\"}");
        assertEquals(400, missing.get("status").asInt());
        assertTrue(missing.get("body").get("message").asText().contains("userIds"));
        JsonNode notString = withToken(sim, "POST", "/v1.0/robot/groupMessages/send", accessToken,
                "{\"robotCode\":\"dingapp\",\"openConversationId\":\"c\",\"msgKey\":\"k\",\"msgParam\":{}}");
        assertEquals(400, notString.get("status").asInt());

        sim.failNextApiCalls("/v1.0/robot/groupMessages/send", 1, 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        JsonNode throttled = withToken(sim, "POST", "/v1.0/robot/groupMessages/send", accessToken, group);
        assertEquals(403, throttled.get("status").asInt());
        assertEquals("Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", throttled.get("body").get("code").asText());
        assertEquals(200, withToken(sim, "POST", "/v1.0/robot/groupMessages/send", accessToken, group).get("status")
                .asInt(), "one failure only");

        sim.expireAccessTokens();
        assertEquals(400, withToken(sim, "POST", "/v1.0/robot/groupMessages/send", accessToken, group).get("status").asInt());
        sim.answerInvalidTokensWith(401);
        assertEquals(401, withToken(sim, "POST", "/v1.0/robot/groupMessages/send", accessToken, group).get("status").asInt());
        JsonNode renewed = post(sim, "/v1.0/oauth2/accessToken", "{\"appKey\":\"dingapp\",\"appSecret\":\"s3cret\"}");
        assertTrue(!accessToken.equals(renewed.get("body").get("accessToken").asText()), "a new token after expiry");

        assertEquals(8, sim.apiCalls("/v1.0/robot/groupMessages/send").size());
        assertEquals(accessToken, sim.apiCalls("/v1.0/robot/groupMessages/send").get(2).accessToken());
    }

    @Test
    void filesCanBeDownloaded(DingTalkSimulator sim) throws Exception {
        String token = token(sim);
        JsonNode answer = withToken(sim, "POST", "/v1.0/robot/messageFiles/download", token,
                "{\"robotCode\":\"dingapp\",\"downloadCode\":\"code/1+2\"}");
        String url = answer.get("body").get("downloadUrl").asText();
        try (Response file = TestStreamClient.http(sim).newCall(new Request.Builder().url(url).build()).execute()) {
            assertEquals(200, file.code());
            assertTrue(file.body().string().contains("code/1+2"));
        }
    }

    @Test
    void cardInstancesAreCreatedDeliveredUpdatedAndStreamed(DingTalkSimulator sim) throws Exception {
        String token = token(sim);
        assertEquals(400, withToken(sim, "PUT", "/v1.0/card/instances", token,
                "{\"outTrackId\":\"none\",\"cardData\":{\"cardParamMap\":{}}}").get("status").asInt());
        JsonNode created = withToken(sim, "POST", "/v1.0/card/instances", token,
                "{\"cardTemplateId\":\"tpl.schema\",\"outTrackId\":\"card-1\",\"callbackType\":\"STREAM\","
                        + "\"cardData\":{\"cardParamMap\":{\"status\":\"new\",\"title\":\"请假\"}}}");
        assertEquals("card-1", created.get("body").get("result").asText());
        JsonNode delivered = withToken(sim, "POST", "/v1.0/card/instances/deliver", token,
                "{\"outTrackId\":\"card-1\",\"userIdType\":1,\"openSpaceId\":\"dtv1.card//IM_GROUP.cid1\"}");
        assertTrue(delivered.get("body").get("success").asBoolean());
        withToken(sim, "PUT", "/v1.0/card/instances", token,
                "{\"outTrackId\":\"card-1\",\"cardData\":{\"cardParamMap\":{\"status\":\"已同意\"}}}");
        withToken(sim, "PUT", "/v1.0/card/streaming", token,
                "{\"outTrackId\":\"card-1\",\"guid\":\"g1\",\"key\":\"msgContent\",\"content\":\"partial\",\"isFull\":true}");
        JsonNode data = sim.cardData("card-1").orElseThrow();
        assertEquals("已同意", data.get("status").asText());
        assertEquals("请假", data.get("title").asText());
        assertEquals("partial", data.get("msgContent").asText());
        withToken(sim, "PUT", "/v1.0/card/streaming", token,
                "{\"outTrackId\":\"card-1\",\"guid\":\"g1\",\"key\":\"msgContent\",\"content\":\"partial\",\"isFull\":true}");
        withToken(sim, "PUT", "/v1.0/card/streaming", token, "{\"outTrackId\":\"card-1\",\"guid\":\"g2\","
                + "\"key\":\"msgContent\",\"content\":\" and more\",\"isFinalize\":true}");
        assertEquals(List.of("g1", "g2"), sim.cardStream("card-1").stream().map(CardStreamFrame::guid).toList(),
                "a repeated guid is applied once");
        assertEquals("partial and more", sim.cardData("card-1").orElseThrow().get("msgContent").asText());
        assertEquals("FINISHED", sim.cardState("card-1").orElseThrow());
        assertEquals(400, withToken(sim, "PUT", "/v1.0/card/streaming", token, "{\"outTrackId\":\"card-1\","
                + "\"guid\":\"g3\",\"key\":\"msgContent\",\"content\":\"late\"}").get("status").asInt());

        JsonNode robotWithoutModel = withToken(sim, "POST", "/v1.0/card/instances/createAndDeliver", token,
                "{\"cardTemplateId\":\"t\",\"outTrackId\":\"card-2\",\"openSpaceId\":\"dtv1.card//IM_ROBOT.staff1\"}");
        assertEquals("param.spaceDeliverModelEmpty", robotWithoutModel.get("body").get("code").asText());
        assertEquals(200, withToken(sim, "POST", "/v1.0/card/instances/createAndDeliver", token,
                "{\"cardTemplateId\":\"t\",\"outTrackId\":\"card-2\",\"openSpaceId\":\"dtv1.card//IM_ROBOT.staff1\","
                        + "\"imRobotOpenDeliverModel\":{\"spaceType\":\"IM_ROBOT\"}}").get("status").asInt());
        assertEquals("PROCESSING", sim.cardState("card-2").orElseThrow());
        assertEquals(200, withToken(sim, "POST", "/v1.0/im/v1.0/robot/interactiveCards/send", token,
                "{\"cardTemplateId\":\"StandardCard\",\"cardBizId\":\"b1\",\"robotCode\":\"dingapp\",\"cardData\":\"{}\"}")
                .get("status").asInt());
        assertEquals(200, withToken(sim, "PUT", "/v1.0/im/robots/interactiveCards", token,
                "{\"cardBizId\":\"b1\",\"cardData\":\"{}\"}").get("status").asInt());
        assertEquals(405, withToken(sim, "GET", "/v1.0/card/streaming", token, null).get("status").asInt());
        assertEquals(404, withToken(sim, "POST", "/v1.0/nothing/here", token, "{}").get("status").asInt());
    }

    private static String token(DingTalkSimulator sim) throws Exception {
        return post(sim, "/v1.0/oauth2/accessToken", "{\"appKey\":\"dingapp\",\"appSecret\":\"s3cret\"}")
                .get("body").get("accessToken").asText();
    }

    static JsonNode withToken(DingTalkSimulator sim, String method, String path, String token, String body)
            throws Exception {
        Request.Builder request = new Request.Builder().url(sim.apiUrl() + path)
                .method(method, body == null ? null : RequestBody.create(body, TestStreamClient.JSON));
        if (token != null) {
            request.header("x-acs-dingtalk-access-token", token);
        }
        return TestStreamClient.call(sim, request.build());
    }
}
