package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.BotMessage;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * The Kamelets shipped in the jar, found on the classpath: the source's sink output is the reply; the sink sends the
 * body to a group or to users, as text or markdown.
 */
class KameletTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:dingtalk-stream-source?topic=bot&clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET
                        + ")&apiUrl=" + sim().apiUrl()).routeId("from-kamelet")
                        .setBody(simple("Kamelet says: ${body.text}"));
                from("direct:to-users").routeId("to-users")
                        .to("kamelet:dingtalk-stream-sink?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET
                                + ")&apiUrl=" + sim().apiUrl() + "&userIds=zhangsan,lisi");
                from("direct:to-group").routeId("to-group")
                        .to("kamelet:dingtalk-stream-sink?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET
                                + ")&apiUrl=" + sim().apiUrl() + "&openConversationId=cidTeam=="
                                + "&messageType=markdown&markdownTitle=Release");
            }
        };
    }

    @Test
    void aRouteFromTheKameletAnswersBotMessages() throws Exception {
        awaitConnections(1);
        assertEquals(200, sim().pushBotMessage(CLIENT_ID, BotMessage.text("你好")).awaitAck(TIMEOUT).code());
        await().atMost(TIMEOUT).until(() -> !sim().botReplies().isEmpty());
        assertEquals("Kamelet says: 你好", sim().botReplies().get(0).text());
    }

    @Test
    void theSinkKameletSendsTextToUsersAndMarkdownToAGroup() throws Exception {
        template.sendBody("direct:to-users", "the build is green");
        var toUsers = sim().apiCalls("/v1.0/robot/oToMessages/batchSend");
        assertEquals(1, toUsers.size());
        assertEquals("sampleText", toUsers.get(0).body().get("msgKey").asText());
        assertEquals("[\"zhangsan\",\"lisi\"]", toUsers.get(0).body().get("userIds").toString());
        assertEquals("{\"content\":\"the build is green\"}", toUsers.get(0).body().get("msgParam").asText());

        template.sendBody("direct:to-group", "**1.0** is out");
        var toGroup = sim().apiCalls("/v1.0/robot/groupMessages/send");
        assertEquals(1, toGroup.size());
        assertEquals("cidTeam==", toGroup.get(0).body().get("openConversationId").asText());
        assertEquals("sampleMarkdown", toGroup.get(0).body().get("msgKey").asText());
        var param = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                toGroup.get(0).body().get("msgParam").asText());
        assertEquals("Release", param.get("title").asText());
        assertEquals("**1.0** is out", param.get("text").asText());
    }
}
