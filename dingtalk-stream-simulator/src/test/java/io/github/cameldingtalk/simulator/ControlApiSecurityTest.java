package io.github.cameldingtalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A simulator left running on a developer's machine: a web page the developer opens cannot drive its control API
 * (no token, another origin, a form post, a rebound host name), while the console and scripts with the token can.
 */
class ControlApiSecurityTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingsafe", "safe-secret");

    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
    private static final String PUSH = "{\"clientId\":\"dingsafe\",\"text\":\"from a web page\"}";

    private static int status(Request request) throws Exception {
        try (Response response = HTTP.newCall(request).execute()) {
            return response.code();
        }
    }

    private static Request.Builder push(DingTalkSimulator sim, String body, String contentType) {
        return new Request.Builder().url(sim.apiUrl() + "/_sim/push/bot")
                .post(RequestBody.create(body, MediaType.get(contentType)));
    }

    @Test
    void aRequestWithoutTheRunsTokenIsRefusedAndChangesNothing(DingTalkSimulator sim) throws Exception {
        int pushed = sim.deliveries().size();
        assertEquals(401, status(push(sim, PUSH, "application/json").build()));
        assertEquals(401, status(push(sim, PUSH, "application/json").header("X-Sim-Token", "guess").build()));
        assertEquals(401, status(new Request.Builder().url(sim.apiUrl() + "/_sim/apps")
                .post(RequestBody.create("{\"clientId\":\"dingsafe\",\"clientSecret\":\"stolen\"}",
                        MediaType.get("application/json"))).build()));
        assertEquals(401, status(new Request.Builder().url(sim.apiUrl() + "/_sim/api-calls").build()));
        assertEquals(401, status(new Request.Builder().url(sim.apiUrl() + "/_sim/feed").build()));
        assertEquals(pushed, sim.deliveries().size(), "nothing was pushed");
        assertEquals(200, status(new Request.Builder().url(sim.apiUrl() + "/v1.0/gateway/connections/open")
                .post(RequestBody.create("{\"clientId\":\"dingsafe\",\"clientSecret\":\"safe-secret\","
                        + "\"subscriptions\":[{\"type\":\"CALLBACK\",\"topic\":\"/v1.0/im/bot/messages/get\"}]}",
                        MediaType.get("application/json"))).build()), "DingTalk's own API needs no control token");
    }

    @Test
    void anotherOriginAFormPostOrAReboundHostAreRefusedEvenWithTheToken(DingTalkSimulator sim) throws Exception {
        int pushed = sim.deliveries().size();
        String token = sim.controlToken();
        assertEquals(403, status(push(sim, PUSH, "application/json").header("X-Sim-Token", token)
                .header("Origin", "https://evil.example").build()));
        assertEquals(415, status(push(sim, PUSH, "text/plain").header("X-Sim-Token", token).build()));
        assertEquals(415, status(push(sim, "clientId=dingsafe&text=hi", "application/x-www-form-urlencoded")
                .header("X-Sim-Token", token).build()));
        assertEquals(403, status(push(sim, PUSH, "application/json").header("X-Sim-Token", token)
                .header("Host", "evil.example").build()));
        assertEquals(pushed, sim.deliveries().size(), "nothing was pushed");
    }

    @Test
    void theTokenOpensTheControlApiAndTheConsolesFeed(DingTalkSimulator sim) throws Exception {
        String origin = sim.apiUrl();
        int pushed = sim.deliveries().size();
        assertEquals(200, status(push(sim, PUSH, "application/json; charset=utf-8")
                .header("X-Sim-Token", dingtalk.controlToken()).header("Origin", origin).build()));
        assertEquals(pushed + 1, sim.deliveries().size());
        assertEquals(200, status(new Request.Builder().url(sim.apiUrl() + "/_sim/state")
                .header("Authorization", "Bearer " + sim.controlToken()).build()), "a bearer token works too");
        try (Response feed = HTTP.newCall(new Request.Builder()
                .url(sim.apiUrl() + "/_sim/feed?token=" + sim.controlToken()).build()).execute()) {
            assertEquals(200, feed.code(), "the console's EventSource sends the token in the query");
        }
        assertTrue(sim.consoleUrl().endsWith("/#token=" + sim.controlToken()),
                "the console's URL carries the token where no server sees it");
    }

    @Test
    void aTokenChosenInTheOptionsIsTheOneRequired() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults().controlToken("dev-token")
                .redeliveryTimeout(Duration.ofSeconds(5)))) {
            sim.registerApp("dingsafe", "safe-secret");
            assertEquals("dev-token", sim.controlToken());
            assertEquals(200, status(push(sim, PUSH, "application/json").header("X-Sim-Token", "dev-token").build()));
        }
    }
}
