package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.ApiCall;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.UploadedMedia;
import io.github.cameldingtalk.stream.model.DingTalkMediaResult;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import io.github.cameldingtalk.stream.model.Json;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Media upload: a route makes a file and replies with it. */
class MediaUploadTest extends DingTalkStreamTestSupport {

    private static final byte[] REPORT = "%PDF-1.4 the weekly report".getBytes(StandardCharsets.UTF_8);

    private String producer(String extra) {
        return "dingtalk-stream:bot?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET + ")&apiUrl="
                + sim().apiUrl() + "&oapiUrl=" + sim().apiUrl() + "&apiRateLimit=0&" + extra;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:upload").to(producer("operation=uploadMedia"));
                from(uri("bot")).routeId("reports")
                        .setBody(constant(REPORT))
                        .setHeader(Exchange.FILE_NAME, constant("report.pdf"))
                        .to(producer("operation=uploadMedia"))
                        .setBody(e -> DingTalkMessage.file(e.getMessage().getBody(DingTalkMediaResult.class).mediaId(),
                                "report.pdf", "pdf"))
                        .to(producer("operation=sendMessage"));
            }
        };
    }

    @Test
    void aRouteUploadsAFileAndSendsItIntoTheConversation() throws Exception {
        awaitConnections(1);
        sim().pushBotMessage(CLIENT_ID, BotMessage.text("report please").from("boss1", "老板")).awaitAck(TIMEOUT);
        ApiCall sent = sim().apiCalls("/v1.0/robot/oToMessages/batchSend").get(0);
        assertEquals("sampleFile", sent.body().get("msgKey").asText());
        String mediaId = Json.parseNested(sent.body().get("msgParam").asText()).get("mediaId").asText();
        UploadedMedia uploaded = sim().uploadedMedia(mediaId).orElseThrow();
        assertArrayEquals(REPORT, uploaded.content());
        assertEquals("report.pdf", uploaded.fileName());
        assertEquals("file", uploaded.type());
        assertTrue(sim().botReplies().isEmpty(), "the route answered through the producer");
    }

    @Test
    void theTypeFollowsTheFileNameAndAnExpiredTokenIsRefreshed() {
        Exchange image = template.request("direct:upload", e -> {
            e.getMessage().setBody(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            e.getMessage().setHeader(Exchange.FILE_NAME, "chart.png");
        });
        DingTalkMediaResult result = image.getMessage().getBody(DingTalkMediaResult.class);
        assertEquals("image", result.type());
        assertEquals(result.mediaId(), image.getMessage().getHeader(DingTalkStreamConstants.MEDIA_ID));

        sim().expireAccessTokens();
        template.request("direct:upload", e -> {
            e.getMessage().setBody("hello");
            e.getMessage().setHeader(Exchange.FILE_NAME, "note.txt");
        });
        assertEquals(2, sim().apiCalls("/v1.0/oauth2/accessToken").size(), "40014 refreshed the token once");
        assertEquals(3, sim().apiCalls("/media/upload").size());
        assertTrue(sim().apiCalls("/media/upload").stream().noneMatch(c -> c.query().contains(c.accessToken())),
                "the recorded query does not repeat the token");
    }
}
