package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.simulator.ApiCall;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import io.github.cameldingtalk.stream.model.DingTalkSendResult;
import io.github.cameldingtalk.stream.model.Json;
import io.github.cameldingtalk.stream.openapi.DingTalkApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** The producer: robot messages, recall and file download through the OpenAPI, on the simulator. */
class ProducerTest extends DingTalkStreamTestSupport {

    private static final String BATCH = "/v1.0/robot/oToMessages/batchSend";
    private static final String GROUP = "/v1.0/robot/groupMessages/send";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to(producer("apiRateLimit=0"));
                // another app: the rate limit belongs to the app (and its API), not to one endpoint
                from("direct:paced").to("dingtalk-stream:bot?clientId=dingpaced&clientSecret=paced-secret&apiUrl="
                        + sim().apiUrl() + "&apiRateLimit=20");
                from("direct:recall").to(producer("operation=recallMessage"));
                // a bot that says "thinking…" in the conversation itself, then answers
                from(uri("bot")).routeId("bot")
                        .choice()
                            .when(simple("${body.msgtype} == 'picture'"))
                                .to(producer("operation=downloadFile"))
                                .process(e -> e.getMessage().setBody("got " + e.getMessage().getBody(byte[].class).length
                                        + " bytes"))
                            .otherwise()
                                .setBody(constant("thinking…"))
                                .to(producer(null))
                                .setBody(simple("done (${header.CamelDingTalkStreamProcessQueryKey.length} chars key)"))
                        .end();
            }
        };
    }

    private String producer(String extra) {
        return "dingtalk-stream:bot?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET + ")&apiUrl="
                + sim().apiUrl() + "&apiMaxAttempts=3" + (extra == null ? "" : "&" + extra);
    }

    private static JsonNode param(ApiCall call) {
        return Json.parseNested(call.body().get("msgParam").asText());
    }

    private static List<DingTalkMessage> everyType() {
        return List.of(DingTalkMessage.text("hi"), DingTalkMessage.markdown("T", "**b**"),
                DingTalkMessage.image("https://x/p.png"), DingTalkMessage.link("T", "t", "https://x", null),
                DingTalkMessage.actionCard("T", "t").singleButton("Open", "https://x"),
                DingTalkMessage.actionCard("T", "t").button("Yes", "dtmd://y").button("No", "dtmd://n"),
                DingTalkMessage.file("@media1", "a.pdf", "pdf"), DingTalkMessage.audio("@media2", 3000),
                DingTalkMessage.video("@media3", 12, "@cover"));
    }

    @Test
    void everyMessageTypeGoesOneToOneAndToAGroupWithItsMsgKey() {
        List<String> keys = List.of("sampleText", "sampleMarkdown", "sampleImageMsg", "sampleLink", "sampleActionCard",
                "sampleActionCard2", "sampleFile", "sampleAudio", "sampleVideo");
        for (DingTalkMessage message : everyType()) {
            DingTalkSendResult toUsers = template.requestBody("direct:send", message.toUsers("u1", "u2"),
                    DingTalkSendResult.class);
            assertTrue(toUsers.processQueryKey() != null && toUsers.isDeliveredToAll());
        }
        for (DingTalkMessage message : everyType()) {
            DingTalkSendResult toGroup = template.requestBody("direct:send", message.toConversation("cidTeam=="),
                    DingTalkSendResult.class);
            assertEquals("cidTeam==", toGroup.openConversationId());
        }
        List<ApiCall> oneToOne = sim().apiCalls(BATCH);
        List<ApiCall> group = sim().apiCalls(GROUP);
        assertEquals(keys, oneToOne.stream().map(c -> c.body().get("msgKey").asText()).toList());
        assertEquals(keys, group.stream().map(c -> c.body().get("msgKey").asText()).toList());
        assertEquals(List.of("u1", "u2"), Json.MAPPER.convertValue(oneToOne.get(0).body().get("userIds"), List.class));
        assertEquals(CLIENT_ID, oneToOne.get(0).body().get("robotCode").asText());
        assertEquals("hi", param(oneToOne.get(0)).get("content").asText());
        assertEquals("Open", param(oneToOne.get(4)).get("singleTitle").asText());
        assertEquals("dtmd://n", param(oneToOne.get(5)).get("actionURL2").asText());
        assertEquals("3000", param(oneToOne.get(7)).get("duration").asText());
        assertEquals("@cover", param(group.get(8)).get("picMediaId").asText());
    }

    @Test
    void aStringGoesToTheRecipientsOfTheHeadersAndTheResultIsOnTheExchange() {
        Exchange sent = template.request("direct:send", e -> {
            e.getMessage().setBody("deploy done");
            e.getMessage().setHeader(DingTalkStreamConstants.USER_IDS, "u1, u2");
        });
        assertEquals(List.of("u1", "u2"), sent.getMessage().getBody(DingTalkSendResult.class).userIds());
        assertTrue(sent.getMessage().getHeader(DingTalkStreamConstants.PROCESS_QUERY_KEY, String.class).length() > 0);
        assertEquals("sampleText", sim().apiCalls(BATCH).get(0).body().get("msgKey").asText());
        CamelExecutionException none = org.junit.jupiter.api.Assertions.assertThrows(CamelExecutionException.class,
                () -> template.requestBody("direct:send", "to nobody"));
        assertTrue(none.getCause().getMessage().contains("No recipient"), none.getCause().getMessage());
    }

    @Test
    void unknownAndFlowControlledUsersAreReportedOnTheExchange() {
        sim().treatStaffAsInvalid("ghost");
        sim().treatStaffAsFlowControlled("busy");
        Exchange sent = template.request("direct:send", e -> e.getMessage().setBody(
                DingTalkMessage.text("hi all").toUsers("u1", "ghost", "busy")));
        DingTalkSendResult result = sent.getMessage().getBody(DingTalkSendResult.class);
        assertEquals(List.of("ghost"), result.invalidStaffIds());
        assertEquals(List.of("busy"), result.flowControlledStaffIds());
        assertFalse(result.isDeliveredToAll());
        assertEquals(List.of("ghost"), sent.getMessage().getHeader(DingTalkStreamConstants.INVALID_STAFF_IDS));
        assertEquals(List.of("busy"), sent.getMessage().getHeader(DingTalkStreamConstants.FLOW_CONTROLLED_STAFF_IDS));
    }

    @Test
    void oneTokenServesAHundredConcurrentSendsAndAnInvalidTokenIsRefreshedOnce() {
        // the client-side limit is off on direct:send; so is DingTalk's here, to see a hundred calls share one token
        sim().limitApiCalls(0);
        List<CompletableFuture<Object>> sends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sends.add(template.asyncRequestBody("direct:send", DingTalkMessage.text("n" + i).toUsers("u1")));
        }
        sends.forEach(CompletableFuture::join);
        assertEquals(1, sim().apiCalls("/v1.0/oauth2/accessToken").size(), "one token for all");
        assertEquals(100, sim().apiCalls(BATCH).size());

        sim().expireAccessTokens();
        template.requestBody("direct:send", DingTalkMessage.text("after expiry").toUsers("u1"));
        assertEquals(2, sim().apiCalls("/v1.0/oauth2/accessToken").size(), "refreshed once");
        List<ApiCall> last = sim().apiCalls(BATCH).subList(100, 102);
        assertEquals(List.of(400, 200), last.stream().map(ApiCall::status).toList(), "refused, then sent once");
        sim().answerInvalidTokensWith(401);
        sim().expireAccessTokens();
        template.requestBody("direct:send", DingTalkMessage.text("after 401").toUsers("u1"));
        assertEquals(3, sim().apiCalls("/v1.0/oauth2/accessToken").size());
        for (ApiCall call : sim().apiCalls(BATCH)) {
            assertEquals(List.of(), CapturedLogs.linesContaining(call.accessToken()), "access tokens are never logged");
        }
    }

    @Test
    void throttlingAndServerErrorsAreRetriedAndTheMessageGoesOutOnce() {
        sim().failNextApiCalls(GROUP, 1, 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        template.requestBody("direct:send", DingTalkMessage.text("a").toConversation("cid1"));
        sim().failNextApiCalls(GROUP, 1, 429, "Throttling");
        template.requestBody("direct:send", DingTalkMessage.text("b").toConversation("cid1"));
        sim().failNextApiCalls(GROUP, 2, 500, "system.busy");
        template.requestBody("direct:send", DingTalkMessage.text("c").toConversation("cid1"));
        List<Integer> statuses = sim().apiCalls(GROUP).stream().map(ApiCall::status).toList();
        assertEquals(List.of(403, 200, 429, 200, 500, 500, 200), statuses);
    }

    @Test
    void aPermissionErrorFailsAtOnceWithDingTalksCode() {
        sim().failNextApiCalls(GROUP, 1, 403, "Forbidden.AccessDenied.AccessTokenPermissionDenied");
        CamelExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(CamelExecutionException.class,
                () -> template.requestBody("direct:send", DingTalkMessage.text("x").toConversation("cid1")));
        DingTalkApiException refused = assertInstanceOf(DingTalkApiException.class, e.getCause());
        assertEquals(403, refused.getStatusCode());
        assertEquals("Forbidden.AccessDenied.AccessTokenPermissionDenied", refused.getCode());
        assertTrue(refused.getRequestId() != null && refused.getMessage().contains(refused.getRequestId()));
        assertEquals(1, sim().apiCalls(GROUP).size(), "not retried");
    }

    @Test
    void sendsArePacedByTheRateLimitInsteadOfRefused() {
        sim().registerApp("dingpaced", "paced-secret");
        List<CompletableFuture<Object>> sends = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sends.add(template.asyncRequestBody("direct:paced", DingTalkMessage.text("n" + i).toUsers("u1")));
        }
        sends.forEach(CompletableFuture::join);
        List<ApiCall> calls = sim().apiCalls(BATCH);
        assertEquals(30, calls.size());
        Duration spread = Duration.between(calls.get(0).at(), calls.get(29).at());
        assertTrue(spread.toMillis() >= 1300, "29 intervals at 20 calls/s, was " + spread);
    }

    @Test
    void aSentMessageCanBeRecalled() {
        DingTalkSendResult sent = template.requestBody("direct:send", DingTalkMessage.text("oops").toConversation("cid1"),
                DingTalkSendResult.class);
        template.requestBody("direct:recall", sent);
        assertTrue(sim().isRecalled(sent.processQueryKey()));
        assertEquals(1, sim().apiCalls("/v1.0/robot/groupMessages/recall").size());
        CamelExecutionException again = org.junit.jupiter.api.Assertions.assertThrows(CamelExecutionException.class,
                () -> template.requestBody("direct:recall", sent));
        assertTrue(again.getCause().getMessage().contains("already recalled"), again.getCause().getMessage());

        DingTalkSendResult oneToOne = template.requestBody("direct:send", DingTalkMessage.text("oops").toUsers("u1"),
                DingTalkSendResult.class);
        template.requestBody("direct:recall", oneToOne.processQueryKey());
        assertTrue(sim().isRecalled(oneToOne.processQueryKey()));
        assertEquals(1, sim().apiCalls("/v1.0/robot/otoMessages/batchRecall").size());
    }

    @Test
    void aBotRouteTalksToItsOwnConversationAndDownloadsWhatUsersSend() throws Exception {
        awaitConnections(1);
        BotMessage inGroup = BotMessage.text("hello").inGroup("team");
        sim().pushBotMessage(CLIENT_ID, inGroup).awaitAck(TIMEOUT);
        BotMessage oneToOne = BotMessage.text("hi").from("staff42", "李四");
        sim().pushBotMessage(CLIENT_ID, oneToOne).awaitAck(TIMEOUT);
        ApiCall toGroup = sim().apiCalls(GROUP).get(0);
        assertEquals(inGroup.conversationId(), toGroup.body().get("openConversationId").asText());
        assertEquals("thinking…", param(toGroup).get("content").asText());
        assertEquals("staff42", sim().apiCalls(BATCH).get(0).body().get("userIds").get(0).asText());
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 2);
        assertTrue(sim().botReplies().stream().allMatch(r -> r.text().startsWith("done (36 chars key)")),
                sim().botReplies().toString());

        BotMessage picture = BotMessage.picture();
        sim().pushBotMessage(CLIENT_ID, picture).awaitAck(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> sim().botReplies().size() == 3);
        String downloadCode = sim().apiCalls("/v1.0/robot/messageFiles/download").get(0).body().get("downloadCode")
                .asText();
        assertEquals("got " + DingTalkSimulator.fileContent(downloadCode).length + " bytes", sim().botReplies().get(2)
                .text());
    }

    @Test
    void downloadGivesTheBytesTheContentTypeAndTheFileName() {
        Exchange downloaded = template.request("direct:send", e -> {
            e.getMessage().setHeader(DingTalkStreamConstants.OPERATION, "downloadFile");
            e.getMessage().setHeader(DingTalkStreamConstants.DOWNLOAD_CODE, "code-xyz");
        });
        assertArrayEquals(DingTalkSimulator.fileContent("code-xyz"), downloaded.getMessage().getBody(byte[].class));
        assertEquals("application/octet-stream", downloaded.getMessage().getHeader(Exchange.CONTENT_TYPE));
    }
}
