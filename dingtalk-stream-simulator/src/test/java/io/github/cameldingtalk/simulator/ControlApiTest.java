package io.github.cameldingtalk.simulator;

import static io.github.cameldingtalk.simulator.TestStreamClient.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** Drives the simulator only through its HTTP control API, as curl or a test in another language would. */
@org.junit.jupiter.api.extension.ExtendWith(DingTalkSimulatorExtension.class)
class ControlApiTest {

    @Test
    void everythingTheJavaApiDoesOverHttp(DingTalkSimulator sim) throws Exception {
        assertEquals(200, post(sim, "/_sim/apps", "{\"clientId\":\"web\",\"clientSecret\":\"pw\"}").get("status").asInt());
        try (TestStreamClient client = TestStreamClient.connect(sim, "web", "pw")) {
            JsonNode state = get(sim, "/_sim/state");
            assertEquals(sim.gatewayUrl(), state.get("gatewayUrl").asText());
            assertEquals(client.connectionId, get(sim, "/_sim/connections").get(0).get("id").asText());
            assertEquals("test-client/1.0", get(sim, "/_sim/open-requests").get(0).get("ua").asText());

            JsonNode pushed = post(sim, "/_sim/push/bot",
                    "{\"clientId\":\"web\",\"text\":\"hello\",\"group\":\"team\",\"senderStaffId\":\"s1\"}").get("body");
            String messageId = pushed.get("messageId").asText();
            JsonNode frame = client.nextApplicationFrame();
            assertEquals(messageId, frame.get("headers").get("messageId").asText());
            String webhook = TestStreamClient.MAPPER.readTree(frame.get("data").asText()).get("sessionWebhook").asText();
            post(sim, webhook.substring(sim.apiUrl().length()), "{\"msgtype\":\"text\",\"text\":{\"content\":\"reply\"}}");
            client.ack(frame, 200, "{\"response\":null}");
            await().until(() -> get(sim, "/_sim/messages/" + messageId).get("acks").size() == 1);
            assertEquals(200, get(sim, "/_sim/acks").get(0).get("code").asInt());
            assertEquals("reply", get(sim, "/_sim/replies").get(0).get("text").asText());

            for (String kind : new String[] {"picture", "richText", "audio", "video", "file"}) {
                post(sim, "/_sim/push/bot", "{\"clientId\":\"web\",\"msgtype\":\"" + kind + "\"}");
                JsonNode data = TestStreamClient.MAPPER.readTree(client.nextApplicationFrame().get("data").asText());
                assertEquals(kind, data.get("msgtype").asText());
            }
            post(sim, "/_sim/push/card", "{\"clientId\":\"web\",\"outTrackId\":\"c1\",\"params\":{\"a\":\"b\"}}");
            assertTrue(client.nextApplicationFrame().get("data").asText().contains("c1"));
            post(sim, "/_sim/push/event", "{\"clientId\":\"web\",\"eventType\":\"chat_update_title\",\"data\":{\"title\":\"t\"}}");
            assertEquals("chat_update_title", client.nextApplicationFrame().get("headers").get("eventType").asText());
            String dup = post(sim, "/_sim/push/event", "{\"clientId\":\"web\",\"eventType\":\"x\"}").get("body")
                    .get("messageId").asText();
            client.nextApplicationFrame();
            post(sim, "/_sim/messages/" + dup + "/duplicate", "");
            assertEquals(dup, client.nextApplicationFrame().get("headers").get("messageId").asText());

            String conn = "/_sim/connections/" + client.connectionId;
            post(sim, conn + "/ping", "");
            assertEquals("ping", client.nextFrame().get("headers").get("topic").asText());
            post(sim, conn + "/malformed", "{\"kind\":\"not-json\"}");
            await().until(() -> client.rawTexts.contains("this is not {json"));
            client.send("garbage");
            await().until(() -> get(sim, "/_sim/violations").size() == 1);
            assertEquals("MALFORMED_ACK", get(sim, "/_sim/violations").get(0).get("kind").asText());

            assertEquals(200, post(sim, "/_sim/faults/fail-open", "{\"count\":1,\"status\":503}").get("status").asInt());
            assertEquals(503, TestStreamClient.open(sim, "web", "pw").get("status").asInt());
            assertEquals(200, post(sim, "/_sim/faults/slow-handshake", "{\"count\":0,\"delayMs\":1}").get("status").asInt());
            post(sim, "/_sim/sessions/expire", "");
            post(sim, "/_sim/tokens/expire", "");

            post(sim, conn + "/disconnect", "{\"reason\":\"connection is expired\"}");
            assertEquals("disconnect", client.nextFrame().get("headers").get("topic").asText());
            post(sim, conn + "/abort", "");
            client.failure.get(5, TimeUnit.SECONDS);

            assertEquals(200, post(sim, "/_sim/reset", "").get("status").asInt());
            assertEquals(0, get(sim, "/_sim/acks").size());
        }
    }

    @Test
    void badControlCallsGetClearErrors(DingTalkSimulator sim) throws Exception {
        assertEquals(400, post(sim, "/_sim/apps", "{\"clientId\":\"x\"}").get("status").asInt());
        assertEquals(400, post(sim, "/_sim/push/bot", "not json").get("status").asInt());
        assertEquals(400, post(sim, "/_sim/push/nothing", "{\"clientId\":\"x\"}").get("status").asInt());
        assertEquals(400, post(sim, "/_sim/push/bot", "{\"clientId\":\"x\",\"msgtype\":\"hologram\"}").get("status").asInt());
        assertEquals(404, post(sim, "/_sim/connections/nope/ping", "").get("status").asInt());
        assertEquals(404, post(sim, "/_sim/unknown", "").get("status").asInt());
        assertEquals(404, get(sim, "/_sim/messages/nope").get("status").asInt());
        JsonNode error = post(sim, "/_sim/faults/explode", "{}");
        assertEquals(400, error.get("status").asInt());
        assertTrue(error.get("body").get("message").asText().contains("fail-open"));
        assertEquals(0, get(sim, "/_sim/state").get("violations").asInt());
    }

    private static JsonNode get(DingTalkSimulator sim, String path) throws Exception {
        JsonNode answer = TestStreamClient.call(sim, new Request.Builder().url(sim.apiUrl() + path).get().build());
        return answer.get("status").asInt() == 200 ? answer.get("body") : answer;
    }
}
