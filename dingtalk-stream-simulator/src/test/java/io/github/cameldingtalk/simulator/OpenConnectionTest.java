package io.github.cameldingtalk.simulator;

import static io.github.cameldingtalk.simulator.TestStreamClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenConnectionTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "s3cret");

    private static final String OPEN = "/v1.0/gateway/connections/open";

    @Test
    void handsOutEndpointAndTicketAndRecordsTheRequest(DingTalkSimulator sim) throws Exception {
        JsonNode answer = TestStreamClient.open(sim, "dingapp", "s3cret", DingTalkSimulator.BOT_TOPIC);

        assertEquals(200, answer.get("status").asInt());
        String endpoint = answer.get("body").get("endpoint").asText();
        assertTrue(endpoint.matches("ws://127\\.0\\.0\\.1:\\d+/connect"), endpoint);
        assertFalse(answer.get("body").get("ticket").asText().isEmpty());

        OpenRequest request = sim.openRequests().get(0);
        assertEquals("dingapp", request.clientId());
        assertEquals("test-client/1.0", request.ua());
        assertEquals("127.0.0.1", request.localIp());
        assertEquals(2, request.subscriptions().size());
        assertTrue(request.subscriptions().contains(new OpenRequest.Subscription("CALLBACK", DingTalkSimulator.BOT_TOPIC)));
        assertTrue(request.ticketIssued());
    }

    @Test
    void wrongOrUnknownCredentialsGet401AuthFailed(DingTalkSimulator sim) throws Exception {
        for (JsonNode answer : new JsonNode[] {
                TestStreamClient.open(sim, "dingapp", "wrong"), TestStreamClient.open(sim, "nobody", "s3cret")}) {
            assertEquals(401, answer.get("status").asInt());
            assertEquals("authFailed", answer.get("body").get("code").asText());
            assertNotNull(answer.get("body").get("requestid"));
            assertNotNull(answer.get("body").get("message"));
        }
        assertEquals(2, sim.openRequests().stream().filter(r -> r.status() == 401).count());
    }

    @Test
    void malformedBodiesGet400Json(DingTalkSimulator sim) throws Exception {
        String[] bodies = {
            "{not json", "[]", "\"text\"",
            "{\"clientSecret\":\"s3cret\",\"subscriptions\":[{\"type\":\"EVENT\",\"topic\":\"*\"}]}",
            "{\"clientId\":\"dingapp\",\"subscriptions\":[{\"type\":\"EVENT\",\"topic\":\"*\"}]}",
            "{\"clientId\":\"dingapp\",\"clientSecret\":\"s3cret\"}",
            "{\"clientId\":\"dingapp\",\"clientSecret\":\"s3cret\",\"subscriptions\":[{\"type\":\"NOPE\",\"topic\":\"x\"}]}",
            "{\"clientId\":\"dingapp\",\"clientSecret\":\"s3cret\",\"subscriptions\":[{\"type\":\"EVENT\",\"topic\":\"user_add_org\"}]}",
            "{\"clientId\":\"dingapp\",\"clientSecret\":\"s3cret\",\"subscriptions\":[{\"type\":\"EVENT\",\"topic\":\"*\"}],\"extras\":[1]}"
        };
        for (String body : bodies) {
            JsonNode answer = post(sim, OPEN, body);
            assertEquals(400, answer.get("status").asInt(), body);
            assertNotNull(answer.get("body").get("code"), body);
            assertNotNull(answer.get("body").get("message"), body);
        }
        // and it still works afterwards
        assertEquals(200, TestStreamClient.open(sim, "dingapp", "s3cret").get("status").asInt());
    }

    @Test
    void toleratesSystemSubscriptionsNullExtrasAndEmptyUa(DingTalkSimulator sim) throws Exception {
        JsonNode answer = post(sim, OPEN, "{\"clientId\":\"dingapp\",\"clientSecret\":\"s3cret\",\"ua\":\"\","
                + "\"extras\":null,\"subscriptions\":[{\"type\":\"SYSTEM\",\"topic\":\"ping\"},"
                + "{\"type\":\"SYSTEM\",\"topic\":\"disconnect\"},{\"type\":\"EVENT\",\"topic\":\"*\"}]}");
        assertEquals(200, answer.get("status").asInt());
        assertEquals(3, sim.openRequests().get(0).subscriptions().size());
    }

    @Test
    void failsTheNextOpenCallsOnDemand(DingTalkSimulator sim) throws Exception {
        sim.failNextOpens(2, 503);
        assertEquals(503, TestStreamClient.open(sim, "dingapp", "s3cret").get("status").asInt());
        assertEquals(503, TestStreamClient.open(sim, "dingapp", "s3cret").get("status").asInt());
        assertEquals(200, TestStreamClient.open(sim, "dingapp", "s3cret").get("status").asInt());
    }

    @Test
    void recordsAcceptAndUserAgentHeadersAndRefusesOtherMethods(DingTalkSimulator sim) throws Exception {
        TestStreamClient.call(sim, new Request.Builder().url(sim.apiUrl() + OPEN)
                .header("Accept", "application/json").header("User-Agent", "ua-test")
                .post(okhttp3.RequestBody.create("{}", TestStreamClient.JSON)).build());
        assertEquals("application/json", sim.openRequests().get(0).accept());
        assertEquals("ua-test", sim.openRequests().get(0).userAgent());
        JsonNode get = TestStreamClient.call(sim, new Request.Builder().url(sim.apiUrl() + OPEN).get().build());
        assertEquals(405, get.get("status").asInt());
    }
}
