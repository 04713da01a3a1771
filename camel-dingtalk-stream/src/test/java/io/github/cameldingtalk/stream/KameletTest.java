package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.BotMessage;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** The dingtalk-stream-source Kamelet shipped in the jar: found on the classpath, its sink's output is the reply. */
class KameletTest extends DingTalkStreamTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:dingtalk-stream-source?topic=bot&clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET
                        + ")&apiUrl=" + sim().apiUrl()).routeId("from-kamelet")
                        .setBody(simple("Kamelet says: ${body.text}"));
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
}
